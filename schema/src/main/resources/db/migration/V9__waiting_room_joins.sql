-- When each waiting-room ticket was issued: the attendance record staff, an assembly or an audit ask
-- for (joined, admitted, booked or left). A ticket is a number of the release's counter (a lottery
-- number before opening, a position after it); nothing here names a person.
create table waiting_room_join (
    release_id  bigint not null references release (id),
    lottery     boolean not null,
    number      bigint not null check (number > 0),
    joined_at   timestamptz not null default now(),
    primary key (release_id, lottery, number)
);
