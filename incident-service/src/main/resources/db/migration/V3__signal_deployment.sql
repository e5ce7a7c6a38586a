-- One row per deployment that has sent a signal. Locking it serializes the deployment's signal handling on every
-- path and instance; its count of recorded samples tells an instance whether the history it keeps in memory is
-- still whole (another instance or the REST intake recorded nothing since).
create table signal_deployment (
    deployment text   primary key,
    samples    bigint not null
);
