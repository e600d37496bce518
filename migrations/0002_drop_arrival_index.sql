-- The arrival index cost a quarter of the CPU of every append and about 20 bytes per event. arrival_us never goes
-- backwards in seq order (HostEventLog clamps it), so a time range is found by a binary search over seq instead
-- (docs/event-log.md, "Reading").
DROP INDEX IF EXISTS events_arrival;
