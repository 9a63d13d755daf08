package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Records appended together, waiting for the writer.
 *
 * @param payloads the records, in sequence order
 * @param frameBytes the bytes their frames occupy
 * @param firstSequence completed with the first record's sequence once all are durable
 * @param completeOn where {@code firstSequence} is completed on success, or null for the log's
 *     completion thread
 */
record Pending(
    byte[][] payloads,
    long frameBytes,
    CompletableFuture<Long> firstSequence,
    Executor completeOn) {
  Pending {
    requireNonNull(payloads, "payloads is null");
    requireNonNull(firstSequence, "firstSequence is null");
  }
}
