package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads durable records of a {@link DecisionLog} in sequence order, from a starting sequence on. It
 * never returns a record that is not yet durable, so a committer can tail the log while appends
 * continue and never publish a decision that a crash could still take back. Not thread-safe: one
 * reader per consumer.
 */
public final class LogReader implements AutoCloseable {
  private final DecisionLog log;
  private long nextSequence;
  private long segmentFirstSequence = -1;
  private Path segment;
  private FileChannel channel;
  private FrameReader frames;
  private long position;

  LogReader(DecisionLog log, long fromSequence) {
    this.log = requireNonNull(log, "log is null");
    this.nextSequence = fromSequence;
  }

  /** The sequence the next record returned will have. */
  public long nextSequence() {
    return nextSequence;
  }

  /**
   * Returns the next record if it is durable.
   *
   * @return the record, or empty if the reader has caught up with the durable records
   * @throws CorruptLogException if the record's frame is damaged
   * @throws IllegalStateException if the record's segment was truncated away
   * @throws UncheckedIOException if the segment cannot be read
   */
  public Optional<LogRecord> next() {
    if (nextSequence > log.durableSequence()) {
      return Optional.empty();
    }
    return Optional.of(read());
  }

  /**
   * Waits up to {@code timeout} for the next record to become durable, then returns it with any
   * durable records after it, up to {@code maxRecords}.
   *
   * @return the records, empty if none became durable in time or the log stopped writing
   * @throws IllegalArgumentException if {@code maxRecords} is below 1
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public List<LogRecord> poll(int maxRecords, Duration timeout) throws InterruptedException {
    if (maxRecords < 1) {
      throw new IllegalArgumentException(
          "Invalid maxRecords " + maxRecords + ": must be at least 1");
    }
    if (!log.awaitDurable(nextSequence, timeout)) {
      return List.of();
    }
    long durable = log.durableSequence();
    List<LogRecord> records =
        new ArrayList<>((int) Math.min(maxRecords, durable - nextSequence + 1));
    while (records.size() < maxRecords && nextSequence <= durable) {
      records.add(read());
    }
    return records;
  }

  /** Releases the open segment. */
  @Override
  public void close() {
    closeSegment();
  }

  private LogRecord read() {
    try {
      Map.Entry<Long, Path> holder = log.segmentFor(nextSequence);
      if (holder == null) {
        throw new IllegalStateException(
            "Cannot read sequence "
                + nextSequence
                + " of decision log "
                + log.directory()
                + ": it now starts at "
                + log.firstSequence()
                + " (the segment was truncated)");
      }
      if (holder.getKey() != segmentFirstSequence) {
        openSegment(holder.getKey(), holder.getValue());
      }
      while (true) {
        Frame frame = frames.read(position, true);
        if (frame == null || frame.sequence() > nextSequence) {
          // A durable frame is final on disk; reread in case the window was filled mid-write.
          frame = frames.readFresh(position, true);
        }
        if (frame == null) {
          throw new CorruptLogException(
              segment,
              position,
              frames.problem() + " where durable sequence " + nextSequence + " was expected");
        }
        if (frame.sequence() < nextSequence && frame.sequence() >= segmentFirstSequence) {
          // Still moving to the starting sequence.
          position = frame.nextPosition();
          continue;
        }
        if (frame.sequence() != nextSequence) {
          throw new CorruptLogException(
              segment,
              position,
              "the frame holds sequence "
                  + frame.sequence()
                  + " where "
                  + nextSequence
                  + " was expected");
        }
        position = frame.nextPosition();
        nextSequence++;
        return new LogRecord(frame.sequence(), frame.payload());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read decision log segment " + segment + " at offset " + position, e);
    }
  }

  private void openSegment(long firstSequence, Path file) throws IOException {
    closeSegment();
    segment = file;
    channel = FileChannel.open(file, StandardOpenOption.READ);
    frames = new FrameReader(file, channel);
    segmentFirstSequence = firstSequence;
    position = 0;
  }

  private void closeSegment() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close decision log segment " + segment, e);
      } finally {
        channel = null;
        frames = null;
        segmentFirstSequence = -1;
      }
    }
  }
}
