-- The core schema shared by booking-api (calendar, requests), slot-allocator (claims) and notifier.
-- Constraints here are the backstop: no slot booked twice, no person booked twice in a release,
-- whatever the application believes.

create table site (
    id          bigint generated always as identity primary key,
    code        text not null unique check (code ~ '^[A-Za-z0-9-]{2,32}$'),
    name        text not null check (length(name) between 1 and 200),
    address     text not null check (length(address) between 1 and 500),
    district    text not null check (length(district) between 1 and 100),
    time_zone   text not null,
    created_at  timestamptz not null default now()
);

-- Opening hours per weekday (1 = Monday) or for one date; slots are generated from these rows.
create table site_capacity (
    id            bigint generated always as identity primary key,
    site_id       bigint not null references site (id),
    weekday       smallint check (weekday between 1 and 7),
    on_date       date,
    opens         time not null,
    closes        time not null,
    slot_minutes  int not null check (slot_minutes between 1 and 480),
    lanes         int not null check (lanes between 1 and 1000),
    check ((weekday is null) <> (on_date is null)),
    check (opens < closes)
);

create table release (
    id                bigint generated always as identity primary key,
    name              text not null check (length(name) between 1 and 200),
    district          text not null,
    state             text not null check (state in ('DRAFT', 'ANNOUNCED', 'OPEN', 'PAUSED', 'CLOSED', 'SOLD_OUT')),
    opens_at          timestamptz not null,
    closes_at         timestamptz,
    prequeue_minutes  int not null default 0 check (prequeue_minutes >= 0),
    expected_demand   int check (expected_demand >= 0),
    per_person_limit  int not null default 1 check (per_person_limit = 1),
    created_by        text not null,
    created_at        timestamptz not null default now(),
    check (closes_at is null or closes_at > opens_at)
);

-- Who changed a release's state, and when.
create table release_transition (
    id          bigint generated always as identity primary key,
    release_id  bigint not null references release (id),
    from_state  text,
    to_state    text not null,
    actor       text not null,
    at          timestamptz not null default now()
);

-- pool_key is '<site id>@<local day>': the Kafka key that gives every pool a single writer.
create table slot (
    id          bigint generated always as identity primary key,
    site_id     bigint not null references site (id),
    release_id  bigint references release (id),
    pool_key    text not null,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    lane        int not null check (lane >= 1),
    state       text not null default 'FREE' check (state in ('FREE', 'BOOKED', 'BLOCKED')),
    unique (site_id, starts_at, lane),
    check (ends_at > starts_at)
);
create index slot_free_by_pool on slot (pool_key, release_id, starts_at) where state = 'FREE';
create index slot_by_release on slot (release_id);

-- One row per accepted request: the request, the contact it needs, and its one final decision.
-- Decisions not yet published to Kafka (decision_published_at is null) are the allocator's outbox.
create table booking_request (
    id                     uuid primary key,
    release_id             bigint not null references release (id),
    pool_key               text not null,
    kind                   text not null check (kind in ('SPECIFIC_SLOT', 'EARLIEST_IN_POOL')),
    wanted_slot_id         bigint,
    person_key             text not null,
    display_name           text not null,
    email                  text not null,
    language               text not null check (language in ('de', 'en')),
    accepted_at            timestamptz not null default now(),
    published_at           timestamptz,
    outcome                text check (outcome in ('CONFIRMED', 'REJECTED')),
    reason                 text,
    booking_code           text,
    booked_slot_id         bigint,
    decided_at             timestamptz,
    decision_published_at  timestamptz,
    check ((outcome is null) = (decided_at is null))
);
create index booking_request_unpublished on booking_request (accepted_at) where published_at is null;
create index booking_request_decision_outbox on booking_request (decided_at)
    where outcome is not null and decision_published_at is null;

-- The single point for "one booking per person per release" across pools and allocators:
-- taken when booking-api accepts a request, before any allocator sees it.
create table person_release (
    release_id  bigint not null references release (id),
    person_key  text not null,
    request_id  uuid not null,
    primary key (release_id, person_key)
);

create table booking (
    id          bigint generated always as identity primary key,
    code        text not null unique,
    request_id  uuid not null unique references booking_request (id),
    release_id  bigint not null references release (id),
    slot_id     bigint not null references slot (id),
    person_key  text not null,
    state       text not null default 'CONFIRMED' check (state in ('CONFIRMED', 'CANCELLED')),
    created_at  timestamptz not null default now()
);
-- A cancelled booking frees its slot and its person for a new booking; a live one never shares either.
create unique index booking_slot_once on booking (slot_id) where state = 'CONFIRMED';
create unique index booking_person_once_per_release on booking (release_id, person_key) where state = 'CONFIRMED';

-- Kafka offsets stored in the same transaction as the decisions they cover, so a crash or a
-- rebalance replays exactly what was not committed.
create table consumer_offset (
    consumer_group  text not null,
    topic           text not null,
    partition       int not null,
    next_offset     bigint not null,
    primary key (consumer_group, topic, partition)
);

-- Notifier: one row per message it must send exactly once.
create table notification (
    message_key  text primary key,
    request_id   uuid not null,
    kind         text not null,
    message_id   text not null,
    state        text not null check (state in ('SENDING', 'SENT')),
    attempts     int not null default 0,
    created_at   timestamptz not null default now(),
    sent_at      timestamptz
);
