\timing on
begin;
insert into booking (code, request_id, release_id, slot_id, person_key)
  select 'C'||g, md5(g::text)::uuid, 1, g+1, 'p'||g from generate_series(:lo, :lo+4999) g on conflict do nothing returning request_id \g /dev/null
update slot set state='BOOKED' where id = any(array(select g+1 from generate_series(:lo, :lo+4999) g));
update booking_request r set outcome='CONFIRMED', booking_code='C'||g, booked_slot_id=g+1, decided_at=now() from generate_series(:lo,:lo+4999) g where r.id = md5(g::text)::uuid and r.outcome is null;
commit;
