-- The waiting room. Tickets are signed and carry their own place in the queue, so the server keeps
-- no row per ticket: only one row per release (counters, serving position, admission figures), the
-- history of serving advances, and the few things that must be remembered once (spent proof-of-work
-- challenges, invitation codes that hold a place, used admissions).

-- One row per release whose queue somebody joined. Joins before the seal draw lottery numbers
-- (lottery_drawn); sealing at opening fixes the pre-queue size, and later joins are first come first
-- served (fifo_joined). Positions 1..lottery_drawn are a keyed permutation of the lottery numbers
-- (see booking-api README, "Shuffle"), positions after them follow join order.
create table waiting_room (
    release_id             bigint primary key references release (id),
    -- Secret until the seal; shown to anyone afterwards so that the shuffle can be recomputed.
    shuffle_seed           bytea not null check (length(shuffle_seed) = 32),
    -- SHA-256 of the seed, public from the first join on: the seed cannot be swapped later.
    seed_commitment        text not null check (seed_commitment ~ '^[0-9a-f]{64}$'),
    sealed_at              timestamptz,
    lottery_drawn          bigint not null default 0 check (lottery_drawn >= 0),
    fifo_joined            bigint not null default 0 check (fifo_joined >= 0),
    -- Every position up to and including this one is admitted.
    serving                bigint not null default 0 check (serving >= 0),
    advanced_at            timestamptz,
    -- What the admitting instance last counted, so that every instance can show it without a query.
    free_slots             int,
    slot_count             int,
    in_flight              int,
    claims                 int,
    held_by                text,
    stats_at               timestamptz,
    sold_out_at            timestamptz,
    -- Operator settings; null means the configured default.
    pow_difficulty         int check (pow_difficulty between 0 and 30),
    max_admission_rate     int check (max_admission_rate between 0 and 100000),
    admission_ttl_seconds  int check (admission_ttl_seconds between 5 and 86400),
    created_at             timestamptz not null default now(),
    check (serving <= lottery_drawn + fifo_joined)
);

-- Each advance of a serving position, in order. It tells every instance when a position was
-- admitted (its booking token expires a fixed time later) and is the record of who got in when.
create table admission_step (
    id          bigint generated always as identity primary key,
    release_id  bigint not null references release (id),
    serving     bigint not null,
    at          timestamptz not null default now(),
    unique (release_id, serving)
);
create index admission_step_by_time on admission_step (release_id, at);

-- The one booking-api instance that advances serving positions, for a short lease it renews.
create table waiting_room_leader (
    singleton    boolean primary key default true check (singleton),
    instance     text not null,
    lease_until  timestamptz not null
);

-- Solved proof-of-work challenges, so one solution buys one ticket. Unlogged: after a database
-- crash a challenge younger than its two-minute lifetime could be replayed once, which is harmless.
create unlogged table waiting_room_challenge (
    nonce       text primary key,
    expires_at  timestamptz not null
);

-- An invitation code holds one place: joining again with it returns the same place.
create table waiting_room_invitation (
    release_id  bigint not null references release (id),
    code_hash   text not null check (code_hash ~ '^[0-9a-f]{64}$'),
    lottery     boolean not null,
    number      bigint not null,
    primary key (release_id, code_hash)
);

-- The admitted position a request was made with: one request per admission.
alter table booking_request add column admission_position bigint check (admission_position > 0);
create unique index booking_request_admission_once on booking_request (release_id, admission_position)
    where admission_position is not null;
-- The admission controller counts a release's undecided requests twice a second. Deliberately no
-- index that mentions outcome (not even in a predicate), so recording a decision stays a HOT update.
create index booking_request_by_release on booking_request (release_id);

-- People who want to hear when slots of a sold-out release are freed, or about the next release in
-- its district. Double opt-in: the notifier mails the confirm link for PENDING rows whose
-- confirmation_sent_at is null and sets it; the citizen's click on the link confirms the row (a second
-- click changes nothing). Unconfirmed rows are deleted after a few days; unsubscribing deletes the row.
create table waitlist_entry (
    id                    uuid primary key,
    release_id            bigint not null references release (id),
    district              text not null,
    email                 text not null check (length(email) between 3 and 254),
    language              text not null check (language in ('de', 'en')),
    state                 text not null check (state in ('PENDING', 'CONFIRMED')),
    confirm_token         text unique,
    requested_at          timestamptz not null default now(),
    confirmation_sent_at  timestamptz,
    confirmed_at          timestamptz,
    check ((state = 'CONFIRMED') = (confirmed_at is not null))
);
create unique index waitlist_entry_once on waitlist_entry (release_id, lower(email));
create index waitlist_entry_to_mail on waitlist_entry (requested_at) where state = 'PENDING' and confirmation_sent_at is null;
