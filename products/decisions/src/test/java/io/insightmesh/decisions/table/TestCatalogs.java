package io.insightmesh.decisions.table;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg's own JDBC catalog on an embedded H2 file database, with a temporary file warehouse read
 * and written through the engine's {@link WarehouseFileIO}, as the engine's catalog client does.
 */
public final class TestCatalogs {
  private TestCatalogs() {}

  /**
   * A catalog whose database and warehouse live under {@code directory}; opening it twice shares
   * them.
   */
  public static JdbcCatalog open(Path directory) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(
        "test",
        Map.of(
            CatalogProperties.URI,
            "jdbc:h2:file:" + directory.resolve("catalog").toAbsolutePath(),
            CatalogProperties.WAREHOUSE_LOCATION,
            directory.resolve("warehouse").toUri().toString(),
            CatalogProperties.FILE_IO_IMPL,
            WarehouseFileIO.class.getName(),
            "jdbc.schema-version",
            "V1"));
    return catalog;
  }
}
