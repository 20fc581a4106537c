-- Notifier: offers of freed slots to the confirmed waitlist of a sold-out release.

-- When an entry was last offered a slot, so that a run of cancellations does not mail the same people
-- for every freed slot (sluice.notifier.waitlist.offer-interval).
alter table waitlist_entry add column offered_at timestamptz;
-- The confirmed waitlist of a release, first confirmed first.
create index waitlist_entry_confirmed on waitlist_entry (release_id, confirmed_at) where state = 'CONFIRMED';

-- One row per SlotsFreed event the notifier handled (its processed-message record), written in the same
-- transaction as the entries it chose and their offered_at: a redelivered or replayed event finds its
-- offer and mails the same entries (each once, by the notification record), never a second set.
create table waitlist_offer (
    offer_id        uuid primary key,
    release_id      bigint not null references release (id),
    freed_slots     int not null,
    slot_starts_at  timestamptz,
    pool_key        text,
    created_at      timestamptz not null default now()
);

create table waitlist_offer_recipient (
    offer_id  uuid not null references waitlist_offer (offer_id) on delete cascade,
    entry_id  uuid not null references waitlist_entry (id) on delete cascade,
    primary key (offer_id, entry_id)
);
