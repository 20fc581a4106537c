\timing on
begin;
insert into booking (code, request_id, release_id, slot_id, person_key)
  select 'C'||g, md5(g::text)::uuid, 1, g+1, 'p'||g from generate_series(:lo, :lo+4999) g on conflict do nothing returning request_id \g /dev/null
update slot set state='BOOKED' where id = any(array(select g+1 from generate_series(:lo, :lo+4999) g));
insert into request_decision (request_id, outcome, booking_code, booked_slot_id, decided_at)
  select md5(g::text)::uuid, 'CONFIRMED', 'C'||g, g+1, now() from generate_series(:lo, :lo+4999) g;
commit;
