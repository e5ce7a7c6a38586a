-- How many rollback attempts an incident's authorizations asked for (a lead may ask for another after a failure):
-- the incidents' list shows it.
alter table incident add column attempts int not null default 1;
