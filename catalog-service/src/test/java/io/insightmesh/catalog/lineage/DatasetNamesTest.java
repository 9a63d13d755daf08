package io.insightmesh.catalog.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every naming rule of {@link DatasetNames}, one producer's spelling at a time. */
class DatasetNamesTest {
  private static final String WAREHOUSE = "file:/data/mesh/warehouse";

  /** claims.claims is registered with table claims.claims_v2; risk.decisions with its v1. */
  private static final ProductResolver REGISTRY =
      new ProductResolver() {
        private final Map<String, String> byTable =
            Map.of("claims.claims_v2", "claims.claims", "risk.decisions_v1", "risk.decisions");

        @Override
        public Optional<String> productOf(String table) {
          return Optional.ofNullable(byTable.get(table));
        }

        @Override
        public boolean isProduct(String productId) {
          return byTable.containsValue(productId);
        }
      };

  private final DatasetNames names = new DatasetNames(WAREHOUSE, Set.of("iceberg", "mesh"));

  private String node(String namespace, String name) {
    return names.resolve(namespace, name, List.of(), REGISTRY).nodeId();
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource({
    // Iceberg REST clients and Spark catalogs
    "http://localhost:8181/iceberg, claims.claims_v2",
    "http://catalog.internal:8181/iceberg/, claims.claims_v2",
    "https://localhost:8181/iceberg, mesh.claims.claims_v2",
    "iceberg, claims.claims_v2",
    "mesh, claims.claims_v2",
    "mesh, mesh.claims.claims_v2",
    "MESH, Claims.Claims_V2",
    "file:/data/mesh/warehouse, claims.claims_v2",
    // Spark's location-based names
    "file, /data/mesh/warehouse/claims/claims_v2",
    "file, /data/mesh/warehouse//claims/claims_v2/",
    "file:/data/mesh/warehouse, claims/claims_v2",
    "file://, /data/mesh/warehouse/claims/claims_v2",
    "file:///data/mesh/warehouse/claims, claims_v2",
    // Trino
    "trino://localhost:8080, mesh.claims.claims_v2",
    "trino://trino.internal:443, iceberg.claims.claims_v2",
    // Stored events, sent again
    "insight-mesh, claims.claims",
    "insight-mesh, table:claims.claims_v2",
  })
  void everySpellingOfAProductsTableIsTheProductsNode(String namespace, String name) {
    assertThat(node(namespace, name)).isEqualTo("dataset:claims.claims");
  }

  @Test
  void olderMajorVersionsStayOnTheirProductsNode() {
    // claims.claims is at v2 now; its retained v1 table still belongs to it.
    assertThat(node("mesh", "claims.claims_v1")).isEqualTo("dataset:claims.claims");
    assertThat(node("trino://h:8080", "mesh.claims.claims_v7")).isEqualTo("dataset:claims.claims");
    // Only the convention <domain>.<product>_v<major> counts, and only for a registered product.
    assertThat(node("mesh", "claims.claims_backup"))
        .isEqualTo("dataset:table:claims.claims_backup");
    assertThat(node("mesh", "claims.payments_v1")).isEqualTo("dataset:table:claims.payments_v1");
  }

  @Test
  void aTableTheRegistryWouldNotAcceptAsTheProductsIsNotOnItsNode() {
    // The registry spells a major without leading zeros (claims.claims_v1), and the contract gate
    // enforces nothing on claims.claims_v01: lineage must not credit the product with its data.
    assertThat(node("mesh", "claims.claims_v01")).isEqualTo("dataset:table:claims.claims_v01");
    assertThat(node("trino://h:8080", "mesh.claims.claims_v007"))
        .isEqualTo("dataset:table:claims.claims_v007");
    assertThat(node("file", WAREHOUSE.substring("file:".length()) + "/claims/claims_v00"))
        .isEqualTo("dataset:table:claims.claims_v00");
    assertThat(node("mesh", "claims.claims_v0")).isEqualTo("dataset:claims.claims");
    assertThat(node("mesh", "claims.claims_v1")).isEqualTo("dataset:claims.claims");
    assertThat(node("mesh", "claims.claims_v2")).isEqualTo("dataset:claims.claims");
  }

  @Test
  void aTableNoProductClaimsKeepsANormalisedTableId() {
    DatasetNode node =
        names.resolve("file", "/data/mesh/warehouse/staging/Raw_Claims", List.of(), REGISTRY);

    assertThat(node.nodeId()).isEqualTo("dataset:table:staging.raw_claims");
    assertThat(node.kind()).isEqualTo(DatasetNode.Kind.TABLE);
    assertThat(node.table()).contains("staging.raw_claims");
    assertThat(node.product()).isEmpty();
    assertThat(node.namespace()).isEqualTo("insight-mesh");
    assertThat(node.name()).isEqualTo("table:staging.raw_claims");
    assertThat(node("trino://h:8080", "mesh.staging.raw_claims"))
        .isEqualTo("dataset:table:staging.raw_claims");
  }

  @Test
  void aProductNodeNamesItsProductAndTable() {
    DatasetNode node = names.resolve("mesh", "risk.decisions_v1", List.of(), REGISTRY);

    assertThat(node.kind()).isEqualTo(DatasetNode.Kind.PRODUCT);
    assertThat(node.key()).isEqualTo("risk.decisions");
    assertThat(node.product()).contains("risk.decisions");
    assertThat(node.table()).contains("risk.decisions_v1");
    assertThat(node.namespace()).isEqualTo("insight-mesh");
    assertThat(node.name()).isEqualTo("risk.decisions");
  }

  @Test
  void symlinksNameTheTableWhenTheLocationDoesNot() {
    // Spark on a warehouse mounted elsewhere: the location is not below this catalog's warehouse,
    // but the symlink names the catalog table.
    DatasetNode node =
        names.resolve(
            "file",
            "/mnt/spark-node/warehouse/claims/claims_v2",
            List.of(
                new DatasetNames.Alias("file:/mnt/spark-node/warehouse", "unrelated"),
                new DatasetNames.Alias("http://localhost:8181/iceberg", "claims.claims_v2")),
            REGISTRY);

    assertThat(node.nodeId()).isEqualTo("dataset:claims.claims");
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource({
    // Outside the warehouse, or walking out of it
    "file, /data/raw/claims.csv, dataset:file:/data/raw/claims.csv",
    "file, /data/mesh/warehouse/../secrets/x, dataset:file:/data/mesh/warehouse/../secrets/x",
    "s3://bucket, warehouse/claims/claims_v2, dataset:s3://bucket:warehouse/claims/claims_v2",
    // Another Trino catalog, another database
    "trino://h:8080, postgres.public.claims, dataset:trino://h:8080:postgres.public.claims",
    "postgres://db:5432, mesh.claims.claims_v2, dataset:postgres://db:5432:mesh.claims.claims_v2",
    // Not a table name: one part, or characters no catalog table has
    "mesh, claims, dataset:mesh:claims",
    "http://localhost:8181/iceberg, claims.claims v2, dataset:http://localhost:8181/iceberg:claims.claims v2",
    // Another REST path is another catalog
    "http://localhost:8181/polaris, claims.claims_v2, dataset:http://localhost:8181/polaris:claims.claims_v2",
  })
  void datasetsOutsideTheCatalogKeepTheProducersName(String namespace, String name, String nodeId) {
    DatasetNode node = names.resolve(namespace, name, List.of(), REGISTRY);

    assertThat(node.nodeId()).isEqualTo(nodeId);
    assertThat(node.kind()).isEqualTo(DatasetNode.Kind.EXTERNAL);
    assertThat(node.namespace()).isEqualTo(namespace);
    assertThat(node.name()).isEqualTo(name);
  }

  /**
   * Namespace and name of at most 1,024 characters each joined to a table name of 1,801, which the
   * store could not hold: the whole batch was refused with a 503 and its producer retried forever.
   */
  @Test
  void aLocationTooDeepForACatalogTableKeepsTheProducersName() {
    String namespace = WAREHOUSE + "/" + "a".repeat(900);
    String name = "b".repeat(900);

    DatasetNode node = names.resolve(namespace, name, List.of(), REGISTRY);

    assertThat(node.kind()).isEqualTo(DatasetNode.Kind.EXTERNAL);
    assertThat(node.name()).isEqualTo(name);
    assertThat(node.table()).isEmpty();
    assertThat(node.nodeId()).hasSizeLessThanOrEqualTo(2100);
  }

  @Test
  void locationsAreNormalised() {
    assertThat(DatasetNames.normaliseLocation("file:///data/w/")).contains("file:/data/w");
    assertThat(DatasetNames.normaliseLocation("file://localhost/data//w")).contains("file:/data/w");
    assertThat(DatasetNames.normaliseLocation("/data/w")).contains("file:/data/w");
    assertThat(DatasetNames.normaliseLocation("S3://bucket//a/b/")).contains("s3://bucket/a/b");
    assertThat(DatasetNames.normaliseLocation("file:/data/../etc")).isEmpty();
    assertThat(DatasetNames.normaliseLocation("claims.claims_v1")).isEmpty();
  }

  @Test
  void aWarehouseOnObjectStorageNamesTablesByTheirLocation() {
    DatasetNames s3 = new DatasetNames("s3://mesh-bucket/warehouse/", Set.of("mesh"));

    assertThat(
            s3.resolve("s3://mesh-bucket", "warehouse/claims/claims_v2", List.of(), REGISTRY)
                .nodeId())
        .isEqualTo("dataset:claims.claims");
    assertThat(
            s3.resolve("s3://other-bucket", "warehouse/claims/claims_v2", List.of(), REGISTRY)
                .nodeId())
        .isEqualTo("dataset:s3://other-bucket:warehouse/claims/claims_v2");
  }
}
