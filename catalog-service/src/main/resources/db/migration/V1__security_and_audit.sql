-- Principals are clients of the embedded OAuth2 issuer; only a salted hash of the secret is kept.
CREATE TABLE IF NOT EXISTS principals (
  name VARCHAR(255) PRIMARY KEY,
  secret_hash VARCHAR(512) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS principal_roles (
  principal VARCHAR(255) NOT NULL REFERENCES principals (name) ON DELETE CASCADE,
  role VARCHAR(255) NOT NULL,
  PRIMARY KEY (principal, role)
);

-- Append-only: the service never updates or deletes rows here.
CREATE TABLE IF NOT EXISTS audit_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TIMESTAMP WITH TIME ZONE NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  principal VARCHAR(255) NOT NULL,
  action VARCHAR(64) NOT NULL,
  target VARCHAR(1024) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  detail VARCHAR(1024)
);

CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);

-- The answer to a mutation, kept for replay under the client's Idempotency-Key.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  principal VARCHAR(255) NOT NULL,
  idempotency_key VARCHAR(255) NOT NULL,
  request_fingerprint VARCHAR(128) NOT NULL,
  status INT NOT NULL,
  body VARCHAR,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (principal, idempotency_key)
);
