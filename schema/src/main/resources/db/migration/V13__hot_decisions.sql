-- Booking a slot changes only its state, and recording a decision only columns no index holds. PostgreSQL
-- writes such an update as a HOT update (a new row version on the same page, no new entry in any index)
-- when no index depends on the changed columns and the page has room. A slot update was never HOT: state
-- sat in the predicates of the two free-slot indexes, so each booked slot added an entry to all seven of
-- slot's indexes. Measured on 5,000 bookings of one batch: the slot update took 125 ms, HOT 28 ms; the
-- request update 160 ms with fillfactor 70 (a third HOT, as the recorded decision makes the row longer),
-- about 100 ms with 40 (docs/benchmarks.md).
--
-- What the partial indexes served, the pool index now serves with state as a filter: a pool holds at most
-- a site's day of slots. "Is any slot of this release free" (a cancellation in a sold-out release) reads
-- the release's slots through slot_by_release until it finds one.
drop index slot_free_by_pool;
drop index slot_free_by_release;
create index slot_by_pool on slot (pool_key, release_id, starts_at);
alter table slot set (fillfactor = 50);
alter table booking_request set (fillfactor = 40);
