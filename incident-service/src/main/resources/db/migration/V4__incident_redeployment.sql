-- The version a completed rollback restored (null: none did), so that the redeployment gate reads only the incidents
-- that matter to it: those that rolled a version back, and those whose rollback runs.
alter table incident add column restored_version text;
create index incident_gate on incident (deployment) where restored_version is not null or status in ('AUTHORIZED', 'ROLLING_BACK', 'VERIFYING');
