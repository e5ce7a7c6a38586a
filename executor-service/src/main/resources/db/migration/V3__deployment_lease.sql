-- One rollback at a time per deployment, across executor instances: the lease names the instance and the
-- rollback holding it; the holder renews it while it lives; an expired lease, or one whose rollback ended, is free.
create table deployment_lease (
    deployment  text        primary key,
    owner       text        not null,
    incident_id uuid        not null,
    expires_at  timestamptz not null
);

-- Step rows are versioned: a writer holding a stale row fails instead of overwriting a newer one.
alter table rollback_step add column version bigint not null default 0;
