package io.insightmesh.catalog.lineage;

import static java.util.Objects.requireNonNull;

import io.insightmesh.catalog.registry.ProductId;
import io.insightmesh.catalog.registry.ProductTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Names every dataset of a lineage event by its product identity, whatever name its producer used
 * (DESIGN.md §4), so that one product is one node of the graph.
 *
 * <p>First the dataset's name is turned into a table of this catalog, by the first rule that
 * applies, tried on the dataset's own namespace and name and then on each of its {@code symlinks}
 * facet's identifiers:
 *
 * <ol>
 *   <li><b>Already normalised</b>: namespace {@value #NAMESPACE} and a product id as name ({@code
 *       claims.claims}) name that product; a name {@code table:<namespace>.<table>} names that
 *       table. This is how stored events name datasets, so a stored event sent again lands on the
 *       same nodes.
 *   <li><b>Catalog names</b> (Iceberg REST clients, Spark catalogs): the namespace is one of the
 *       catalog's names ({@code iceberg} or the warehouse name, {@code mesh}), an {@code http(s)}
 *       URI whose path ends in {@code /iceberg} (this catalog's REST endpoint, on any host), or the
 *       warehouse location; the name is {@code <namespace>.<table>}, optionally behind a catalog
 *       name: {@code claims.claims_v1} and {@code mesh.claims.claims_v1} both name table {@code
 *       claims.claims_v1}.
 *   <li><b>Trino</b>: namespace {@code trino://<host>:<port>} and name {@code
 *       <catalog>.<schema>.<table>} where the catalog is one of the catalog's names: {@code
 *       mesh.claims.claims_v1} names table {@code claims.claims_v1}. Other Trino catalogs are not
 *       this catalog's tables.
 *   <li><b>Locations</b> (Spark's location-based names): namespace {@code file} with an absolute
 *       path as name, or a {@code scheme://authority} namespace ({@code s3://bucket}, {@code
 *       file://}) with a path as name, or a {@code file:/...} namespace with a relative path. If
 *       the location lies below the warehouse, the path below it is the table: {@code
 *       <warehouse>/claims/claims_v1} names {@code claims.claims_v1}. {@code file:///x}, {@code
 *       file://localhost/x}, {@code file:/x} and {@code /x} are the same location.
 * </ol>
 *
 * Every part of a table name must be letters, digits, {@code _} or {@code -}, starting with a
 * letter, digit or {@code _}; table names are compared in lower case, as Trino and the registry
 * spell them.
 *
 * <p>Then the table becomes a node: the registered product whose {@code icebergTable} it is, or
 * whose id it follows by the major-version convention {@code <domain>.<product>_v<major>} as the
 * registry reads it ({@link ProductTable}: {@code claims_v1}, never {@code claims_v01}), so that
 * the retained tables of older major versions stay on their product's node, is node {@code
 * dataset:<domain>.<product>}; a table no product claims is node {@code dataset:table:<table>}. A
 * dataset no rule turns into a table of this catalog keeps the producer's name as node {@code
 * dataset:<namespace>:<name>}. Column names are never changed.
 *
 * <p>Products are resolved when an event is ingested: events sent before a table's product was
 * registered stay on the table's node.
 */
public final class DatasetNames {
  /** The namespace stored events give products and catalog tables. */
  public static final String NAMESPACE = "insight-mesh";

  /** How a table of this catalog that no product claims is named. */
  public static final String TABLE_PREFIX = "table:";

  private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_\\-]*");
  private static final Pattern SCHEME_AUTHORITY =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://[^/]*");

  private final String warehouse;
  private final Set<String> catalogNames;

  /**
   * @param warehouseLocation the catalog's warehouse root, such as {@code file:/data/warehouse}
   * @param catalogNames the names Spark, Trino and REST clients give this catalog
   */
  public DatasetNames(String warehouseLocation, Set<String> catalogNames) {
    requireNonNull(warehouseLocation, "warehouseLocation is null");
    this.warehouse =
        normaliseLocation(warehouseLocation)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Invalid warehouse location " + warehouseLocation + ": not a location"));
    this.catalogNames =
        requireNonNull(catalogNames, "catalogNames is null").stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Another name of a dataset, from its {@code symlinks} facet. */
  record Alias(String namespace, String name) {
    Alias {
      requireNonNull(namespace, "namespace is null");
      requireNonNull(name, "name is null");
    }
  }

  /**
   * The node of the dataset the producer named {@code namespace} and {@code name}.
   *
   * @param aliases the dataset's symlinks, tried when its own name is not a catalog table
   */
  DatasetNode resolve(
      String namespace, String name, List<Alias> aliases, ProductResolver products) {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    Optional<DatasetNode> node = catalogNode(namespace, name, products);
    for (int index = 0; node.isEmpty() && index < aliases.size(); index++) {
      node = catalogNode(aliases.get(index).namespace(), aliases.get(index).name(), products);
    }
    return node.orElseGet(() -> DatasetNode.external(namespace, name));
  }

  /** The table a name of this catalog's dataset stands for, lower case, if any rule applies. */
  Optional<String> table(String namespace, String name) {
    if (isCatalogNamespace(namespace)) {
      Optional<String> table = tableOfDottedName(name, false);
      if (table.isPresent()) {
        return table;
      }
    }
    if (namespace.regionMatches(true, 0, "trino://", 0, "trino://".length())) {
      return tableOfDottedName(name, true);
    }
    return location(namespace, name).flatMap(this::tableOfLocation);
  }

  private Optional<DatasetNode> catalogNode(
      String namespace, String name, ProductResolver products) {
    if (namespace.equals(NAMESPACE)) {
      if (name.startsWith(TABLE_PREFIX)) {
        return tableOfDottedName(name.substring(TABLE_PREFIX.length()), false)
            .map(table -> node(table, products));
      }
      if (isProductId(name)) {
        return Optional.of(DatasetNode.product(name, Optional.empty()));
      }
      return Optional.empty();
    }
    return table(namespace, name).map(table -> node(table, products));
  }

  private static DatasetNode node(String table, ProductResolver products) {
    Optional<String> product = products.productOf(table);
    if (product.isEmpty()) {
      // The registry's own reading of the convention, so lineage credits a product with no table
      // the registry and the contract gate would not take for one of its majors (claims_v01).
      product =
          ProductTable.parse(TableIdentifier.parse(table))
              .map(versioned -> versioned.product().toString())
              .filter(products::isProduct);
    }
    return product
        .map(id -> DatasetNode.product(id, Optional.of(table)))
        .orElseGet(() -> DatasetNode.table(table));
  }

  private boolean isCatalogNamespace(String namespace) {
    if (catalogNames.contains(namespace.toLowerCase(Locale.ROOT))) {
      return true;
    }
    if (isRestCatalogUri(namespace)) {
      return true;
    }
    return normaliseLocation(namespace).filter(warehouse::equals).isPresent();
  }

  private static boolean isRestCatalogUri(String namespace) {
    if (!(namespace.regionMatches(true, 0, "http://", 0, 7)
        || namespace.regionMatches(true, 0, "https://", 0, 8))) {
      return false;
    }
    try {
      String path = new URI(namespace).getPath();
      if (path == null) {
        return false;
      }
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return path.endsWith("/iceberg");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * {@code <namespace>.<table>}, or with {@code trino} {@code <catalog>.<schema>.<table>}, as a
   * table of this catalog; a leading catalog name is dropped.
   */
  private Optional<String> tableOfDottedName(String name, boolean trino) {
    String[] parts = name.split("\\.", -1);
    int first = 0;
    if (trino) {
      if (parts.length != 3 || !catalogNames.contains(parts[0].toLowerCase(Locale.ROOT))) {
        return Optional.empty();
      }
      first = 1;
    } else if (parts.length >= 3 && catalogNames.contains(parts[0].toLowerCase(Locale.ROOT))) {
      first = 1;
    }
    return table(parts, first);
  }

  private Optional<String> tableOfLocation(String location) {
    if (!location.startsWith(warehouse + "/")) {
      return Optional.empty();
    }
    return table(location.substring(warehouse.length() + 1).split("/", -1), 0);
  }

  private static Optional<String> table(String[] parts, int first) {
    if (parts.length - first < 2) {
      return Optional.empty();
    }
    StringBuilder table = new StringBuilder();
    for (int index = first; index < parts.length; index++) {
      if (!PART.matcher(parts[index]).matches()) {
        return Optional.empty();
      }
      if (index > first) {
        table.append('.');
      }
      table.append(parts[index].toLowerCase(Locale.ROOT));
    }
    // A location deep in the warehouse joins to a name no catalog table has (its namespace and
    // name are far shorter) and the store keeps no longer: the producer's own name stands.
    if (table.length() > LineageEventParser.MAX_NAME) {
      return Optional.empty();
    }
    return Optional.of(table.toString());
  }

  /** The location an OpenLineage file-system dataset name stands for, normalised. */
  static Optional<String> location(String namespace, String name) {
    if (namespace.equals("file")) {
      return name.startsWith("/") ? normaliseLocation("file:" + name) : Optional.empty();
    }
    if (SCHEME_AUTHORITY.matcher(namespace).matches()
        || namespace.regionMatches(true, 0, "file:", 0, 5)) {
      return normaliseLocation(namespace + (name.startsWith("/") ? name : "/" + name));
    }
    return Optional.empty();
  }

  /**
   * {@code location} spelled one way: {@code file:} locations as {@code file:/path}, repeated and
   * trailing slashes dropped. Empty for text that is no location, or walks up with {@code ..}.
   */
  static Optional<String> normaliseLocation(String location) {
    String scheme;
    String rest;
    if (location.startsWith("/")) {
      scheme = "file";
      rest = location;
    } else {
      int colon = location.indexOf(':');
      if (colon <= 0 || !location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.\\-]*")) {
        return Optional.empty();
      }
      scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
      rest = location.substring(colon + 1);
    }
    String authority = "";
    if (scheme.equals("file")) {
      if (rest.startsWith("//localhost/")) {
        rest = rest.substring("//localhost".length());
      }
      if (!rest.startsWith("/")) {
        return Optional.empty();
      }
    } else {
      if (!rest.startsWith("//")) {
        return Optional.empty();
      }
      int slash = rest.indexOf('/', 2);
      authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    StringBuilder path = new StringBuilder();
    for (String segment : rest.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.equals("..") || segment.equals(".")) {
        return Optional.empty();
      }
      path.append('/').append(segment);
    }
    return Optional.of(
        scheme.equals("file")
            ? "file:" + (path.isEmpty() ? "/" : path)
            : scheme + "://" + authority + path);
  }

  private static boolean isProductId(String name) {
    try {
      ProductId.parse(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
