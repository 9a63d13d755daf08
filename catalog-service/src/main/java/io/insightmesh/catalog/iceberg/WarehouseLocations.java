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
  private final String area;
  private final boolean local;
  private final Path localRoot;

  WarehouseLocations(String warehouseLocation) {
    this(warehouseLocation, "the warehouse");
  }

  private WarehouseLocations(String location, String area) {
    this.root = stripTrailingSlash(location);
    this.area = area;
    this.local = root.startsWith("file:") || root.startsWith("/");
    this.localRoot = local ? LocalFileIO.path(root) : null;
  }

  /** The directory {@code location} of one namespace, named in refusals as {@code namespace}. */
  static WarehouseLocations namespace(String location, String namespace) {
    return new WarehouseLocations(location, "the directory of namespace " + namespace);
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
              + " is outside "
              + area
              + " "
              + root
              + "; every location must be inside "
              + area);
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
      }
    }
    checkSnapshotFiles(field, updates);
  }

  /**
   * Checks the files a commit's snapshots and statistics name. A table's files are read, and
   * deleted when it is purged or its snapshots expire; within one namespace's directory, another
   * domain's manifest list cannot become a table its owners read unmasked.
   */
  void checkSnapshotFiles(String field, List<MetadataUpdate> updates) {
    for (MetadataUpdate update : updates) {
      if (update instanceof MetadataUpdate.AddSnapshot addSnapshot) {
        String manifestList = addSnapshot.snapshot().manifestListLocation();
        if (manifestList == null) {
          // A format v1 snapshot may list its manifests inline, naming files nobody checks here.
          throw new IllegalArgumentException(
              "Invalid "
                  + field
                  + ".add-snapshot: a snapshot must name its manifest-list; snapshots listing"
                  + " their manifests inline are not accepted");
        }
        check(field + ".add-snapshot.manifest-list", manifestList);
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
