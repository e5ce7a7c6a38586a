-- The incident read model for the life after a rollback (issue 19):
-- how many rollback attempts were asked for (a lead may ask for another after a failure), for the incidents' list;
-- whether the redeployment after the rollback is over (a lead resolved the incident; an ending by the checklist alone
-- leaves it going on), for the list's gate column;
-- the signed-off hotfix version an incident watches (its heightened monitoring armed or running) and, once running,
-- until when: the signal intake reads the watched versions of a poll's deployments, the ticker the periods that are over.
alter table incident add column attempts int not null default 1,
                     add column redeployment_over boolean not null default false,
                     add column watched_version text,
                     add column watched_until timestamptz;
create index incident_watched on incident (deployment) where watched_version is not null;
create index incident_watch_due on incident (watched_until) where watched_until is not null;
