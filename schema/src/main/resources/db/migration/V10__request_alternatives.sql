-- The pools a request tries after its first one, kept so that a request published late by
-- booking-api's relay still carries them.
alter table booking_request add column alternative_pools text[]
    check (cardinality(alternative_pools) between 1 and 7);
