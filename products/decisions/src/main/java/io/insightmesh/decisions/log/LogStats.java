package io.insightmesh.decisions.log;

/**
 * Counters of a {@link DecisionLog} since it was opened, for metrics and benchmarks.
 *
 * <p>Each field is read separately, so a snapshot taken while the writer runs may mix two adjacent
 * batches.
 *
 * @param records records made durable
 * @param bytes frame bytes written, headers included
 * @param batches group commits (one write of everything queued, then one fsync)
 * @param fsyncs {@code FileChannel.force} calls on segments, including those made when rolling
 * @param lastBatchRecords records in the most recent group commit
 * @param maxBatchRecords records in the largest group commit
 * @param lastFsyncMicros duration of the most recent group commit's fsync
 * @param maxFsyncMicros duration of the slowest group commit's fsync
 * @param firstSequence the lowest sequence still held (rises with {@link
 *     DecisionLog#truncateBefore(long)})
 * @param durableSequence the highest acknowledged sequence, 0 when the log is empty
 * @param segments segment files held
 * @param queuedBytes frame bytes accepted but not yet durable
 * @param recoveredTruncatedBytes bytes of torn tail that recovery cut off when the log was opened
 * @param preparedSegments segments the writer started on a zero-filled spare, whose fsyncs sync
 *     data only
 * @param grownSegments segments the writer started empty because no spare was ready: each of their
 *     fsyncs also commits the file's new length
 */
public record LogStats(
    long records,
    long bytes,
    long batches,
    long fsyncs,
    long lastBatchRecords,
    long maxBatchRecords,
    long lastFsyncMicros,
    long maxFsyncMicros,
    long firstSequence,
    long durableSequence,
    int segments,
    long queuedBytes,
    long recoveredTruncatedBytes,
    long preparedSegments,
    long grownSegments) {

  /** The mean number of records per group commit, 0 before the first one. */
  public double averageBatchRecords() {
    return batches == 0 ? 0 : (double) records / batches;
  }
}
