-- An iCalendar invitation sent with a mail (the post-mortem meeting), as text; null for every other message.
alter table delivery add column calendar text;
