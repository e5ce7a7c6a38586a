-- The event store: append-only. Every event of every Rewind topic lands in its incident's stream.
create table event_store (
    position       bigint generated always as identity primary key,  -- global order, for replay
    event_id       uuid        not null unique,                       -- idempotency
    stream_id      uuid        not null,                              -- the incident id
    stream_version int         not null,                              -- 1, 2, 3 ... within the stream
    type           text        not null,                              -- CloudEvents type
    source         text        not null,
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null default now(),
    data           jsonb       not null,
    constraint event_store_stream_version unique (stream_id, stream_version)  -- optimistic concurrency
);

-- Read model of incidents, updated in the same transaction as each append.
create table incident (
    id               uuid primary key,
    deployment       text        not null,
    version          text        not null,
    status           text        not null,
    tier             int         not null,
    opened_at        timestamptz not null,
    updated_at       timestamptz not null,
    stream_version   int         not null,
    acknowledged     boolean     not null default false
);
create unique index incident_one_open_per_deployment on incident (deployment) where status not in ('RESTORED', 'RESOLVED');
create index incident_by_status on incident (status);

-- Signal history per deployment and metric: what sustained-window rules are judged on; survives restarts.
create table signal_sample (
    id          bigint generated always as identity primary key,
    deployment  text             not null,
    metric      text             not null,
    value       double precision not null,
    observed_at timestamptz      not null,
    received_at timestamptz      not null default now(),
    incident_id uuid
);
create index signal_sample_lookup on signal_sample (deployment, metric, observed_at);
