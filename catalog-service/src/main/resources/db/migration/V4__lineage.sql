-- Lineage (DESIGN.md section 4): OpenLineage run events as stored, the runs they describe, and the
-- graph of jobs and datasets. Datasets are named by product identity before they reach these
-- tables. Nodes have numeric ids so that edges stay small; node ids (up to 2 KiB) are found by
-- their SHA-256, never indexed themselves, so no producer's long name can overflow an index entry.
CREATE TABLE IF NOT EXISTS lineage_nodes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  node_hash CHAR(64) NOT NULL,
  -- dataset:<product id> | dataset:table:<table> | dataset:<namespace>:<name> | job:<namespace>:<name>
  node_id VARCHAR(2100) NOT NULL,
  -- PRODUCT, TABLE, EXTERNAL (datasets) or JOB
  kind VARCHAR(16) NOT NULL,
  namespace VARCHAR(1024) NOT NULL,
  -- A producer's name of up to 1024 characters, or table:<table> for one.
  name VARCHAR(1100) NOT NULL,
  product_id VARCHAR(129),
  iceberg_table VARCHAR(1024),
  -- The newest facets events gave the job or dataset, as a JSON object.
  facets_json TEXT NOT NULL,
  facets_time TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT lineage_nodes_hash UNIQUE (node_hash)
);

-- Events as stored: datasets renamed to their nodes, literals out of query texts. One row per
-- (run, type, time): producers retry, and a retried event is the same event.
CREATE TABLE IF NOT EXISTS lineage_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id VARCHAR(36) NOT NULL,
  event_type VARCHAR(16) NOT NULL,
  event_time TIMESTAMP WITH TIME ZONE NOT NULL,
  job_namespace VARCHAR(1024) NOT NULL,
  job_name VARCHAR(1024) NOT NULL,
  producer VARCHAR(2048) NOT NULL,
  event_json TEXT NOT NULL,
  received_at TIMESTAMP WITH TIME ZONE NOT NULL,
  received_by VARCHAR(255) NOT NULL,
  CONSTRAINT lineage_events_identity UNIQUE (run_id, event_type, event_time)
);

CREATE INDEX IF NOT EXISTS lineage_events_time ON lineage_events (event_time, id);

-- A run's state is the newest terminal event's (COMPLETE, FAIL, ABORT), else the newest START or
-- RUNNING; sequence orders runs by first arrival.
CREATE TABLE IF NOT EXISTS lineage_runs (
  run_id VARCHAR(36) PRIMARY KEY,
  sequence BIGINT GENERATED ALWAYS AS IDENTITY,
  job_node BIGINT NOT NULL REFERENCES lineage_nodes (id),
  state VARCHAR(16) NOT NULL,
  state_time TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE,
  ended_at TIMESTAMP WITH TIME ZONE,
  facets_json TEXT NOT NULL,
  facets_time TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT lineage_runs_sequence UNIQUE (sequence)
);

CREATE INDEX IF NOT EXISTS lineage_runs_job ON lineage_runs (job_node, sequence);

-- Job -> dataset edges: the datasets each run read (INPUT) or wrote (OUTPUT).
CREATE TABLE IF NOT EXISTS lineage_run_datasets (
  run_id VARCHAR(36) NOT NULL REFERENCES lineage_runs (run_id),
  direction VARCHAR(8) NOT NULL,
  dataset_node BIGINT NOT NULL REFERENCES lineage_nodes (id),
  job_node BIGINT NOT NULL REFERENCES lineage_nodes (id),
  PRIMARY KEY (run_id, direction, dataset_node)
);

CREATE INDEX IF NOT EXISTS lineage_run_datasets_dataset ON lineage_run_datasets (dataset_node, direction, job_node);
CREATE INDEX IF NOT EXISTS lineage_run_datasets_job ON lineage_run_datasets (job_node, direction, dataset_node);

-- Column edges: output_node.output_column is derived from input_node.input_column in a run, by a
-- transformation ('' when the producer named none). edge_hash is the SHA-256 of all the parts.
CREATE TABLE IF NOT EXISTS lineage_column_edges (
  edge_hash CHAR(64) PRIMARY KEY,
  run_id VARCHAR(36) NOT NULL REFERENCES lineage_runs (run_id),
  job_node BIGINT NOT NULL REFERENCES lineage_nodes (id),
  output_node BIGINT NOT NULL REFERENCES lineage_nodes (id),
  output_column VARCHAR(1024) NOT NULL,
  input_node BIGINT NOT NULL REFERENCES lineage_nodes (id),
  input_column VARCHAR(1024) NOT NULL,
  transformation_type VARCHAR(64) NOT NULL,
  transformation_subtype VARCHAR(64) NOT NULL,
  masking BOOLEAN NOT NULL
);

CREATE INDEX IF NOT EXISTS lineage_column_edges_output ON lineage_column_edges (output_node);
CREATE INDEX IF NOT EXISTS lineage_column_edges_input ON lineage_column_edges (input_node);
