-- Notifier: SMS numbers, who hears about releases, and what could not be delivered.

-- Optional, for SMS confirmations and reminders; E.164 so the gateway never has to guess a country.
alter table booking_request add column phone text check (phone ~ '^\+[1-9][0-9]{6,14}$');

-- Announcements go to staff and subscribers, who have no booking request.
alter table notification alter column request_id drop not null;
-- FAILED: the last retry gave up and the event went to the dead-letter topic; a replay claims it again.
alter table notification drop constraint notification_state_check;
alter table notification add constraint notification_state check (state in ('SENDING', 'SENT', 'FAILED'));
-- When the current attempt began: scheduled senders (reminders) take over a claim left by a crashed
-- instance only after a lease, so two running instances never send the same reminder at once.
alter table notification add column claimed_at timestamptz not null default now();
-- What went wrong last, without personal data (an exception type and an SMTP/HTTP status at most).
alter table notification add column last_error text;

-- Reminders look for appointments starting within the next day.
create index slot_by_start on slot (starts_at);

-- Provider staff of a site, told when a release with slots at their site is announced.
create table site_staff_contact (
    id            bigint generated always as identity primary key,
    site_id       bigint not null references site (id) on delete cascade,
    display_name  text not null check (length(display_name) between 1 and 200),
    email         text not null check (length(email) between 3 and 254),
    language      text not null default 'de' check (language in ('de', 'en')),
    created_at    timestamptz not null default now()
);
create unique index site_staff_contact_once on site_staff_contact (site_id, lower(email));

-- Citizens who want to hear about the next release in a district. Double opt-in: only CONFIRMED
-- rows receive announcements. Unsubscribing deletes the row; unconfirmed rows are deleted after a
-- few days (data minimisation).
create table district_subscription (
    id                 uuid primary key,
    district           text not null check (length(district) between 1 and 100),
    email              text not null check (length(email) between 3 and 254),
    language           text not null check (language in ('de', 'en')),
    state              text not null check (state in ('PENDING', 'CONFIRMED')),
    requested_at       timestamptz not null default now(),
    confirmation_sent  timestamptz,
    confirmed_at       timestamptz
);
create unique index district_subscription_once on district_subscription (district, lower(email));
create index district_subscription_confirmed on district_subscription (district) where state = 'CONFIRMED';

-- Events the notifier gave up on after its last retry, as staff see them. The same record also goes
-- to the topic '<source topic>-dead-letter'; a replay publishes the original bytes to the source topic
-- again, where the notifier's exactly-once record keeps already sent messages from going out twice.
create table dead_letter (
    id                bigint generated always as identity primary key,
    source_topic      text not null,
    source_partition  int not null,
    source_offset     bigint not null,
    event_key         text,
    payload           bytea,
    reason            text not null,
    state             text not null default 'OPEN' check (state in ('OPEN', 'REPLAYED')),
    dead_at           timestamptz not null default now(),
    replayed_at       timestamptz,
    replayed_by       text,
    unique (source_topic, source_partition, source_offset)
);
create index dead_letter_open on dead_letter (dead_at) where state = 'OPEN';
