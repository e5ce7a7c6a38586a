-- A lead may ask for another attempt of a failed rollback: the rollback row runs it afresh, and the earlier attempts'
-- step rows are kept here, as they were, for the record.
alter table rollback add column attempt int not null default 1;

create table rollback_step_earlier (
    incident_id uuid        not null references rollback (incident_id),
    attempt     int         not null,
    step        text        not null,
    status      text        not null,
    outputs     jsonb       not null,
    started_at  timestamptz not null,
    finished_at timestamptz,
    primary key (incident_id, attempt, step)
);
