package io.insightmesh.products.profiles.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.PublishRequest;
import io.insightmesh.sdk.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ClaimantProfilesPipelineTest {
  @Test
  void theReleaseIsCheckedAgainstTheClaimsReleaseItWasBuiltFrom() {
    SparkSession spark = TestSpark.session();
    PipelineInput input =
        new PipelineInput(
            Path.of("reference"), "json", "1.1.0", Map.of("claims-release", "1.0.0+run-7"));

    List<PublishRequest> requests =
        ClaimantProfilesPipeline.requests(
            input,
            ProductDescriptors.builtIn("profiles.claimant_profiles"),
            List.of(),
            spark.emptyDataFrame());

    // claims.claims 1.1.0 may have dropped a claimant that release 1.0.0+run-7 holds: the
    // profiles built from 1.0.0+run-7 are checked against it, not against the latest.
    assertThat(requests)
        .singleElement()
        .extracting(PublishRequest::references)
        .isEqualTo(Map.of("claims.claims", "1.0.0+run-7"));
  }
}
