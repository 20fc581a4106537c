-- Whether a release had a free slot left, asked when a cancellation frees one (waitlist offers on
-- sold-out releases only). Only free slots are in it, so booking a slot costs this index nothing.
create index slot_free_by_release on slot (release_id) where state = 'FREE';

-- A rebooking is a request of its own: it carries the holder's contact for the new confirmation
-- and gets one final decision like every other request.
alter table booking_request drop constraint booking_request_kind_check;
alter table booking_request add constraint booking_request_kind_check
    check (kind in ('SPECIFIC_SLOT', 'EARLIEST_IN_POOL', 'REBOOK'));
