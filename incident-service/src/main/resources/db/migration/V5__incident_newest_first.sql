-- The incidents' list (API and page) reads the newest first, a page at a time.
create index incident_newest on incident (opened_at desc);
