-- Transactional outbox: a row is written in the same transaction as the state change it announces;
-- OutboxRelay publishes it to Kafka and stamps published_at.
create table outbox (
    id           bigint generated always as identity primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    record_key   text        not null,
    payload      bytea       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
