-- A request's decision in a narrow table of its own instead of five columns of the request's row.
-- Recording a decision was an update of the wide request row: an index lookup, a new version of the
-- whole row (contact details and all) and its WAL. It is an insert of a short row now: about a third of
-- the cost on 5,000 decisions of one batch, measured in psql (docs/benchmarks.md). The primary key is
-- also the "one decision per request" rule the update's "where outcome is null" used to be.
--
-- No foreign key to booking_request: a key costs a lookup and a row lock per decision (the cost V14
-- took off the bookings). A decision goes when its request is deleted (the trigger below); a request
-- with a booking cannot be deleted (V14).
create table request_decision (
    request_id     uuid primary key,
    outcome        text not null check (outcome in ('CONFIRMED', 'REJECTED')),
    reason         text,
    booking_code   text,
    booked_slot_id bigint,
    decided_at     timestamptz not null
);

insert into request_decision (request_id, outcome, reason, booking_code, booked_slot_id, decided_at)
select id, outcome, reason, booking_code, booked_slot_id, decided_at from booking_request where outcome is not null;

alter table booking_request drop column outcome, drop column reason, drop column booking_code,
    drop column booked_slot_id, drop column decided_at;
-- The row no longer grows when its request is decided, so it needs no room on its page for that.
alter table booking_request set (fillfactor = 100);

create function decision_goes_with_request() returns trigger language plpgsql as $$
begin
    delete from request_decision where request_id = old.id;
    return old;
end $$;
create trigger decision_goes_with_request after delete on booking_request
    for each row execute function decision_goes_with_request();
