package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.ProductPipeline;
import io.insightmesh.sdk.publish.PublishRequest;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Stands in for the claims team's pipeline (in products/claims, not on this module's class path),
 * so that {@code ./mesh publish claims.claims} here is a product with a pipeline of its own.
 */
public final class FakeClaimsPipeline implements ProductPipeline {
  @Override
  public String product() {
    return "claims.claims";
  }

  @Override
  public List<PublishRequest> releases(SparkSession spark, PipelineInput input) {
    throw new UnsupportedOperationException("the tests here never run a pipeline");
  }
}
