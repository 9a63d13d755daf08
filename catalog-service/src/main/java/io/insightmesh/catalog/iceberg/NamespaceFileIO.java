package io.insightmesh.catalog.iceberg;

import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.jboss.logging.Logger;

/**
 * The catalog's files as one table's operations may touch them: read and written as asked, deleted
 * only inside the directory of the table's namespace. Iceberg deletes what a table's metadata names
 * (the metadata files that drop out of its log after a commit), and a client writes that metadata:
 * a registered file's log could name another domain's metadata or the catalog's own database. A
 * file outside is kept and logged, not refused with an exception: Iceberg's cleanup and a failed
 * commit's would log or hide it, and a failed commit's cleanup must not replace its own error.
 */
final class NamespaceFileIO implements FileIO {
  private static final Logger LOG = Logger.getLogger(NamespaceFileIO.class);
  private final FileIO files;
  private final WarehouseLocations directory;
  private final TableIdentifier identifier;

  NamespaceFileIO(FileIO files, WarehouseLocations directory, TableIdentifier identifier) {
    this.files = files;
    this.directory = directory;
    this.identifier = identifier;
  }

  @Override
  public InputFile newInputFile(String path) {
    return files.newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return files.newInputFile(path, length);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return files.newOutputFile(path);
  }

  @Override
  public void deleteFile(String path) {
    if (directory.contains(path)) {
      files.deleteFile(path);
    } else {
      LOG.warnf(
          "Kept %s: table %s may delete files only inside the directory of its namespace (%s)",
          path, identifier, directory.root());
    }
  }

  @Override
  public Map<String, String> properties() {
    return files.properties();
  }

  @Override
  public void close() {
    // The catalog's own file IO outlives a table's operations.
  }
}
