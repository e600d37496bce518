-- events.kind 4 = a run of consecutive line events of one session in one row (docs/event-log.md, "Line-run payload"):
-- a child's definitions, ~2,000 lines, cost one row per line before. No table changes: the version is recorded so that
-- an older program, which cannot decode kind 4, refuses the file instead of misreading it.
SELECT 1;
