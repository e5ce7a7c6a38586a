-- When the rollback completed: a page read after it (the topics are read apart) is resolved at once.
alter table incident_facts add column restored_at timestamptz;
