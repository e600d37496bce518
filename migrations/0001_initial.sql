-- Per-host event log, first schema. Described column by column in docs/event-log.md.
-- auto_vacuum = INCREMENTAL is set by HostEventLog.open before WAL mode is enabled: SQLite only accepts it before the
-- first write to a new file, and a migration runs later, inside a transaction.

-- One row per receiver session (an accepted STREAM connection).
CREATE TABLE sessions (
  id              INTEGER PRIMARY KEY,
  peer_ip         TEXT    NOT NULL,
  peer_port       INTEGER NOT NULL,
  api_key         TEXT    NOT NULL,
  hostname        TEXT    NOT NULL,
  machine_guid    TEXT    NOT NULL,
  requested_ver   TEXT,              -- the ver= the child asked for, verbatim; NULL when absent
  negotiated      INTEGER NOT NULL,  -- version or capability bitmask agreed in the handshake
  capabilities    INTEGER,           -- capability bitmask, NULL for a pre-capabilities (version number) handshake
  program         TEXT,              -- from User-Agent: program/version
  program_version TEXT,
  request_params  TEXT    NOT NULL,  -- JSON object of the STREAM request's query parameters
  started_us      INTEGER NOT NULL,
  ended_us        INTEGER,           -- NULL while connected
  end_reason      TEXT,
  first_seq       INTEGER NOT NULL,  -- every event of the session has seq >= first_seq ...
  last_seq        INTEGER            -- ... and <= last_seq once the session ended
);

-- Dictionaries: they only grow, so refs and ordinals in sample payloads stay decodable after retention.
CREATE TABLE charts (
  ref      INTEGER PRIMARY KEY,
  chart_id TEXT NOT NULL UNIQUE
);

CREATE TABLE dimensions (
  chart_ref INTEGER NOT NULL,
  ordinal   INTEGER NOT NULL,
  dim_id    TEXT    NOT NULL,
  PRIMARY KEY (chart_ref, ordinal),
  UNIQUE (chart_ref, dim_id)
) WITHOUT ROWID;

-- Append-only; seq never goes back, even after retention deleted the newest rows (AUTOINCREMENT).
CREATE TABLE events (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  session    INTEGER NOT NULL,
  arrival_us INTEGER NOT NULL,
  kind       INTEGER NOT NULL,  -- 0 = line, 1 = sample
  chart      INTEGER,           -- sample: charts.ref; line: NULL
  usec       INTEGER,           -- sample: BEGIN's microseconds since the last update; line: NULL
  t          INTEGER,           -- sample: BEGIN's collection time in seconds, 0 = none; line: NULL
  payload    BLOB    NOT NULL   -- sample: encoded SETs (BLOB); line: the protocol line (TEXT)
);

CREATE INDEX events_arrival ON events (arrival_us);
