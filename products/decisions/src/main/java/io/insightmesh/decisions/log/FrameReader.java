package io.insightmesh.decisions.log;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads and verifies frames from one segment through a window buffer, so a scan costs one read call
 * per window rather than two per record. Not thread-safe.
 */
final class FrameReader {
  private static final int WINDOW_BYTES = 256 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
  private long windowStart;
  private String problem = "";
  private boolean atEnd;

  FrameReader(Path file, FileChannel channel) {
    this.file = requireNonNull(file, "file is null");
    this.channel = requireNonNull(channel, "channel is null");
    window.limit(0);
  }

  /**
   * Returns the valid frame that starts at {@code position}, or null when there is none; then
   * {@link #problem()} says why and {@link #atEnd()} whether the position is simply the end of the
   * file.
   *
   * @throws CorruptLogException for a frame of a version above this release's: a torn write cannot
   *     produce one, so truncating it could drop records a newer release wrote
   */
  Frame read(long position, boolean copyPayload) throws IOException {
    atEnd = false;
    if (!ensure(position, Frames.HEADER_BYTES)) {
      long available = channel.size() - position;
      atEnd = available <= 0;
      problem =
          atEnd
              ? "end of file"
              : "incomplete frame header: " + available + " of " + Frames.HEADER_BYTES + " bytes";
      return null;
    }
    int base = (int) (position - windowStart);
    int magic = window.getInt(base);
    if (magic != Frames.MAGIC) {
      problem = String.format("bad magic 0x%08x, expected 0x%08x", magic, Frames.MAGIC);
      return null;
    }
    byte version = window.get(base + 4);
    if (version == 0) {
      // Segments are zero-filled ahead of the writer: a write torn right after the magic (a page
      // boundary at kill -9) leaves a zero version, which no release writes.
      problem = "torn frame header: the magic without a version";
      return null;
    }
    if (version != Frames.VERSION) {
      throw new CorruptLogException(
          file,
          position,
          "frame version "
              + version
              + " is not supported (this release reads "
              + Frames.VERSION
              + ")");
    }
    int length = window.getInt(base + Frames.LENGTH_OFFSET);
    long frameBytes = Frames.frameBytes(length);
    if (length < 0) {
      problem = "negative payload length " + length;
      return null;
    }
    if (position + frameBytes > windowStart + window.limit()) {
      // Bound the length by the file before trusting it with an allocation.
      long available = channel.size() - position;
      if (frameBytes > available) {
        problem =
            "frame of "
                + frameBytes
                + " bytes runs past the end of the file ("
                + available
                + " bytes left)";
        return null;
      }
      if (!ensure(position, (int) frameBytes)) {
        problem = "file shrank while reading a frame of " + frameBytes + " bytes";
        return null;
      }
      base = (int) (position - windowStart);
    }
    int expectedChecksum = window.getInt(base + Frames.CHECKSUM_OFFSET);
    crc.reset();
    crc.update(
        window.array(), window.arrayOffset() + base + Frames.SEQUENCE_OFFSET, Long.BYTES + length);
    if ((int) crc.getValue() != expectedChecksum) {
      problem = "checksum mismatch in a frame of " + frameBytes + " bytes";
      return null;
    }
    long sequence = window.getLong(base + Frames.SEQUENCE_OFFSET);
    byte[] payload =
        copyPayload
            ? Arrays.copyOfRange(
                window.array(),
                window.arrayOffset() + base + Frames.HEADER_BYTES,
                window.arrayOffset() + base + Frames.HEADER_BYTES + length)
            : null;
    return new Frame(sequence, payload, position + frameBytes);
  }

  /** Like {@link #read}, but rereads the file rather than trusting bytes already in the window. */
  Frame readFresh(long position, boolean copyPayload) throws IOException {
    window.limit(0);
    return read(position, copyPayload);
  }

  /** Why the last {@link #read} returned null. */
  String problem() {
    return problem;
  }

  /** Whether the last {@link #read} returned null because the position is the end of the file. */
  boolean atEnd() {
    return atEnd;
  }

  private boolean ensure(long position, int length) throws IOException {
    if (position >= windowStart && position + length <= windowStart + window.limit()) {
      return true;
    }
    if (length > window.capacity()) {
      window = ByteBuffer.allocate(Math.max(length, WINDOW_BYTES));
    }
    window.clear();
    windowStart = position;
    while (window.hasRemaining()) {
      int read = channel.read(window, windowStart + window.position());
      if (read < 0) {
        break;
      }
    }
    window.flip();
    return window.limit() >= length;
  }
}
