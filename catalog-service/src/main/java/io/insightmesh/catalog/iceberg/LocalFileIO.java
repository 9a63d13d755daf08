package io.insightmesh.catalog.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Iceberg file access for a {@code file:} warehouse without Hadoop on the service's classpath. The
 * catalog only reads and writes metadata; engines bring their own FileIO for data.
 *
 * <p>The scoring engine has a near twin ({@code io.insightmesh.decisions.table.LocalFileIO}). They
 * stay two: the catalog does not depend on the SDK, and taking the SDK's jar for this class alone
 * (with its Spark, Trino and CLI dependencies excluded) left it outside Quarkus's test class
 * loader, where Iceberg's {@code FileIO} lives, so loading it by name failed with a {@code
 * ClassCastException} in every {@code @QuarkusTest} (tried 2026-11-30).
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
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create directory for " + location, e);
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

  private record LocatedOutputFile(String location, OutputFile delegate) implements OutputFile {
    @Override
    public org.apache.iceberg.io.PositionOutputStream create() {
      return delegate.create();
    }

    @Override
    public org.apache.iceberg.io.PositionOutputStream createOrOverwrite() {
      return delegate.createOrOverwrite();
    }

    @Override
    public InputFile toInputFile() {
      return new LocatedInputFile(location, delegate.toInputFile());
    }
  }
}
