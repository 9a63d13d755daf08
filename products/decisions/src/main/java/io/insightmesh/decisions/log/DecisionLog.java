package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

/**
 * The scoring engine's durable decision log: an append-only, segmented, checksummed file log with
 * group commit.
 *
 * <p>Any number of threads {@link #append(byte[]) append}; one writer thread takes everything
 * queued, writes it, calls {@code FileChannel.force(false)} once and only then completes the
 * appends' futures, so a completed future means the record survives {@code kill -9} and power loss.
 * Sequences are dense and rise from 1 across restarts. A committer tails the log with a {@link
 * LogReader}, which sees only durable records, and calls {@link #truncateBefore(long)} once its
 * table holds them.
 *
 * <p>Appends never block: when the bytes waiting for the disk reach {@link
 * Options#queueCapacityBytes()} an append fails fast with {@link DecisionLogFullException}, so the
 * log is safe to call from event-loop threads and overload surfaces as a retryable error instead of
 * a growing latency. If a write or fsync fails, the log fails every unacknowledged append with
 * {@link DecisionLogFailedException} and accepts no more: it never retries an fsync and never
 * acknowledges a record it could not force to disk.
 *
 * <p>Futures complete on a dedicated completion thread, so dependent stages do not delay the next
 * group commit, unless the appender names an executor of its own ({@link #appendOwned}). Payloads
 * are copied on append (but not handed over by {@link #appendOwned}) and never logged: they carry
 * PII.
 */
