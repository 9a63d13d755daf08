package io.insightmesh.catalog.policy;

/**
 * A CDI event: a principal's roles or state, a product's definition or contract, or the set of
 * views changed in this catalog. {@link TrinoPolicy} forgets what it holds in memory, so its next
 * answer reads the store.
 */
public record PolicyInputsChanged() {}
