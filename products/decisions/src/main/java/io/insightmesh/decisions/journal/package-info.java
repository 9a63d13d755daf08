/** Append-only, fsync'd JSON-lines files that tolerate a torn last line: outcomes and audit. */
package io.insightmesh.decisions.journal;
