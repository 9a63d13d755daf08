package io.insightmesh.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.catalog.config.CatalogConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the catalog tells every client about an {@code s3://} warehouse in {@code /v1/config}. */
class ObjectStorageTest {
  @Test
  void anS3WarehouseGivesClientsItsEndpointRegionAndAddressingButNoCredentials() {
    assertThat(
            ObjectStorage.clientProperties(
                "s3://mesh-warehouse/platform", settings("http://127.0.0.1:9000", "eu-west-2")))
        .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
        .containsEntry("client.region", "eu-west-2")
        .containsEntry("s3.path-style-access", "true")
        .containsEntry("http-client.type", "urlconnection")
        .doesNotContainKeys("s3.access-key-id", "s3.secret-access-key");
  }

  @Test
  void aLocalWarehouseNeedsNothing() {
    assertThat(ObjectStorage.clientProperties("file:/data/warehouse", settings(null, null)))
        .isEmpty();
  }

  @Test
  void anS3WarehouseWithoutRegionOrWithABadEndpointIsRefusedByName() {
    assertThatThrownBy(
            () -> ObjectStorage.clientProperties("s3://mesh-warehouse", settings(null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Missing mesh.catalog.s3.region (MESH_S3_REGION)");
    assertThatThrownBy(
            () ->
                ObjectStorage.clientProperties(
                    "s3://mesh-warehouse", settings("127.0.0.1:9000", "us-east-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Invalid mesh.catalog.s3.endpoint (MESH_S3_ENDPOINT) '127.0.0.1:9000'");
    assertThatThrownBy(() -> ObjectStorage.clientProperties("s3:///x", settings(null, "us-east-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must name a bucket");
  }

  private static CatalogConfig.S3 settings(String endpoint, String region) {
    return new CatalogConfig.S3() {
      @Override
      public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
      }

      @Override
      public Optional<String> region() {
        return Optional.ofNullable(region);
      }

      @Override
      public boolean pathStyleAccess() {
        return true;
      }
    };
  }
}
