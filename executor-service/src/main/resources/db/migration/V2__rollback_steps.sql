-- The executor's own record of each rollback, step by step: what resumes a rollback after a crash.
alter table rollback add column stamp text;
alter table rollback add column source_archive text;
alter table rollback add column broken_archive text;
alter table rollback add column validation_id uuid;
alter table rollback add column smoke_id uuid;
alter table rollback add column failure text;

create table rollback_step (
    incident_id uuid        not null references rollback (incident_id),
    step        text        not null,           -- "1.2", "2.3", ... or "phase:1" for a phase's start
    status      text        not null,           -- STARTED, WAITING, COMPLETED, FAILED
    outputs     jsonb       not null default '{}',
    started_at  timestamptz not null,
    finished_at timestamptz,
    primary key (incident_id, step)
);
create index rollback_validation on rollback (validation_id);
create index rollback_smoke on rollback (smoke_id);
