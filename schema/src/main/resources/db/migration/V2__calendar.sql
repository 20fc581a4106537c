-- The calendar: release lifecycle, eligibility, invitations, and an outbox for calendar events.

-- Bumped whenever slots are added to or removed from a release, so that the allocator reloads
-- the pools it holds in memory before deciding the next request of that release.
alter table release add column slots_version int not null default 0;
alter table release add column announced_at timestamptz;

-- Eligibility: age band on the day of the appointment, priority groups, or invitation codes.
alter table release add column min_age int check (min_age between 0 and 150);
alter table release add column max_age int check (max_age between 0 and 150);
-- Comma-separated group codes, e.g. "care-staff,over-60".
alter table release add column priority_groups text check (priority_groups ~ '^[a-z0-9-]+(,[a-z0-9-]+)*$');
alter table release add column invitation_only boolean not null default false;
alter table release add constraint release_age_band check (min_age is null or max_age is null or min_age <= max_age);

-- Invitation codes are uploaded as SHA-256 hashes; the plain code never reaches the server's storage.
create table invitation (
    release_id  bigint not null references release (id),
    code_hash   text not null check (code_hash ~ '^[0-9a-f]{64}$'),
    request_id  uuid,
    primary key (release_id, code_hash)
);

-- Calendar events (announcements) written in the same transaction as the state change they report.
create table outbox_event (
    id            bigint generated always as identity primary key,
    topic         text not null,
    event_key     text not null,
    payload       text not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index outbox_event_unpublished on outbox_event (id) where published_at is null;

create index release_transition_by_release on release_transition (release_id, at);
create index release_by_state_and_opening on release (state, opens_at);
