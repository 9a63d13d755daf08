package io.insightmesh.catalog.iceberg;

import io.insightmesh.catalog.config.CatalogConfig;
import io.insightmesh.catalog.store.CatalogStore;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg's own JDBC catalog over the metadata store: table and view pointers live in the database
 * and every commit is a compare-and-swap of the metadata location there.
 */
@ApplicationScoped
// At start, not on the first request: a warehouse the service cannot use (an s3:// one without a
// region, a directory it cannot create) stops it with the setting's name instead of failing calls.
@Startup
public class IcebergCatalogs {
  /** The catalog name under which JdbcCatalog keys its rows. */
  static final String CATALOG_NAME = "mesh";

  private final MeshJdbcCatalog catalog;
  private final WarehouseLocations warehouse;
  private final String warehouseName;
  private final Map<String, String> clientDefaults;

  public IcebergCatalogs(CatalogConfig config, CatalogStore store) {
    String location =
        config
            .warehouseLocation()
            .orElseGet(
                () -> "file:" + config.dataDir().toAbsolutePath().normalize().resolve("warehouse"));
    this.warehouse = new WarehouseLocations(location);
    this.warehouseName = config.warehouseName();
    this.clientDefaults = ObjectStorage.clientProperties(location, config.s3());
    if (location.startsWith("file:")) {
      try {
        Files.createDirectories(LocalFileIO.path(location));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the warehouse directory " + location, e);
      }
    }

    Map<String, String> properties = new HashMap<>(clientDefaults);
    properties.put(CatalogProperties.URI, store.jdbcUrl());
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.root());
    // V1 stores views beside tables; strict mode refuses tables in namespaces nobody created.
    properties.put("jdbc.schema-version", "V1");
    properties.put("jdbc.strict-mode", "true");
    properties.put(CatalogProperties.CLIENT_POOL_SIZE, "8");
    store.credentials().forEach((key, value) -> properties.put("jdbc." + key, value));
    FileIO io;
    if (location.startsWith("file:")) {
      properties.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
      io = new LocalFileIO();
    } else if (ObjectStorage.isS3(location)) {
      properties.put(CatalogProperties.FILE_IO_IMPL, S3FileIO.class.getName());
      ObjectStorage.checksumsWhenRequired();
      io = new S3FileIO();
    } else {
      io =
          CatalogUtil.loadFileIO(
              properties.getOrDefault(
                  CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.io.ResolvingFileIO"),
              properties,
              null);
    }
    io.initialize(properties);
    this.catalog = new MeshJdbcCatalog(store.dataSource(), io);
    catalog.initialize(CATALOG_NAME, properties);
  }

  public JdbcCatalog catalog() {
    return catalog;
  }

  MeshJdbcCatalog meshCatalog() {
    return catalog;
  }

  /** What this instance last read of the store's pointers. */
  RecentPointers pointers() {
    return catalog.pointers();
  }

  WarehouseLocations warehouse() {
    return warehouse;
  }

  /** The warehouse root every table location lies below, such as {@code file:/data/warehouse}. */
  public String warehouseLocation() {
    return warehouse.root();
  }

  /**
   * What every client needs to reach the warehouse's files, without secrets: for an {@code s3://}
   * warehouse its endpoint, region, addressing style and HTTP client; empty for a {@code file:}
   * one.
   */
  public Map<String, String> clientDefaults() {
    return clientDefaults;
  }

  /** The warehouse name clients ask for in {@code /v1/config}. */
  public String warehouseName() {
    return warehouseName;
  }

  @PreDestroy
  void close() throws IOException {
    catalog.close();
  }
}
