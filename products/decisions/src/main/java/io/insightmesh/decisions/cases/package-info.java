/**
 * Case outcomes (confirmed fraud or legitimate) in a durable journal, and the statistics derived
 * from them: decision rates and each rule's precision. No JAX-RS types; the HTTP side is {@code
 * api.OutcomeResource}.
 */
package io.insightmesh.decisions.cases;
