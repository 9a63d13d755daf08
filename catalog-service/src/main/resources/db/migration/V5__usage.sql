-- Usage (issue 6): which consumer read which product, when. One row per product and run (a Trino
-- query, a pipeline run), so a retried event counts once and every window is an exact count. No
-- query text is kept here: the lineage events hold it, literals removed.
CREATE TABLE IF NOT EXISTS product_usage (
  product_id VARCHAR(129) NOT NULL,
  run_id VARCHAR(36) NOT NULL,
  -- TRINO_USER, TRINO (a Trino server whose query's user was not learned) or JOB
  consumer_kind VARCHAR(16) NOT NULL,
  -- The Trino user, the Trino namespace or the job's node id, at most 1024 characters.
  consumer VARCHAR(1024) NOT NULL,
  used_at TIMESTAMP WITH TIME ZONE NOT NULL,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (product_id, run_id)
);

CREATE INDEX IF NOT EXISTS product_usage_time ON product_usage (product_id, used_at);
