-- The allocator's outbox at batch granularity: one row per committed batch instead of a second
-- write to every decided request. Marking 5,000 decisions published is now one row update.
create table decision_batch (
    id            bigint generated always as identity primary key,
    request_ids   uuid[] not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index decision_batch_unpublished on decision_batch (id) where published_at is null;

drop index booking_request_decision_outbox;
alter table booking_request drop column decision_published_at;
-- Room on each page, so recording a decision is a HOT update that touches no index.
alter table booking_request set (fillfactor = 70);
