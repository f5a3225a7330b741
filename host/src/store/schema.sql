-- Migration 1: the whole first schema. Decimals are TEXT; JSON documents are TEXT.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  active_plugin TEXT NOT NULL,
  header_map TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  UNIQUE (unit_id, name)
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT,
  role TEXT NOT NULL CHECK (role IN ('admin', 'committee', 'case_management', 'reviewer', 'prosecutor')),
  unit_id INTEGER REFERENCES units(id),
  prosecutor TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  expires_at INTEGER NOT NULL,
  source TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL,
  year INTEGER,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  file BLOB NOT NULL,
  rows INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE TABLE prosecutors (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  data TEXT NOT NULL,
  import_id INTEGER REFERENCES imports(id),
  PRIMARY KEY (unit_id, code)
);
CREATE TABLE cases (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  case_id TEXT NOT NULL,
  handler TEXT NOT NULL,
  data TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  PRIMARY KEY (unit_id, case_id)
);
CREATE INDEX cases_import ON cases (import_id);
CREATE TABLE bonus_items (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  data TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports(id)
);
-- Ballots carry no token and no voter: nothing links a ballot to who cast it.
CREATE TABLE ballots (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  subject TEXT NOT NULL,
  voter_group TEXT NOT NULL,
  data TEXT NOT NULL,
  import_id INTEGER REFERENCES imports(id)
);
CREATE INDEX ballots_unit_year ON ballots (unit_id, year);
CREATE TABLE satisfaction_votes (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  subject TEXT NOT NULL,
  voter_group TEXT NOT NULL,
  vote TEXT
);
-- Only the hash of a token is kept; `used` is a flag, with no time and no ballot id.
CREATE TABLE ballot_tokens (
  token_hash TEXT PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('democratic', 'satisfaction')),
  subject TEXT NOT NULL,
  voter_group TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE rule_sets (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  rules_id TEXT NOT NULL,
  version TEXT NOT NULL,
  name TEXT NOT NULL,
  toml TEXT NOT NULL,
  json TEXT NOT NULL,
  locked INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (unit_id, rules_id, version)
);
CREATE TRIGGER rule_sets_locked BEFORE UPDATE OF toml, json, rules_id, version ON rule_sets
WHEN OLD.locked = 1 BEGIN SELECT RAISE(ABORT, 'rule set version is locked'); END;
CREATE TABLE manual_scores (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  prosecutor TEXT NOT NULL,
  indicator TEXT NOT NULL,
  role TEXT NOT NULL,
  score TEXT NOT NULL,
  reason TEXT,
  scored_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (unit_id, year, prosecutor, indicator, role, scored_by)
);
CREATE TABLE case_reviews (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  case_id TEXT NOT NULL,
  conclusion TEXT NOT NULL,
  comment TEXT,
  sample_id INTEGER REFERENCES samples(id),
  reviewed_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (unit_id, case_id)
);
CREATE TABLE samples (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  proof TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE TABLE assignments (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  case_id TEXT NOT NULL,
  prosecutor TEXT NOT NULL,
  suspects INTEGER NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('random', 'manual')),
  record TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (unit_id, case_id)
);
CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('monthly', 'annual')),
  year INTEGER NOT NULL,
  month INTEGER,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  rule_set_id INTEGER NOT NULL REFERENCES rule_sets(id),
  rules_id TEXT NOT NULL,
  rules_version TEXT NOT NULL,
  plugin_sha256 TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  request BLOB NOT NULL,
  response BLOB NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'final')),
  publication_start TEXT,
  publication_end TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  finalized_at TEXT
);
CREATE TABLE results (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  prosecutor TEXT NOT NULL,
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  total TEXT NOT NULL,
  rank INTEGER NOT NULL,
  grade TEXT NOT NULL,
  data TEXT NOT NULL,
  confirmed_at TEXT,
  PRIMARY KEY (evaluation_id, prosecutor)
);
CREATE TABLE objections (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  prosecutor TEXT NOT NULL,
  text TEXT NOT NULL,
  filed_by INTEGER NOT NULL REFERENCES users(id),
  filed_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'changed')),
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  decision_reason TEXT
);
CREATE TABLE result_changes (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  prosecutor TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  reason TEXT NOT NULL,
  objection_id INTEGER REFERENCES objections(id),
  changed_by INTEGER NOT NULL REFERENCES users(id),
  changed_at TEXT NOT NULL
);
-- Append-only: the triggers refuse every update and delete.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER,
  username TEXT,
  unit_id INTEGER,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
