-- When a request's name and contact were erased (by the citizen, or after the retention period).
alter table booking_request add column personal_data_erased_at timestamptz;
create index booking_request_to_erase on booking_request (accepted_at) where personal_data_erased_at is null;
