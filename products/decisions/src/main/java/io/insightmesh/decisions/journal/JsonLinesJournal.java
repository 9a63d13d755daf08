package io.insightmesh.decisions.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An append-only file of lines (JSON documents, one per line), each synced to disk before {@link
 * #append} returns: what was acknowledged survives a crash.
 *
 * <p>A crash can leave the last line torn (no final newline), a power cut one with a hole: it was
 * never acknowledged, so {@link #open} cuts it off. A whole line before it that does not parse is
 * corruption, which the reader reports rather than skips. Thread-safe.
 */
public final class JsonLinesJournal implements AutoCloseable {
  /** The longest line; bounds what one entry can make a reader hold. */
  public static final int MAX_LINE_BYTES = 64 << 10;

  private final Path file;
  private final FileChannel channel;
  private boolean failed;

  private JsonLinesJournal(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Opens (creating it and its directory if needed) the journal, cutting off a torn last line.
   *
   * @throws UncheckedIOException if the file cannot be opened
   */
  public static JsonLinesJournal open(Path file) {
    requireNonNull(file, "file is null");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      // A new journal's entry in its directory is made durable too: else a power cut could take
      // the file, and the entries acknowledged in it, with it.
      FileChannel channel = DurableFiles.openForAppend(file);
      long whole = wholeLength(channel);
      // The last whole line may be one a power cut left with a page of zeros (its newline reached
      // the disk, its middle did not). Appends go one at a time, each synced before it returns,
      // so no later line was acknowledged after it: it is cut like a torn one, not corruption.
      long lastStart = lastLineStart(channel, whole);
      if (whole > lastStart && !isJson(channel, lastStart, whole)) {
        System.getLogger(JsonLinesJournal.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "Cut a damaged last line (" + (whole - lastStart) + " bytes) of journal " + file);
        whole = lastStart;
      }
      if (whole < channel.size()) {
        channel.truncate(whole);
        channel.force(true);
      }
      channel.position(whole);
      return new JsonLinesJournal(file, channel);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open journal " + file, e);
    }
  }

  /** Where the last whole line before {@code whole} starts. */
  private static long lastLineStart(FileChannel channel, long whole) throws IOException {
    return whole <= 1 ? 0 : wholeLength(channel, whole - 1);
  }

  private static boolean isJson(FileChannel channel, long start, long end) throws IOException {
    if (end - start > MAX_LINE_BYTES + 1) {
      return false;
    }
    ByteBuffer line = ByteBuffer.allocate((int) (end - start));
    while (line.hasRemaining()) {
      if (channel.read(line, start + line.position()) < 0) {
        return false;
      }
    }
    try (var parser = JSON.createParser(line.array())) {
      while (parser.nextToken() != null) {
        // Reads the whole document: a line that stops making sense anywhere is damaged.
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON =
      new com.fasterxml.jackson.core.JsonFactory();

  /** The length up to and including the last newline. */
  private static long wholeLength(FileChannel channel) throws IOException {
    return wholeLength(channel, channel.size());
  }

  /** The length up to and including the last newline before {@code size}. */
  private static long wholeLength(FileChannel channel, long size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    long end = size;
    while (end > 0) {
      long start = Math.max(0, end - buffer.capacity());
      buffer.clear().limit((int) (end - start));
      channel.read(buffer, start);
      for (int i = (int) (end - start) - 1; i >= 0; i--) {
        if (buffer.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }

  /**
   * Appends one line and syncs it to disk.
   *
   * @throws IllegalArgumentException if the line has a newline or is over {@link #MAX_LINE_BYTES}
   * @throws JournalFailedException if it cannot be written or synced (and on every later call)
   */
  public synchronized void append(String line) {
    requireNonNull(line, "line is null");
    byte[] bytes = (line + '\n').getBytes(UTF_8);
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 || bytes.length > MAX_LINE_BYTES) {
      throw new IllegalArgumentException(
          "A journal line must be one line of at most " + MAX_LINE_BYTES + " bytes");
    }
    if (failed) {
      throw new JournalFailedException("Journal " + file + " failed earlier; restart", null);
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      failed = true;
      throw new JournalFailedException("Cannot write journal " + file, e);
    }
  }

  /** Reads every whole line of {@code file} (absent: none), in order. */
  public static void readAll(Path file, Consumer<String> lines) {
    requireNonNull(lines, "lines is null");
    if (!Files.exists(file)) {
      return;
    }
    try (var reader = Files.newBufferedReader(file, UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty()) {
          lines.accept(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read journal " + file, e);
    }
  }

  /** The whole lines in the last {@code bytes} bytes of {@code file}, oldest first. */
  public static List<String> tail(Path file, long bytes) {
    List<String> lines = new ArrayList<>();
    if (!Files.exists(file)) {
      return lines;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long end = wholeLength(channel);
      long start = Math.max(0, end - bytes);
      ByteBuffer buffer = ByteBuffer.allocate((int) (end - start));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, start + buffer.position()) < 0) {
          break;
        }
      }
      String text = new String(buffer.array(), UTF_8);
      int from = 0;
      if (start > 0) {
        // The first line is cut unless the window starts right after a newline.
        ByteBuffer previous = ByteBuffer.allocate(1);
        channel.read(previous, start - 1);
        if (previous.get(0) != '\n') {
          from = text.indexOf('\n') + 1;
        }
      }
      for (String line : text.substring(from).split("\n")) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read journal " + file, e);
    }
  }

  /** The journal's file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close journal " + file, e);
    }
  }
}
