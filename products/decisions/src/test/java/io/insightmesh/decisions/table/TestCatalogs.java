package io.insightmesh.decisions.table;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
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

  /**
   * Sets table properties given as {@code key=value,key=value} (the probes' argument for comparing
   * writer settings); nothing for null.
   */
  public static void setProperties(Table table, String properties) {
    if (properties == null) {
      return;
    }
    UpdateProperties update = table.updateProperties();
    for (String property : properties.split(",")) {
      String[] keyValue = property.split("=", 2);
      update.set(keyValue[0], keyValue[1]);
    }
    update.commit();
  }
}
