-- Requests the allocator passes on to the next pool of a citizen's list because its own pool is
-- sold out; written in the batch's transaction and published afterwards, like decisions.
create table request_forward (
    id            bigint generated always as identity primary key,
    request_id    uuid not null,
    pool_key      text not null,
    payload       text not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index request_forward_unpublished on request_forward (id) where published_at is null;
