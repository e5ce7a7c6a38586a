-- One row per authorized rollback (one per incident): what the executor was asked to do and where it stands.
create table rollback (
    incident_id    uuid primary key,
    deployment     text        not null,
    from_version   text        not null,
    target_version text,
    authorized_by  text        not null,
    status         text        not null,
    authorized_at  timestamptz not null,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
