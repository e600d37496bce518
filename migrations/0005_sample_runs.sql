-- events.kind 3 = a run of consecutive sample events of one session in one row (docs/event-log.md, "Sample-run
-- payload"): SQLite's cost is per row, so one row per run instead of one per sample cuts the log's CPU. The row's seq
-- and arrival_us are those of its last event; n is how many events it holds (NULL = 1, every row of another kind).
-- Recording the version also makes an older program, which cannot decode kind 3, refuse the file.
ALTER TABLE events ADD COLUMN n INTEGER;
