/**
 * Case workers' search: an in-memory {@link io.insightmesh.decisions.search.ClaimIndex} fed with
 * every durable decision, checked search requests, and the audited {@link
 * io.insightmesh.decisions.search.SearchService}. No JAX-RS types; the HTTP side is {@code
 * api.SearchResource}.
 */
package io.insightmesh.decisions.search;
