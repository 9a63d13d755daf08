package io.insightmesh.decisions.table;

import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.ResolvingFileIO;

/**
 * The engine's file IO for the decisions table: local locations ({@code file:} or an absolute path)
 * through {@link LocalFileIO}, every other scheme as Iceberg's REST client would reach it anyway,
 * through {@link ResolvingFileIO} ({@code s3://} by S3FileIO, with the endpoint and credentials the
 * catalog's {@code /v1/config} and the AWS SDK give it).
 *
 * <p>The REST client's default, {@link ResolvingFileIO}, reaches a {@code file:} location through
 * Hadoop's local file system, which starts a {@code chmod} process for every file and directory it
 * creates and writes a {@code .crc} beside each: about three process starts a commit, once a
 * second, on the core that answers claims. The choice is made per location rather than once per
 * warehouse, so the engine needs no setting for it and a table can never be written through the
 * wrong one. Bulk and prefix operations (Iceberg's maintenance, not the committer) stay with {@link
 * ResolvingFileIO} for every scheme.
 */
public class WarehouseFileIO extends ResolvingFileIO {
  private final LocalFileIO local = new LocalFileIO();

  @Override
  public InputFile newInputFile(String location) {
    return isLocal(location) ? local.newInputFile(location) : super.newInputFile(location);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return isLocal(location) ? local.newInputFile(location) : super.newInputFile(location, length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return isLocal(location) ? local.newOutputFile(location) : super.newOutputFile(location);
  }

  @Override
  public void deleteFile(String location) {
    if (isLocal(location)) {
      local.deleteFile(location);
    } else {
      super.deleteFile(location);
    }
  }

  static boolean isLocal(String location) {
    return location.startsWith("file:") || location.startsWith("/");
  }
}
