package io.insightmesh.products.claims.generate;

/**
 * One unit of parallel work and one landing part file: claimants [firstClaimant, endClaimant),
 * whose records are [firstRecord, firstRecord + records). Only the last chunk's last claimant may
 * be cut short.
 */
record ChunkPlan(int index, long firstClaimant, long endClaimant, long firstRecord, long records) {}
