-- Lineage retention (mesh.catalog.lineage-retention) finds what it may forget by these: events by
-- when the catalog received them, runs by when they last changed, column edges by job and by run.
CREATE INDEX IF NOT EXISTS lineage_events_received ON lineage_events (received_at, id);
CREATE INDEX IF NOT EXISTS lineage_runs_updated ON lineage_runs (updated_at, job_node);
CREATE INDEX IF NOT EXISTS lineage_column_edges_job ON lineage_column_edges (job_node);
CREATE INDEX IF NOT EXISTS lineage_column_edges_run ON lineage_column_edges (run_id);
