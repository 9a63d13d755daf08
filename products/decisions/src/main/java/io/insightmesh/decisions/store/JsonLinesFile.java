package io.insightmesh.decisions.store;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An append-only file of lines (JSON documents, one a line), each made durable by an fsync before
 * {@link #append} returns.
 *
 * <p>A crash can tear only the last line: it was being written and never acknowledged. Readers skip
 * it ({@link #read}) and {@link #open} cuts it off before appending, so it can never end up in the
 * middle of the file. Any other line that does not parse is corruption, for the caller to refuse.
 *
 * <p>After a failed append the file's tail is unknown, so the instance refuses further appends;
 * reopening it (at restart) cuts the torn tail off.
 */
public final class JsonLinesFile implements AutoCloseable {
  /** The longest line written or read, in bytes, newline excluded. */
  public static final int MAX_LINE_BYTES = 64 << 10;

  private final Path file;
  private final FileChannel channel;
  private long size;
  private boolean failed;

  private JsonLinesFile(Path file, FileChannel channel, long size) {
    this.file = file;
    this.channel = channel;
    this.size = size;
  }

  /**
   * Opens the file for appending, creating it if needed and cutting off a torn last line.
   *
   * @throws IOException if it cannot be opened, created or cut
   */
  public static JsonLinesFile open(Path file) throws IOException {
    requireNonNull(file, "file is null");
    FileChannel channel = DurableFiles.openForAppend(file);
    try {
      long complete = completeLength(channel);
      if (complete < channel.size()) {
        channel.truncate(complete);
        channel.force(true);
      }
      return new JsonLinesFile(file, channel, complete);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * Appends one line and makes it durable.
   *
   * @throws IllegalArgumentException if the line holds a line break or is longer than {@link
   *     #MAX_LINE_BYTES}
   * @throws IOException if it cannot be written or synced; its outcome is then unknown and this
   *     instance refuses further appends
   */
  public synchronized void append(String line) throws IOException {
    requireNonNull(line, "line is null");
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("A line of " + file + " must not hold a line break");
    }
    byte[] bytes = (line + '\n').getBytes(StandardCharsets.UTF_8);
    if (bytes.length - 1 > MAX_LINE_BYTES) {
      throw new IllegalArgumentException(
          "A line of " + file + " must be at most " + MAX_LINE_BYTES + " bytes");
    }
    if (failed) {
      throw new IOException(
          "An earlier append to "
              + file
              + " failed; nothing more is appended until it is reopened");
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      long position = size;
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      channel.force(false);
      size = position;
    } catch (IOException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /** What {@link #read} found in a file. */
  public interface LineConsumer {
    /**
     * One complete line.
     *
     * @param number its line number, from 1, for messages
     */
    void line(long number, String line);
  }

  /**
   * Reads every complete line, in order, skipping a torn last line.
   *
   * @return whether a torn last line was skipped
   * @throws CorruptLinesException if a line is longer than {@link #MAX_LINE_BYTES}
   * @throws IOException if the file cannot be read
   */
  public static boolean read(Path file, LineConsumer consumer) throws IOException {
    requireNonNull(file, "file is null");
    requireNonNull(consumer, "consumer is null");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      long number = 0;
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          number++;
          consumer.line(number, line.toString(StandardCharsets.UTF_8));
          line.reset();
        } else if (line.size() == MAX_LINE_BYTES) {
          throw new CorruptLinesException(
              file + ": line " + (number + 1) + " is longer than " + MAX_LINE_BYTES + " bytes");
        } else {
          line.write(b);
        }
      }
      return line.size() > 0;
    }
  }

  /** The length of the file up to and including its last line break. */
  private static long completeLength(FileChannel channel) throws IOException {
    long end = channel.size();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (end > 0) {
      int length = (int) Math.min(buffer.capacity(), end);
      long start = end - length;
      buffer.clear().limit(length);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, start + buffer.position()) < 0) {
          throw new IOException("The file shrank while it was read");
        }
      }
      for (int i = length - 1; i >= 0; i--) {
        if (buffer.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }
}
