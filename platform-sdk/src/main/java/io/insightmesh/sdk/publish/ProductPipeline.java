package io.insightmesh.sdk.publish;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A domain team's pipeline: turns its input into the release of its product (and of companion
 * products released with it, such as a rejects table), which {@link Publisher#publishAll} publishes
 * atomically. Pipelines are found with {@link java.util.ServiceLoader}, so {@code ./mesh publish
 * <product>} runs a product's own pipeline when its module is on the classpath.
 */
public interface ProductPipeline {
  /** The product this pipeline publishes, {@code <domain>.<name>}. */
  String product();

  /** The releases to publish together, built from {@code input}. */
  List<PublishRequest> releases(SparkSession spark, PipelineInput input);
}
