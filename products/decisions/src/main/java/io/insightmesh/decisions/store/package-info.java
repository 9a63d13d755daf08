/**
 * Durable files for the engine's small administrative state (rulesets, block lists, audit):
 * atomically written whole files and fsync'd append-only JSON-lines files that tolerate a torn last
 * line.
 */
package io.insightmesh.decisions.store;
