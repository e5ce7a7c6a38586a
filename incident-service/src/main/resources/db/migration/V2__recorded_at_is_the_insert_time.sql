-- now() is the transaction's start: with a poll's events appended in one transaction, every row of it would
-- say it was recorded when the transaction began. clock_timestamp() is when the row itself was inserted.
alter table event_store alter column recorded_at set default clock_timestamp();
