package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32C;

/** Appends batches of frames to the active segment, rolling to a new one at the size limit. */
final class SegmentWriter implements Closeable {
  private static final int MIN_BUFFER_BYTES = 1 << 20;

  private final Path directory;
  private final long segmentBytes;
  private final SegmentChannels channels;
  private final ConcurrentSkipListMap<Long, Path> segments;
  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
  private FileChannel channel;
  private Path segment;
  private long size;
  private long nextSequence;
  private volatile long fsyncs;
  private long lastForceNanos;

  SegmentWriter(
      Path directory,
      long segmentBytes,
      int maxRecordBytes,
      SegmentChannels channels,
      ConcurrentSkipListMap<Long, Path> segments,
      long activeSize,
      long nextSequence)
      throws IOException {
    this.directory = requireNonNull(directory, "directory is null");
    this.segmentBytes = segmentBytes;
    this.channels = requireNonNull(channels, "channels is null");
    this.segments = requireNonNull(segments, "segments is null");
    this.buffer =
        ByteBuffer.allocateDirect(
            (int) Math.max(MIN_BUFFER_BYTES, Frames.frameBytes(maxRecordBytes)));
    this.segment = segments.lastEntry().getValue();
    this.channel = channels.openForAppend(segment);
    this.size = activeSize;
    this.nextSequence = nextSequence;
  }

  /**
   * Writes every record of the batch and fsyncs once.
   *
   * @param firstSequences receives, per pending entry, the sequence of its first record
   * @return the sequence of the last record written
   */
  long write(List<Pending> batch, long[] firstSequences) throws IOException {
    for (int i = 0; i < batch.size(); i++) {
      firstSequences[i] = nextSequence;
      for (byte[] payload : batch.get(i).payloads()) {
        long frameBytes = Frames.frameBytes(payload.length);
        long written = size + buffer.position();
        if (written > 0 && written + frameBytes > segmentBytes) {
          flush();
          roll();
        }
        if (buffer.remaining() < frameBytes) {
          flush();
        }
        Frames.encode(buffer, nextSequence, payload, crc);
        nextSequence++;
      }
    }
    flush();
    long started = System.nanoTime();
    force();
    lastForceNanos = System.nanoTime() - started;
    return nextSequence - 1;
  }

  /** The segment being appended to. */
  Path segment() {
    return segment;
  }

  long fsyncs() {
    return fsyncs;
  }

  long lastForceNanos() {
    return lastForceNanos;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      size += channel.write(buffer, size);
    }
    buffer.clear();
  }

  private void force() throws IOException {
    channel.force(false);
    fsyncs++;
  }

  private void roll() throws IOException {
    // The old segment must be durable before the new one exists: recovery treats an invalid frame
    // in any segment but the last as damage, not as a torn write.
    force();
    channel.close();
    Path next = directory.resolve(Segments.fileName(nextSequence));
    channel = channels.openForAppend(next);
    segment = next;
    size = 0;
    Segments.syncDirectory(directory);
    segments.put(nextSequence, next);
  }
}
