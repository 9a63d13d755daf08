package io.insightmesh.catalog.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.catalog.usage.Consumer;
import io.insightmesh.catalog.usage.ProductUse;
import io.insightmesh.catalog.usage.UsageService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The product reads a lineage event reports: a run that completed (COMPLETE) read each product
 * among its inputs, except the products it also wrote (a pipeline merging into its own product does
 * not consume it). A Trino query's consumer is the user it ran as; any other run's is its job.
 *
 * <p>Only the query engine's own events are taken as Trino queries: the user behind one is asked of
 * the coordinator as an admin, and an event any producer could send must not make the catalog tell
 * a domain team who ran another team's query (the query ids are in every reader's lineage).
 */
final class ProductReads {
  private static final Set<String> ENDED = Set.of("COMPLETE", "FAIL", "ABORT");

  private ProductReads() {}

  static List<ProductUse> of(NormalisedEvent event, boolean fromQueryEngine, UsageService usage) {
    if (!ENDED.contains(event.eventType())) {
      return List.of();
    }
    Set<String> written = new LinkedHashSet<>();
    event.outputs().forEach(output -> output.node().product().ifPresent(written::add));
    Set<String> read = new LinkedHashSet<>();
    for (NormalisedEvent.DatasetUse input : event.inputs()) {
      input.node().product().filter(product -> !written.contains(product)).ifPresent(read::add);
    }
    if (read.isEmpty()) {
      return List.of();
    }
    Consumer consumer =
        fromQueryEngine && isTrinoQuery(event)
            ? usage.trinoConsumer(event.jobNamespace(), event.jobName())
            : Consumer.job(event.jobNodeId());
    List<ProductUse> uses = new ArrayList<>();
    for (String product : read) {
      uses.add(new ProductUse(product, event.runId().toString(), consumer, event.eventTime()));
    }
    return uses;
  }

  /** Trino's listener names its jobs {@code trino://host:port} and types them TRINO QUERY. */
  static boolean isTrinoQuery(NormalisedEvent event) {
    if (!event.jobNamespace().startsWith("trino://")) {
      return false;
    }
    JsonNode jobType = facets(event.jobFacetsJson()).path("jobType");
    return "TRINO".equals(jobType.path("integration").asText(null))
        && "QUERY".equals(jobType.path("jobType").asText(null));
  }

  private static JsonNode facets(String json) {
    try {
      return Optional.ofNullable(LineageEventParser.TREE.readTree(json))
          .orElse(LineageEventParser.TREE.createObjectNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Normalised job facets are not JSON", e);
    }
  }
}
