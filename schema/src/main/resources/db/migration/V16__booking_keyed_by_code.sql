-- Under a stream of confirmations the bookings insert is most of the database's time (87 µs per booking in
-- the allocator benchmark, docs/benchmarks.md). Two parts of it protect nothing:
--
-- * The identity column `id`: no table and no query refers to it; a booking is found by its code, its
--   request or its slot. It cost a sequence step and a sixth index per booking. The code, unique already,
--   becomes the primary key.
-- * V14's check that each new booking's request exists: a primary-key lookup in `booking_request` per
--   booking, most of the statement trigger's cost. Every request reaches the allocator through Kafka after
--   booking-api has stored it, and requests are never deleted while booked (`request_kept_while_booked`
--   stays). `request_decision` does without the same check for the same reason (V15).
--
-- The slot check stays: it keeps the person-per-release rule honest (a slot of another release would dodge
-- it) and costs one slot lookup per booking.

alter table booking drop constraint booking_pkey;
alter table booking drop column id;
alter table booking drop constraint booking_code_key;
alter table booking add constraint booking_pkey primary key (code);

create or replace function booking_references_exist() returns trigger language plpgsql as $$
begin
    if exists (select 1 from new_bookings b left join slot s on s.id = b.slot_id and s.release_id = b.release_id
               where s.id is null) then
        raise exception 'a booking''s slot must exist and belong to the booking''s release'
            using errcode = 'foreign_key_violation', constraint = 'booking_slot_of_release';
    end if;
    return null;
end $$;
