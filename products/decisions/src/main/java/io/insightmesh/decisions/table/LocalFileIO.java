package io.insightmesh.decisions.table;

import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * The engine's file access for a {@code file:} warehouse: data files, manifests and manifest lists
 * written and read straight through the JDK. {@link WarehouseFileIO} sends only local locations
 * here; object storage keeps Iceberg's own file IO.
 *
 * <p>Iceberg's default for a REST catalog is Hadoop's file IO, and Hadoop's local file system
 * starts a {@code chmod} process for every file it creates (three or so a commit) and writes a
 * {@code .crc} file beside each: process starts and checksums on the core that answers claims.
 * Neither is needed here: the warehouse is a local directory, and Iceberg's own metadata carries
 * each file's length.
 *
 * <p>Unlike Hadoop's local file system, a written file is forced to disk when it is closed, and so
 * is a new file's directory entry: once a commit returns, the committer truncates the decision log
 * below it, and after a power cut the table must still hold what the log no longer does. Files are
 * closed before the commit that names them, so a commit never names a file still in the page cache
 * alone.
 */
final class LocalFileIO implements FileIO {
  private Map<String, String> properties = Map.of();

  @Override
  public void initialize(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new LocatedInputFile(
        location, org.apache.iceberg.Files.localInput(path(location).toFile()));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    Path path = path(location);
    try {
      createDirectories(path.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the directory of " + location, e);
    }
    return new SyncedOutputFile(location, path);
  }

  /** Creates {@code directory} and its missing parents, each durable in its parent's entries. */
  private static void createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    createDirectories(directory.getParent());
    try {
      Files.createDirectory(directory);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Another writer made it and may not have synced its parent yet: this file's entry must
      // not outlive a power cut that the directory's does not.
      DurableFiles.syncDirectory(directory.getParent());
      return;
    }
    DurableFiles.syncDirectory(directory.getParent());
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(path(location));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + location, e);
    }
  }

  /**
   * The local path of a {@code file:} location or a plain absolute path. Iceberg locations are
   * plain strings, not encoded URIs, so {@code file:/a} and {@code file:///a} both name {@code /a}.
   *
   * @throws IllegalArgumentException for any other scheme, which this class cannot reach: a silent
   *     fallback to a local path would write somewhere else
   */
  static Path path(String location) {
    String rest = location.startsWith("file:") ? location.substring("file:".length()) : location;
    if (!location.startsWith("file:") && !location.startsWith("/")) {
      throw new IllegalArgumentException(
          "location: LocalFileIO reaches file: locations only, not " + scheme(location));
    }
    return Paths.get("/" + rest.replaceFirst("^/+", "")).normalize();
  }

  /** The scheme of a location, without the rest of it (which may name a bucket or a host). */
  private static String scheme(String location) {
    int colon = location.indexOf(':');
    return colon > 0 ? location.substring(0, colon + 1) : "a relative path";
  }

  /** Keeps the caller's spelling of the location, which Iceberg compares as a string. */
  private record LocatedInputFile(String location, InputFile delegate) implements InputFile {
    @Override
    public long getLength() {
      return delegate.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      return delegate.newStream();
    }

    @Override
    public boolean exists() {
      return delegate.exists();
    }
  }

  /** A local file written through a channel that is forced on close. */
  private record SyncedOutputFile(String location, Path path) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      try {
        return new SyncedStream(
            path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new AlreadyExistsException(e, "File already exists: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + location, e);
      }
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      try {
        return new SyncedStream(
            path,
            FileChannel.open(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + location, e);
      }
    }

    @Override
    public InputFile toInputFile() {
      return new LocatedInputFile(location, org.apache.iceberg.Files.localInput(path.toFile()));
    }
  }

  private static final class SyncedStream extends PositionOutputStream {
    private static final int BUFFER = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long position;
    private boolean closed;

    SyncedStream(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      if (!buffer.hasRemaining()) {
        drain();
      }
      buffer.put((byte) b);
      position++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (length >= BUFFER) {
        drain();
        ByteBuffer whole = ByteBuffer.wrap(bytes, offset, length);
        while (whole.hasRemaining()) {
          channel.write(whole);
        }
      } else {
        if (length > buffer.remaining()) {
          drain();
        }
        buffer.put(bytes, offset, length);
      }
      position += length;
    }

    @Override
    public void flush() throws IOException {
      drain();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (channel) {
        drain();
        channel.force(true);
      }
      DurableFiles.syncDirectory(path.getParent());
    }

    private void drain() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }
  }
}
