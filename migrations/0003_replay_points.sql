-- events.kind 2 = a replicated point (Netdata 1.37 replication: RBEGIN '' start end + RSETs), described in
-- docs/event-log.md. No table changes: the version is recorded so that an older program, which cannot decode kind 2,
-- refuses the file instead of misreading it.
SELECT 1;