public final class DecisionLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DecisionLog.class.getName());
  private static final String LOCK_FILE = "decision-log.lock";

  /** The file holding the log's {@link #identity()}. */
  static final String IDENTITY_FILE = "log-id";

  /** Marks a batch position whose future was handed to its own executor (sequences are >= 1). */
  private static final long HANDED_OVER = 0;

  /**
   * How a log is laid out and bounded.
   *
   * @param segmentBytes the size at which the writer starts a new segment
   * @param maxRecordBytes the largest payload an append accepts
   * @param queueCapacityBytes the frame bytes that may wait for the disk before appends fail fast
   * @param coalesceDelay how long the writer may hold a group commit open after its first record
   *     arrived, so that one fsync serves several appends arriving one by one; held only while
   *     appends arrive less than this apart on average; zero for none
   * @param coalesceRecords the queued records at which the writer stops holding a group commit open
   * @param writerStart what the writer thread runs once, before its first write: such as asking the
   *     scheduler for what its work needs
   */
  public record Options(
      long segmentBytes,
      int maxRecordBytes,
      long queueCapacityBytes,
      Duration coalesceDelay,
      int coalesceRecords,
      Runnable writerStart,
      Duration retainWritten) {
    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /**
     * Largest segment: 1 GiB. A frame is read whole into memory once its length fits the file, and
     * a length read from a damaged frame must neither overflow an int nor ask for more than that.
     */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    /** Default payload limit: 1 MiB, far above a decision's size. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    /** Default queue capacity: 64 MiB, several seconds of decisions at the target rate. */
    public static final long DEFAULT_QUEUE_CAPACITY_BYTES = 64L << 20;

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if {@code maxRecordBytes} is below 1, a frame of that size
     *     does not fit in a segment or in the queue, or a segment is over {@link
     *     #MAX_SEGMENT_BYTES}
     */
    public Options {
      requireNonNull(coalesceDelay, "coalesceDelay is null");
      requireNonNull(writerStart, "writerStart is null");
      requireNonNull(retainWritten, "retainWritten is null");
      if (retainWritten.isNegative()) {
        throw new IllegalArgumentException(
            "Invalid retainWritten " + retainWritten + ": must not be negative");
      }
      if (coalesceDelay.isNegative()) {
        throw new IllegalArgumentException(
            "Invalid coalesceDelay " + coalesceDelay + ": must not be negative");
      }
      if (coalesceRecords < 1) {
        throw new IllegalArgumentException(
            "Invalid coalesceRecords " + coalesceRecords + ": must be at least 1");
      }
      if (maxRecordBytes < 1) {
        throw new IllegalArgumentException(
            "Invalid maxRecordBytes " + maxRecordBytes + ": must be at least 1");
      }
      long maxFrameBytes = Frames.frameBytes(maxRecordBytes);
      if (segmentBytes < maxFrameBytes) {
        throw new IllegalArgumentException(
            "Invalid segmentBytes "
                + segmentBytes
                + ": must hold the largest frame, "
                + maxFrameBytes
                + " bytes for maxRecordBytes "
                + maxRecordBytes);
      }
      if (segmentBytes > MAX_SEGMENT_BYTES) {
        throw new IllegalArgumentException(
            "Invalid segmentBytes "
                + segmentBytes
                + ": must be at most "
                + MAX_SEGMENT_BYTES
                + " (1 GiB)");
      }
      if (queueCapacityBytes < maxFrameBytes) {
        throw new IllegalArgumentException(
            "Invalid queueCapacityBytes "
                + queueCapacityBytes
                + ": must hold the largest frame, "
                + maxFrameBytes
                + " bytes for maxRecordBytes "
                + maxRecordBytes);
      }
    }

    /** Options whose writer starts each group commit as soon as a record arrives. */
    public Options(long segmentBytes, int maxRecordBytes, long queueCapacityBytes) {
      this(segmentBytes, maxRecordBytes, queueCapacityBytes, Duration.ZERO, 1, () -> {});
    }

    /** Options that retire a committed segment as soon as it is truncated. */
    public Options(
        long segmentBytes,
        int maxRecordBytes,
        long queueCapacityBytes,
        Duration coalesceDelay,
        int coalesceRecords,
        Runnable writerStart) {
      this(
          segmentBytes,
          maxRecordBytes,
          queueCapacityBytes,
          coalesceDelay,
          coalesceRecords,
          writerStart,
          Duration.ZERO);
    }

    /** 64 MiB segments, 1 MiB records, a 64 MiB queue, no coalescing delay. */
    public static Options defaults() {
      return new Options(
          DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES, DEFAULT_QUEUE_CAPACITY_BYTES);
    }

    /**
     * These options with a coalescing delay: while appends arrive, on average, less than {@code
     * delay} apart, the writer holds a group commit open until {@code records} records are queued
     * or {@code delay} has passed since the first of them arrived, whichever comes first. Appends
     * further apart than that are written at once, as no company would come. Records that queued
     * during the previous fsync count from their arrival, so they wait what is left of the delay.
     */
    public Options withCoalescing(Duration delay, int records) {
      return new Options(
          segmentBytes,
          maxRecordBytes,
          queueCapacityBytes,
          delay,
          records,
          writerStart,
          retainWritten);
    }

    /** These options with {@code task} run on the writer thread before its first write. */
    public Options withWriterStart(Runnable task) {
      return new Options(
          segmentBytes,
          maxRecordBytes,
          queueCapacityBytes,
          coalesceDelay,
          coalesceRecords,
          task,
          retainWritten);
    }

    /**
     * These options keeping a segment, even once every record in it is committed, until {@code
     * period} has passed since its last write: whoever rebuilds state from the log at a restart
     * (the engine's velocity counters, which count the claims of the last hour) finds the records
     * of that period in it, not only those of the segment being written.
     */
    public Options withRetention(Duration period) {
      return new Options(
          segmentBytes,
          maxRecordBytes,
          queueCapacityBytes,
          coalesceDelay,
          coalesceRecords,
          writerStart,
          period);
    }
  }

  private final Path directory;
  private final String identity;
  private final Options options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ConcurrentSkipListMap<Long, Path> segments;
  private final SegmentWriter writer;
  private final Thread writerThread;
  private final ExecutorService completer;
  private final long recoveredTruncatedBytes;

  private final ReentrantLock queueLock = new ReentrantLock();
  private final Condition queueNotEmpty = queueLock.newCondition();
  private ArrayList<Pending> queue = new ArrayList<>();
  private long queuedBytes;
  private int queuedRecords;
  private long firstQueuedNanos;
  private final Coalescing coalescing;
  private boolean closing;
  private DecisionLogFailedException failure;

  private final ReentrantLock durableLock = new ReentrantLock();
  private final Condition durableAdvanced = durableLock.newCondition();
  private volatile long durableSequence;
  private volatile boolean writerStopped;

  /** {@link ReopenedAt}'s point, {@link ReopenedAt#NONE} once a table has matched the log. */
  private volatile long reopenedAt;

  private final Object reopenedLock = new Object();

  private final Object truncateLock = new Object();
  private boolean closed;

  // Written by the writer thread only; volatile so stats() sees them.
  private volatile long records;
  private volatile long bytes;
  private volatile long batches;
  private volatile long lastBatchRecords;
  private volatile long maxBatchRecords;
  private volatile long lastFsyncMicros;
  private volatile long maxFsyncMicros;

  /** Told each group commit's fsync duration: see {@link #observeFsyncs}. */
  private volatile LongConsumer fsyncObserver = nanos -> {};

  private DecisionLog(
      Path directory,
      Options options,
      FileChannel lockChannel,
      FileLock lock,
      Recovery.State state,
      SegmentChannels channels)
      throws IOException {
    this.directory = directory;
    this.identity = identity(directory);
    this.options = options;
    this.coalescing = new Coalescing(options.coalesceDelay());
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.segments = state.segments();
    this.recoveredTruncatedBytes = state.truncatedBytes();
    this.durableSequence = state.nextSequence() - 1;
    // Before any append of this open is acknowledged: see ReopenedAt.
    this.reopenedAt = ReopenedAt.record(directory, durableSequence);
    this.writer =
        new SegmentWriter(
            directory,
            options.segmentBytes(),
            options.maxRecordBytes(),
            channels,
            segments,
            state.activeSize(),
            state.activeAllocated(),
            state.nextSequence());
    this.completer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> daemon(runnable, "decision-log-completer"));
    this.writerThread = daemon(this::runWriter, "decision-log-writer");
  }

  /**
   * Opens (creating if needed) the log in a directory, verifying every segment and truncating a
   * torn tail of the last one.
   *
   * @throws DecisionLogLockedException if the directory is already open
   * @throws CorruptLogException if a segment is damaged anywhere but the tail of the last one
   * @throws UncheckedIOException if the directory cannot be read or written
   */
  public static DecisionLog open(Path directory, Options options) {
    return open(directory, options, SegmentChannels.FILES);
  }

  static DecisionLog open(Path directory, Options options, SegmentChannels channels) {
    requireNonNull(directory, "directory is null");
    requireNonNull(options, "options is null");
    requireNonNull(channels, "channels is null");
    FileChannel lockChannel = null;
    FileLock lock = null;
    try {
      DurableFiles.privateDirectory(directory);
      Path lockFile = directory.resolve(LOCK_FILE);
      lockChannel =
          DurableFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException alreadyHeldHere) {
        lock = null;
      }
      if (lock == null) {
        throw new DecisionLogLockedException(
            "Cannot open decision log "
                + directory
                + ": it is already open ("
                + lockFile
                + " is locked)");
      }
      Recovery.State state = Recovery.recover(directory);
      DecisionLog log = new DecisionLog(directory, options, lockChannel, lock, state, channels);
      log.writerThread.start();
      LOG.log(
          Level.INFO,
          String.format(
              "Opened decision log %s: %d segments, sequences %d to %d",
              directory,
              state.segments().size(),
              state.segments().firstKey(),
              log.durableSequence));
      return log;
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw new UncheckedIOException("Cannot open decision log " + directory, e);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  /**
   * Appends one record.
   *
   * @return completes with the record's sequence once it is on disk, or fails with {@link
   *     DecisionLogFailedException} if the log failed first
   * @throws IllegalArgumentException if the payload is larger than {@link Options#maxRecordBytes()}
   * @throws DecisionLogFullException if the queue cannot take the record now
   * @throws DecisionLogClosedException if the log is closed
   * @throws DecisionLogFailedException if the log has failed
   */
  public CompletableFuture<Long> append(byte[] payload) {
    requireNonNull(payload, "payload is null");
    return append(payload.clone(), null);
  }

  /**
   * Appends one record whose bytes the caller hands over (it never changes them again), and
   * completes the returned future on {@code completeOn}: the writer hands it the completion
   * straight after the fsync, so a request answered on its own event loop waits for no other thread
   * than the writer. A failed log completes the future on the writer thread.
   *
   * @throws IllegalArgumentException if the payload is larger than {@link Options#maxRecordBytes()}
   * @throws DecisionLogFullException if the queue cannot take the record now
   * @throws DecisionLogClosedException if the log is closed
   * @throws DecisionLogFailedException if the log has failed
   */
  public CompletableFuture<Long> appendOwned(byte[] payload, Executor completeOn) {
    requireNonNull(payload, "payload is null");
    requireNonNull(completeOn, "completeOn is null");
    return append(payload, completeOn);
  }

  private CompletableFuture<Long> append(byte[] payload, Executor completeOn) {
    checkSize(payload, 0);
    Pending pending =
        new Pending(
            new byte[][] {payload},
            Frames.frameBytes(payload.length),
            new CompletableFuture<>(),
            completeOn);
    enqueue(pending);
    return pending.firstSequence();
  }

  /**
   * Appends records together: they get consecutive sequences and become durable in the same group
   * commit.
   *
   * @return completes with the records' sequences, in the order given, once all are on disk
   * @throws IllegalArgumentException if a payload is larger than {@link Options#maxRecordBytes()}
   *     or all of them together exceed {@link Options#queueCapacityBytes()}
   * @throws DecisionLogFullException if the queue cannot take the records now
   * @throws DecisionLogClosedException if the log is closed
   * @throws DecisionLogFailedException if the log has failed
   */
  public CompletableFuture<List<Long>> append(List<byte[]> payloads) {
    requireNonNull(payloads, "payloads is null");
    if (payloads.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    byte[][] copies = new byte[payloads.size()][];
    long frameBytes = 0;
    for (int i = 0; i < copies.length; i++) {
      byte[] payload = requireNonNull(payloads.get(i), "payload " + i + " is null");
      checkSize(payload, i);
      copies[i] = payload.clone();
      frameBytes += Frames.frameBytes(payload.length);
    }
    if (frameBytes > options.queueCapacityBytes()) {
      throw new IllegalArgumentException(
          "Cannot append "
              + copies.length
              + " records of "
              + frameBytes
              + " frame bytes together: the limit is queueCapacityBytes "
              + options.queueCapacityBytes());
    }
    Pending pending = new Pending(copies, frameBytes, new CompletableFuture<>(), null);
    enqueue(pending);
    int count = copies.length;
    return pending
        .firstSequence()
        .thenApply(first -> LongStream.range(first, first + count).boxed().toList());
  }

  /** The highest sequence that is durable, 0 if the log has never held a record. */
  public long durableSequence() {
    return durableSequence;
  }

  /**
   * The highest sequence a table filled from this log may hold: the sequence the log was durable to
   * when it was opened, the lowest of any opens since {@link #tableMatched()}, or {@link
   * #durableSequence()} if that is lower. A table holding more holds decisions this log has given
   * (or may yet give) other decisions' sequences to: the log was replaced, lost, or cut at a
   * damaged frame at recovery.
   */
  public long matchableSequence() {
    return Math.min(reopenedAt, durableSequence);
  }

  /**
   * Records that a table's position was found at or below {@link #matchableSequence()}: from now on
   * the committer keeps the table in step with the log, so later opens are compared from where they
   * start.
   *
   * @throws UncheckedIOException if the log's directory cannot be written
   */
  public void tableMatched() {
    synchronized (reopenedLock) {
      if (reopenedAt == ReopenedAt.NONE) {
        return;
      }
      try {
        ReopenedAt.forget(directory);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot update decision log " + directory, e);
      }
      reopenedAt = ReopenedAt.NONE;
    }
  }

  /** The lowest sequence the log still holds (or will hold, if it is empty). */
  public long firstSequence() {
    return segments.firstKey();
  }

  /** Whether appends are accepted: the log is neither closing nor failed. */
  public boolean writable() {
    queueLock.lock();
    try {
      return !closing && failure == null;
    } finally {
      queueLock.unlock();
    }
  }

  /**
   * Waits until a sequence is durable.
   *
   * @return true once {@code sequence} is durable; false if the timeout elapsed or the log stopped
   *     writing (closed or failed) first
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public boolean awaitDurable(long sequence, Duration timeout) throws InterruptedException {
    requireNonNull(timeout, "timeout is null");
    if (durableSequence >= sequence) {
      return true;
    }
    long nanos = timeout.toNanos();
    durableLock.lock();
    try {
      while (durableSequence < sequence) {
        if (nanos <= 0 || writerStopped) {
          return false;
        }
        nanos = durableAdvanced.awaitNanos(nanos);
      }
      return true;
    } finally {
      durableLock.unlock();
    }
  }

  /**
   * Opens a reader positioned at a sequence. It returns only durable records, so a committer can
   * tail the log while appends continue.
   *
   * @throws IllegalArgumentException if {@code fromSequence} is below {@link #firstSequence()}
   */
  public LogReader reader(long fromSequence) {
    long first = firstSequence();
    if (fromSequence < first) {
      throw new IllegalArgumentException(
          "Cannot read decision log "
              + directory
              + " from sequence "
              + fromSequence
              + ": it starts at "
              + first
              + " (earlier segments were truncated)");
    }
    return new LogReader(this, fromSequence);
  }

  /**
   * Takes out of the log, oldest first, every segment whose records are all below {@code sequence}
   * and, with a {@linkplain Options#withRetention retention}, that was last written before it: a
   * few are renamed aside to be zeroed and reused as later segments, the rest deleted (see {@link
   * SpareSegment}). The active segment is never taken out, so the log keeps its sequence across
   * restarts even when every record has been committed. Oldest first keeps the remaining segments
   * contiguous whenever the process dies.
   *
   * @return how many segments were taken out
   * @throws IllegalArgumentException if {@code sequence} is above {@code durableSequence() + 1}:
   *     nobody can have committed records that are not yet durable
   * @throws DecisionLogClosedException if the log is closed
   * @throws UncheckedIOException if a segment can be neither renamed nor deleted
   */
  public int truncateBefore(long sequence) {
    long durable = durableSequence;
    if (sequence > durable + 1) {
      throw new IllegalArgumentException(
          "Cannot truncate decision log "
              + directory
              + " before sequence "
              + sequence
              + ": only records up to "
              + durable
              + " are durable");
    }
    synchronized (truncateLock) {
      if (closed) {
        throw new DecisionLogClosedException(
            "Cannot truncate decision log "
                + directory
                + " before sequence "
                + sequence
                + ": it is closed");
      }
      List<Map.Entry<Long, Path>> held = new ArrayList<>(segments.entrySet());
      Instant retainedSince = Instant.now().minus(options.retainWritten());
      int deleted = 0;
      for (int i = 0; i + 1 < held.size() && held.get(i + 1).getKey() <= sequence; i++) {
        Path file = held.get(i).getValue();
        if (!options.retainWritten().isZero() && writtenSince(file, retainedSince)) {
          // Oldest first: the segments after it were written later still.
          break;
        }
        segments.remove(held.get(i).getKey());
        try {
          // Renamed aside for a later spare rather than deleted: see SpareSegment.
          SpareSegment.retire(file);
        } catch (IOException e) {
          // Still on disk, so still the log's: dropped from the map, the next truncation would
          // retire the segments after it and leave a gap that the next open refuses.
          segments.put(held.get(i).getKey(), file);
          throw new UncheckedIOException(
              "Cannot retire decision log segment "
                  + file
                  + " (records before "
                  + sequence
                  + " are committed)",
              e);
        }
        try {
          Segments.syncDirectory(directory);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "Retired decision log segment " + file + " but cannot fsync " + directory, e);
        }
        deleted++;
      }
      if (deleted > 0) {
        LOG.log(
            Level.INFO,
            String.format(
                "Retired %d segments of decision log %s; it now starts at sequence %d",
                deleted, directory, segments.firstKey()));
      }
      return deleted;
    }
  }

  /**
   * Whether the segment was last written at or after {@code instant}; a segment whose time cannot
   * be read counts as recent, kept rather than retired on a guess.
   */
  private static boolean writtenSince(Path segment, Instant instant) {
    try {
      return !Files.getLastModifiedTime(segment).toInstant().isBefore(instant);
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Has {@code observer} told, on the writer thread, how many nanoseconds each later group commit's
   * fsync took, for a latency histogram: every acknowledged append waited for one, so their
   * distribution is the floor under the answers' latency, which a maximum alone does not show. The
   * observer must be quick; one that throws is logged and the log goes on. Replaces any earlier
   * one.
   */
  public void observeFsyncs(LongConsumer observer) {
    fsyncObserver = requireNonNull(observer, "observer is null");
  }

  /** Whether the writer's next segment will start on a zeroed spare; for tests. */
  boolean spareReady() {
    return writer.spareReady();
  }

  /** The log's counters since it was opened. */
  public LogStats stats() {
    long queued;
    queueLock.lock();
    try {
      queued = queuedBytes;
    } finally {
      queueLock.unlock();
    }
    return new LogStats(
        records,
        bytes,
        batches,
        writer.fsyncs(),
        lastBatchRecords,
        maxBatchRecords,
        lastFsyncMicros,
        maxFsyncMicros,
        firstSequence(),
        durableSequence,
        segments.size(),
        queued,
        recoveredTruncatedBytes,
        writer.preparedSegments(),
        writer.grownSegments());
  }

  /** The log's directory. */
  public Path directory() {
    return directory;
  }

  /**
   * This log's identity, made when it was first opened and kept in its directory ({@value
   * #IDENTITY_FILE}). A table its committer fills records it beside the position: another log's
   * sequences (a directory replaced or lost) repeat the numbers but not the decisions.
   */
  public String identity() {
    return identity;
  }

  private static String identity(Path directory) throws IOException {
    Path file = directory.resolve(IDENTITY_FILE);
    if (Files.exists(file)) {
      return Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).strip();
    }
    // A first open killed while writing it leaves only its temporary file, never acknowledged.
    DurableFiles.clean(directory);
    String made = java.util.UUID.randomUUID().toString();
    DurableFiles.writeNew(file, (made + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return made;
  }

  /**
   * Stops accepting appends, makes everything already accepted durable (acknowledging it), and
   * releases the directory. Idempotent.
   */
  @Override
  public void close() {
    synchronized (truncateLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    queueLock.lock();
    try {
      closing = true;
      queueNotEmpty.signalAll();
    } finally {
      queueLock.unlock();
    }
    boolean interrupted = false;
    while (writerThread.isAlive()) {
      try {
        writerThread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    interrupted |= shutDownAndWait(completer);
    try {
      writer.close();
      lock.release();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Cannot close decision log " + directory + " cleanly", e);
    } finally {
      closeQuietly(lockChannel);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  Map.Entry<Long, Path> segmentFor(long sequence) {
    return segments.floorEntry(sequence);
  }

  private void checkSize(byte[] payload, int index) {
    if (payload.length > options.maxRecordBytes()) {
      throw new IllegalArgumentException(
          "Cannot append record "
              + index
              + " of "
              + payload.length
              + " bytes: the limit is maxRecordBytes "
              + options.maxRecordBytes());
    }
  }

  private void enqueue(Pending pending) {
    queueLock.lock();
    try {
      if (failure != null) {
        throw new DecisionLogFailedException(
            "Cannot append to decision log " + directory + ": " + failure.getMessage(), failure);
      }
      if (closing) {
        throw new DecisionLogClosedException(
            "Cannot append to decision log " + directory + ": it is closed");
      }
      if (queuedBytes + pending.frameBytes() > options.queueCapacityBytes()) {
        throw new DecisionLogFullException(
            "Cannot append "
                + pending.frameBytes()
                + " frame bytes to decision log "
                + directory
                + ": "
                + queuedBytes
                + " of queueCapacityBytes "
                + options.queueCapacityBytes()
                + " are already waiting for the disk");
      }
      queue.add(pending);
      queuedBytes += pending.frameBytes();
      int before = queuedRecords;
      queuedRecords += pending.payloads().length;
      long now = System.nanoTime();
      coalescing.arrived(now);
      if (before == 0) {
        firstQueuedNanos = now;
        queueNotEmpty.signal();
      } else if (before < options.coalesceRecords() && queuedRecords >= options.coalesceRecords()) {
        // The writer may be holding the group commit open for more records: enough are here.
        queueNotEmpty.signal();
      }
    } finally {
      queueLock.unlock();
    }
  }

  private void runWriter() {
    try {
      try {
        options.writerStart().run();
      } catch (RuntimeException e) {
        // Its purpose is the writer's speed, not its correctness: the log works without it.
        LOG.log(Level.WARNING, "The writer thread's start task failed", e);
      }
      while (true) {
        List<Pending> batch;
        queueLock.lock();
        try {
          while (queue.isEmpty() && !closing) {
            queueNotEmpty.await();
          }
          if (queue.isEmpty()) {
            return;
          }
          awaitCoalescing();
          batch = queue;
          queue = new ArrayList<>(Math.max(16, batch.size()));
          queuedRecords = 0;
        } finally {
          queueLock.unlock();
        }
        if (!commit(batch)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      fail(new IllegalStateException("the writer thread was interrupted", e), List.of(), 0);
    } catch (Throwable e) {
      // Anything escaping between batches (an OutOfMemoryError swapping the queue) would otherwise
      // end the writer silently: appends queued for ever, the log still saying it is writable.
      fail(e, List.of(), 0);
    } finally {
      durableLock.lock();
      try {
        writerStopped = true;
        durableAdvanced.signalAll();
      } finally {
        durableLock.unlock();
      }
    }
  }

  /**
   * Holds the group commit open, while the queue lock is held, for the records that arrive within
   * the coalescing delay of the first: at a high rate requests still come one by one, and without
   * this each pays a write, an fsync and the writer's wake-ups nearly alone. At a low rate no
   * company would come, and the commit starts at once.
   */
  private void awaitCoalescing() throws InterruptedException {
    if (!coalescing.worthHolding()) {
      return;
    }
    long deadline = firstQueuedNanos + options.coalesceDelay().toNanos();
    long remaining;
    while (queuedRecords < options.coalesceRecords()
        && !closing
        && (remaining = deadline - System.nanoTime()) > 0) {
      queueNotEmpty.awaitNanos(remaining);
    }
  }

  /** Writes and fsyncs one batch; returns false if the log failed. */
  private boolean commit(List<Pending> batch) {
    long[] firstSequences = new long[batch.size()];
    long batchBytes = 0;
    long batchRecords = 0;
    for (Pending pending : batch) {
      batchBytes += pending.frameBytes();
      batchRecords += pending.payloads().length;
    }
    long last;
    try {
      last = writer.write(batch, firstSequences);
    } catch (Throwable e) {
      fail(e, batch, batchRecords);
      return false;
    }
    queueLock.lock();
    try {
      queuedBytes -= batchBytes;
    } finally {
      queueLock.unlock();
    }
    records += batchRecords;
    bytes += batchBytes;
    batches++;
    lastBatchRecords = batchRecords;
    maxBatchRecords = Math.max(maxBatchRecords, batchRecords);
    long fsyncNanos = writer.lastForceNanos();
    long fsyncMicros = fsyncNanos / 1_000;
    lastFsyncMicros = fsyncMicros;
    maxFsyncMicros = Math.max(maxFsyncMicros, fsyncMicros);
    durableLock.lock();
    try {
      durableSequence = last;
      durableAdvanced.signalAll();
    } finally {
      durableLock.unlock();
    }
    boolean forCompleter = false;
    for (int i = 0; i < firstSequences.length; i++) {
      Pending pending = batch.get(i);
      if (pending.completeOn() == null || !handOver(pending, firstSequences[i])) {
        forCompleter = true;
        continue;
      }
      // Handed over: the completion thread skips it.
      firstSequences[i] = HANDED_OVER;
    }
    if (forCompleter) {
      Runnable completion =
          () -> {
            for (int i = 0; i < firstSequences.length; i++) {
              if (firstSequences[i] != HANDED_OVER) {
                batch.get(i).firstSequence().complete(firstSequences[i]);
              }
            }
          };
      try {
        completer.execute(completion);
      } catch (Throwable e) {
        // The batch is durable: its callers must hear so, if not from the completion thread (an
        // OutOfMemoryError creating its task), then from this one.
        LOG.log(Level.WARNING, "Completing a durable batch on the writer thread", e);
        completion.run();
      }
    }
    // After the batch is on its way to its callers: an observer never delays an answer.
    try {
      fsyncObserver.accept(fsyncNanos);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The fsync observer failed; the log goes on", e);
    }
    return true;
  }

  /** Completes on the pending's own executor; false if it refused or failed. */
  private static boolean handOver(Pending pending, long firstSequence) {
    try {
      pending.completeOn().execute(() -> pending.firstSequence().complete(firstSequence));
      return true;
    } catch (RuntimeException | Error refused) {
      // Shutting down, or an Error in the caller's executor: the completion thread completes it.
      return false;
    }
  }

  private void fail(Throwable cause, List<Pending> batch, long batchRecords) {
    long durable = durableSequence;
    DecisionLogFailedException failed =
        new DecisionLogFailedException(
            "the writer failed on a batch of "
                + batchRecords
                + " records for segment "
                + writer.segment()
                + " ("
                + cause
                + "); nothing after sequence "
                + durable
                + " is acknowledged; restart the process once the disk is healthy",
            cause);
    List<Pending> queued;
    queueLock.lock();
    try {
      failure = failed;
      queued = queue;
      queue = new ArrayList<>();
      queuedBytes = 0;
      queuedRecords = 0;
    } finally {
      queueLock.unlock();
    }
    LOG.log(Level.ERROR, "Decision log " + directory + " failed: " + failed.getMessage(), cause);
    for (Pending pending : batch) {
      pending.firstSequence().completeExceptionally(failed);
    }
    for (Pending pending : queued) {
      pending.firstSequence().completeExceptionally(failed);
    }
    try {
      writer.abandon();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Shuts {@code executor} down and waits, however long, for its tasks to finish: closing must not
   * leave one running on a closed file.
   *
   * @return whether the waiting thread was interrupted; the caller restores its flag when done
   */
  static boolean shutDownAndWait(ExecutorService executor) {
    executor.shutdown();
    boolean interrupted = false;
    while (!executor.isTerminated()) {
      try {
        executor.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "Cannot close " + channel, e);
      }
    }
  }
}
