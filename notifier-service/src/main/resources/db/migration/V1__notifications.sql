-- What the notifier knows of each incident, for the messages' wording.
create table incident_facts (
    incident_id    uuid primary key,
    deployment     text,
    version        text,
    target_version text,
    tier           integer,
    rule           text,
    evidence       text,
    description    text,
    origin         text,
    opened_at      timestamptz,
    authorized_by  text,
    impact         text,
    updated_at     timestamptz not null
);

-- One message to one recipient on one channel, for one event: the delivery key makes it happen once.
create table delivery (
    delivery_key    text primary key,          -- source event id / recipient / channel
    incident_id     uuid        not null,
    source_event_id uuid        not null,
    event_type      text        not null,
    recipient       text        not null,
    channel         text        not null,
    address         text        not null,
    pager_action    text,
    subject         text        not null,
    body            text        not null,
    fallbacks       text        not null default '',   -- the person's next channels, comma-separated
    status          text        not null,               -- PENDING, DELIVERED, FAILED
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    finished_at     timestamptz
);
create index delivery_due on delivery (next_attempt_at) where status = 'PENDING';
create index delivery_by_incident on delivery (incident_id, created_at);

-- Every attempt, successful or not.
create table delivery_attempt (
    delivery_key text        not null references delivery (delivery_key),
    attempt      integer     not null,
    started_at   timestamptz not null,
    duration_ms  bigint      not null,
    outcome      text        not null,               -- DELIVERED, RETRY, FAILED
    detail       text,
    primary key (delivery_key, attempt)
);
