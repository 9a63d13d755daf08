/**
 * The engine's audit trail: who did what, when and why, synced to disk before the act is answered,
 * with personal values only as salted fingerprints.
 */
package io.insightmesh.decisions.audit;
