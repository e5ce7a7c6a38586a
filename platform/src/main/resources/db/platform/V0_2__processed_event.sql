-- Idempotent consumers: one row per (handler, event id), written in the same transaction as the effect.
create table processed_event (
    handler      text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (handler, event_id)
);
