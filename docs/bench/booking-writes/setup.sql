truncate booking, booking_request, slot, release, site restart identity cascade;
insert into site (code,name,address,district,time_zone) select 'S'||g, 'n','a','d','Europe/Berlin' from generate_series(1,20) g;
insert into release (name,district,state,opens_at,created_by) values ('r','d','OPEN',now(),'x');
insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane)
  select 1+(g%20), 1, (1+(g%20))||'@2026-12-10', timestamptz '2026-12-10 08:00+01' + (g/20)*interval '1 min', timestamptz '2026-12-10 08:05+01' + (g/20)*interval '1 min', 1
  from generate_series(0,99999) g;
insert into booking_request (id, release_id, pool_key, kind, person_key, display_name, email, language)
  select md5(g::text)::uuid, 1, (1+(g%20))||'@2026-12-10', 'EARLIEST_IN_POOL', 'p'||g, 'n', 'e@x.de', 'de' from generate_series(0,99999) g;
vacuum analyze;
