package io.insightmesh.catalog.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Iceberg file access for a {@code file:} warehouse without Hadoop on the service's classpath. The
 * catalog only reads and writes metadata; engines bring their own FileIO for data.
 *
 * <p>The scoring engine has a near twin ({@code io.insightmesh.decisions.table.LocalFileIO}). They
 * stay two: the catalog does not depend on the SDK, and taking the SDK's jar for this class alone
 * (with its Spark, Trino and CLI dependencies excluded) left it outside Quarkus's test class
 * loader, where Iceberg's {@code FileIO} lives, so loading it by name failed with a {@code
 * ClassCastException} in every {@code @QuarkusTest} (tried 2026-11-30).
 *
 * <p>A metadata file is forced to disk when it is closed, and so is its directory entry (and a new
 * table's directories): the pointer swap that names it comes after, and with PostgreSQL the swap is
 * durable at once — after a power cut the pointer must not name a file that never left the page
 * cache. Forced through a second descriptor after Iceberg's stream is closed, since {@code fsync}
 * flushes the file's pages whichever descriptor wrote them.
 */
public class LocalFileIO implements FileIO {
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
      throw new UncheckedIOException("Cannot create directory for " + location, e);
    }
    return new LocatedOutputFile(
        location, path, org.apache.iceberg.Files.localOutput(path.toFile()));
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
      // Another request made it and may not have synced its parent yet: this file's entry must
      // not outlive a power cut that the directory's does not.
      force(directory.getParent());
      return;
    }
    force(directory.getParent());
  }

  /** Forces a file's or directory's content (a directory's: its entries) to disk. */
  private static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
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
   * plain strings, not encoded URIs, so {@code file:/a}, {@code file:///a} all name {@code /a}.
   */
  static Path path(String location) {
    String rest = location.startsWith("file:") ? location.substring("file:".length()) : location;
    return Paths.get("/" + rest.replaceFirst("^/+", "")).normalize();
  }

  /** Keeps the caller's spelling of the location, which Iceberg compares as a string. */
  private record LocatedInputFile(String location, InputFile delegate) implements InputFile {
    @Override
    public long getLength() {
      return delegate.getLength();
    }

    @Override
    public org.apache.iceberg.io.SeekableInputStream newStream() {
      return delegate.newStream();
    }

    @Override
    public boolean exists() {
      return delegate.exists();
    }
  }

  private record LocatedOutputFile(String location, Path path, OutputFile delegate)
      implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return new ForcedOnClose(delegate.create(), path);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return new ForcedOnClose(delegate.createOrOverwrite(), path);
    }

    @Override
    public InputFile toInputFile() {
      return new LocatedInputFile(location, delegate.toInputFile());
    }
  }

  /** Iceberg's stream, with the file and its directory entry forced once it is closed. */
  private static final class ForcedOnClose extends PositionOutputStream {
    private final PositionOutputStream delegate;
    private final Path path;
    private boolean closed;

    ForcedOnClose(PositionOutputStream delegate, Path path) {
      this.delegate = delegate;
      this.path = path;
    }

    @Override
    public long getPos() throws IOException {
      return delegate.getPos();
    }

    @Override
    public void write(int b) throws IOException {
      delegate.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      delegate.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      delegate.close();
      force(path);
      force(path.getParent());
    }
  }
}
