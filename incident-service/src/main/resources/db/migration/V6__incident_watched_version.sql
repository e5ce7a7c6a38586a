-- The signed-off hotfix version an incident watches (its heightened monitoring armed or running) and, once running,
-- until when: the signal intake reads the watched versions of a poll's deployments, the ticker the periods that are over.
alter table incident add column watched_version text, add column watched_until timestamptz;
create index incident_watched on incident (deployment) where watched_version is not null;
create index incident_watch_due on incident (watched_until) where watched_until is not null;
