package io.insightmesh.catalog.iceberg;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.TableProperties;

/**
 * Keeps every table, view and metadata location inside the warehouse, so no client can make the
 * catalog read or write files elsewhere, whether through a create request, a commit that moves the
 * table, a {@code write.*.path} property, or a registered metadata file.
 */
final class WarehouseLocations {
  /** Properties that redirect where engines or the catalog write files. */
  private static final List<String> PATH_PROPERTIES =
      List.of(
          TableProperties.WRITE_METADATA_LOCATION,
          TableProperties.WRITE_DATA_LOCATION,
          TableProperties.OBJECT_STORE_PATH,
          TableProperties.WRITE_FOLDER_STORAGE_LOCATION);

  private final String root;
  private final boolean local;
  private final Path localRoot;

  WarehouseLocations(String warehouseLocation) {
    this.root = stripTrailingSlash(warehouseLocation);
    this.local = root.startsWith("file:") || root.startsWith("/");
    this.localRoot = local ? LocalFileIO.path(root) : null;
  }

  String root() {
    return root;
  }

  /**
   * Checks that {@code location} lies inside the warehouse.
   *
   * @throws IllegalArgumentException naming {@code field} if it does not
   */
  void check(String field, String location) {
    if (location == null) {
      return;
    }
    if (!inside(location)) {
      throw new IllegalArgumentException(
          "Invalid "
              + field
              + ": location "
              + location
              + " is outside the warehouse "
              + root
              + "; every location must be inside the warehouse");
    }
  }

  void checkProperties(String field, Map<String, String> properties) {
    if (properties == null) {
      return;
    }
    for (String property : PATH_PROPERTIES) {
      check(field + "." + property, properties.get(property));
    }
  }

  void checkUpdates(String field, List<MetadataUpdate> updates) {
    for (MetadataUpdate update : updates) {
      if (update instanceof MetadataUpdate.SetLocation setLocation) {
        check(field + ".set-location", setLocation.location());
      } else if (update instanceof MetadataUpdate.SetProperties setProperties) {
        checkProperties(field + ".set-properties", setProperties.updated());
      } else if (update instanceof MetadataUpdate.AddSnapshot addSnapshot) {
        // A table's files are read, and deleted when it is purged or its snapshots expire.
        check(field + ".add-snapshot.manifest-list", addSnapshot.snapshot().manifestListLocation());
      } else if (update instanceof MetadataUpdate.SetStatistics statistics) {
        check(field + ".set-statistics.statistics-path", statistics.statisticsFile().path());
      } else if (update instanceof MetadataUpdate.SetPartitionStatistics statistics) {
        check(
            field + ".set-partition-statistics.statistics-path",
            statistics.partitionStatisticsFile().path());
      }
    }
  }

  /** Whether {@code location} lies inside this root, in any spelling, without traversal. */
  boolean contains(String location) {
    return location != null && inside(location);
  }

  private boolean inside(String location) {
    if (local) {
      if (!(location.startsWith("file:") || location.startsWith("/"))) {
        return false;
      }
      if (location.contains("/../") || location.endsWith("/..")) {
        return false;
      }
      Path path = LocalFileIO.path(location);
      return path.startsWith(localRoot);
    }
    String normalized = stripTrailingSlash(location);
    return !normalized.contains("/../")
        && (normalized.equals(root) || normalized.startsWith(root + "/"));
  }

  private static String stripTrailingSlash(String location) {
    String result = location;
    while (result.endsWith("/") && result.length() > 1) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
