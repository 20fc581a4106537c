-- Events the allocator makes besides decisions — requests passed on to the next pool of a
-- citizen's list, cancellations — written in the batch's transaction and published afterwards.
create table allocator_outbox (
    id            bigint generated always as identity primary key,
    topic         text not null,
    event_key     text not null,
    payload       text not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index allocator_outbox_unpublished on allocator_outbox (id) where published_at is null;
