-- The host's alarm log (docs/event-log.md, "Alarm log"): one row per status change of one of its alerts, written when
-- the change happens and never updated. What notifications did with a row is appended to alarm_notifications.
CREATE TABLE alarm_log (
  unique_id            INTEGER PRIMARY KEY,  -- per host, increasing
  alarm_id             INTEGER NOT NULL,     -- the alert (chart, name); kept across restarts
  alarm_event_id       INTEGER NOT NULL,     -- 1, 2, ... per alarm_id
  when_s               INTEGER NOT NULL,     -- seconds since the epoch
  duration             INTEGER NOT NULL,     -- seconds the previous status lasted
  non_clear_duration   INTEGER NOT NULL,     -- seconds WARNING or CRITICAL without a break, up to this change
  name                 TEXT    NOT NULL,
  chart_id             TEXT    NOT NULL,
  chart_name           TEXT    NOT NULL,
  context              TEXT    NOT NULL,
  family               TEXT    NOT NULL,
  class                TEXT    NOT NULL,
  component            TEXT    NOT NULL,
  type                 TEXT    NOT NULL,
  exec                 TEXT    NOT NULL,     -- '' = the configured default program
  recipient            TEXT    NOT NULL,     -- '' = the configured default roles
  source               TEXT    NOT NULL,     -- <line>@<file> of the definition
  units                TEXT    NOT NULL,
  info                 TEXT    NOT NULL,
  old_status           TEXT    NOT NULL,     -- REMOVED, UNDEFINED, UNINITIALIZED, CLEAR, WARNING, CRITICAL
  new_status           TEXT    NOT NULL,
  old_value            REAL,                 -- NULL = no value
  new_value            REAL,
  delay                INTEGER NOT NULL,     -- seconds the notification waits
  delay_up_to          INTEGER NOT NULL,     -- when it is due
  no_clear_notification INTEGER NOT NULL,
  expression_source    TEXT    NOT NULL,     -- the warn or crit expression that decided it
  expression_error     TEXT    NOT NULL
);
CREATE INDEX alarm_log_alarm ON alarm_log (chart_id, name, alarm_event_id);

CREATE TABLE alarm_notifications (
  unique_id  INTEGER NOT NULL,  -- alarm_log.unique_id
  channel    TEXT    NOT NULL,  -- 'exec', 'webhook:<role>', or 'none' when the rules send nothing (detail says why)
  attempt    INTEGER NOT NULL,  -- 1 = first try
  at_s       INTEGER NOT NULL,
  code       INTEGER NOT NULL,  -- exit code or HTTP status; -1 = could not run, timed out
  ok         INTEGER NOT NULL,
  detail     TEXT    NOT NULL,
  repeat     INTEGER NOT NULL   -- 1 = a repeated WARNING/CRITICAL notification
);
CREATE INDEX alarm_notifications_entry ON alarm_notifications (unique_id);
