package io.insightmesh.catalog.iceberg;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.TableMetadata;
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
    named(field, properties).forEach(this::check);
  }

  void checkUpdates(String field, List<MetadataUpdate> updates) {
    named(field, updates).forEach(this::check);
  }

  /** The locations {@code properties} redirect writes to, by their field. */
  static Map<String, String> named(String field, Map<String, String> properties) {
    Map<String, String> named = new LinkedHashMap<>();
    if (properties != null) {
      for (String property : PATH_PROPERTIES) {
        if (properties.get(property) != null) {
          named.put(field + "." + property, properties.get(property));
        }
      }
    }
    return named;
  }

  /**
   * Every location a commit's updates name, by its field: where the table moves or writes, and the
   * files its snapshots and statistics name, which are read, and deleted when it is purged or its
   * snapshots expire.
   *
   * @throws IllegalArgumentException for a snapshot listing its manifests inline, whose files no
   *     location here would name
   */
  static Map<String, String> named(String field, List<MetadataUpdate> updates) {
    Map<String, String> named = new LinkedHashMap<>();
    for (MetadataUpdate update : updates) {
      if (update instanceof MetadataUpdate.SetLocation setLocation) {
        named.put(field + ".set-location", setLocation.location());
      } else if (update instanceof MetadataUpdate.SetProperties setProperties) {
        named.putAll(named(field + ".set-properties", setProperties.updated()));
      } else if (update instanceof MetadataUpdate.AddSnapshot addSnapshot) {
        String manifestList = addSnapshot.snapshot().manifestListLocation();
        if (manifestList == null) {
          throw new IllegalArgumentException(
              "Invalid "
                  + field
                  + ".add-snapshot: a snapshot must name its manifest-list; snapshots listing"
                  + " their manifests inline are not accepted");
        }
        named.put(field + ".add-snapshot.manifest-list", manifestList);
      } else if (update instanceof MetadataUpdate.SetStatistics statistics) {
        named.put(field + ".set-statistics.statistics-path", statistics.statisticsFile().path());
      } else if (update instanceof MetadataUpdate.SetPartitionStatistics statistics) {
        named.put(
            field + ".set-partition-statistics.statistics-path",
            statistics.partitionStatisticsFile().path());
      }
    }
    return named;
  }

  /**
   * Every location a table's metadata file names, by its field in that file: where the table
   * writes, the earlier metadata files of its log (which a commit deletes once they drop out of the
   * log, if the table asks for that), and the files its snapshots and statistics name, which are
   * read, and deleted when it is purged or its snapshots expire.
   *
   * @param field the field that named the metadata file, prefixed to every field here
   * @throws IllegalArgumentException for a snapshot listing its manifests inline, whose files no
   *     location here would name
   */
  static Map<String, String> named(String field, TableMetadata metadata) {
    Map<String, String> named =
        new LinkedHashMap<>(named(field + ".properties", metadata.properties()));
    List<TableMetadata.MetadataLogEntry> log = metadata.previousFiles();
    for (int i = 0; i < log.size(); i++) {
      named.put(field + ".metadata-log[" + i + "].metadata-file", log.get(i).file());
    }
    List<Snapshot> snapshots = metadata.snapshots();
    for (int i = 0; i < snapshots.size(); i++) {
      String manifestList = snapshots.get(i).manifestListLocation();
      if (manifestList == null) {
        throw new IllegalArgumentException(
            "Invalid "
                + field
                + ".snapshots["
                + i
                + "]: a snapshot must name its manifest-list; snapshots listing their manifests"
                + " inline are not accepted");
      }
      named.put(field + ".snapshots[" + i + "].manifest-list", manifestList);
    }
    List<StatisticsFile> statistics = metadata.statisticsFiles();
    for (int i = 0; i < statistics.size(); i++) {
      named.put(field + ".statistics[" + i + "].statistics-path", statistics.get(i).path());
    }
    List<PartitionStatisticsFile> partitionStatistics = metadata.partitionStatisticsFiles();
    for (int i = 0; i < partitionStatistics.size(); i++) {
      named.put(
          field + ".partition-statistics[" + i + "].statistics-path",
          partitionStatistics.get(i).path());
    }
    return named;
  }

  /**
   * The first directory below this root that {@code location} lies in (for the warehouse: the
   * directory of a top-level namespace, a domain), if it lies below the root at all.
   */
  Optional<String> topDirectory(String location) {
    if (location == null || !inside(location)) {
      return Optional.empty();
    }
    if (local) {
      Path relative = localRoot.relativize(LocalFileIO.path(location));
      return relative.getNameCount() == 0 || relative.toString().isEmpty()
          ? Optional.empty()
          : Optional.of(relative.getName(0).toString());
    }
    String rest = stripTrailingSlash(location);
    if (rest.length() <= root.length() + 1) {
      return Optional.empty();
    }
    rest = rest.substring(root.length() + 1);
    int slash = rest.indexOf('/');
    return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
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
