package io.insightmesh.decisions.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
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
 * each file's length. Like Hadoop's local file system, a written file is not fsynced: the decision
 * log, not the table, is what makes a decision durable before it is answered.
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
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the directory of " + location, e);
    }
    return new LocatedOutputFile(location, org.apache.iceberg.Files.localOutput(path.toFile()));
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

  private record LocatedOutputFile(String location, OutputFile delegate) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return delegate.create();
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return delegate.createOrOverwrite();
    }

    @Override
    public InputFile toInputFile() {
      return new LocatedInputFile(location, delegate.toInputFile());
    }
  }
}
