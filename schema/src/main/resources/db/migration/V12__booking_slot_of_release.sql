-- One foreign key for a booking's slot and release instead of one each: it proves the slot belongs to
-- the booking's release (which the two keys did not), and through the slot's own key that the release
-- exists. A batch of bookings no longer takes a share lock on its release row once per booking: two
-- allocator transactions deciding pools of the same release side by side had to share that lock, and
-- sharing a row lock costs PostgreSQL a multixact lookup per row (docs/benchmarks.md).
alter table slot add constraint slot_id_release_id_key unique (id, release_id);
alter table booking add constraint booking_slot_of_release_fkey
    foreign key (slot_id, release_id) references slot (id, release_id);
alter table booking drop constraint booking_slot_id_fkey;
alter table booking drop constraint booking_release_id_fkey;
