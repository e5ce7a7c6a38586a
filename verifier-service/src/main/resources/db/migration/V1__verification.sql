-- Every verification run: requested by the executor (incident set) or ad hoc by an operator.
create table verification (
    id               uuid primary key,
    incident_id      uuid,
    deployment       text        not null,
    directory        text        not null,
    stage            text        not null,
    expected_version text,
    verdict          text        not null,
    report           text        not null,
    results          jsonb       not null,
    created_at       timestamptz not null
);
