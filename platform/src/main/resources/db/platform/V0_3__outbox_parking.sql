-- A record the broker refuses for good (too large, a topic that does not exist, not authorized) is parked:
-- stamped with why, never sent again, and the rows behind it flow on.
alter table outbox add column parked_at timestamptz;
alter table outbox add column park_reason text;
drop index outbox_unpublished;
create index outbox_unpublished on outbox (id) where published_at is null and parked_at is null;
