package io.insightmesh.it.engines;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.products.claims.pipeline.ClaimsPipeline;
import io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.PublishResult;
import io.insightmesh.sdk.publish.Publisher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of {@link SparkClusterIT}, in a JVM of its own as {@code spark-submit} would start it:
 * both pipelines, through the SDK exactly as {@code ./mesh publish} runs them, on the Spark master
 * given. A JVM holds one SparkContext, and the test JVM's belongs to the shared local session the
 * other integration tests use; stopping it for a cluster session would break them.
 *
 * <p>Arguments: master URL, generated claims directory, release version, freshness instant for the
 * claims (the synthetic claims are from 2020), result file. Environment: {@code MESH_CATALOG_URI},
 * {@code MESH_CLAIMS_TEAM_SECRET}, {@code MESH_PROFILES_TEAM_SECRET} (secrets stay off the command
 * line, which {@code ps} shows). Spark settings come as {@code -Dspark.*} system properties, as
 * {@code spark-submit} passes them. Writes the releases and the executors that ran tasks as JSON.
 */
public final class ClusterPipelineDriver {
  /** The Spark catalog through which the profiles pipeline reads the claims, as profiles-team. */
  static final String PROFILES_READER = "profiles_reader";

  private ClusterPipelineDriver() {}

  public static void main(String[] arguments) throws Exception {
    String master = arguments[0];
    Path generated = Path.of(arguments[1]);
    String version = arguments[2];
    Clock claimsClock = Clock.fixed(Instant.parse(arguments[3]), ZoneOffset.UTC);
    Path resultFile = Path.of(arguments[4]);
    URI catalog = URI.create(System.getenv("MESH_CATALOG_URI"));
    CatalogConnection claimsTeam =
        new CatalogConnection(catalog, "claims-team", System.getenv("MESH_CLAIMS_TEAM_SECRET"));
    CatalogConnection profilesTeam =
        new CatalogConnection(catalog, "profiles-team", System.getenv("MESH_PROFILES_TEAM_SECRET"));

    SparkSession spark = claimsTeam.spark("mesh-cluster-it", master);
    TasksByExecutor tasks = new TasksByExecutor();
    spark.sparkContext().addSparkListener(tasks);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("master", spark.sparkContext().master());
    result.put("application_id", spark.sparkContext().applicationId());
    List<Map<String, Object>> releases = new ArrayList<>();
    try {
      try (Publisher publisher = new Publisher(spark, claimsTeam, claimsClock)) {
        for (PublishResult published :
            publisher.publishAll(
                new ClaimsPipeline()
                    .releases(
                        spark,
                        new PipelineInput(
                            generated.resolve("landing/claims"), "json", version, Map.of())))) {
          releases.add(release(published));
        }
      }
      profilesTeam.register(spark, PROFILES_READER);
      try (Publisher publisher = new Publisher(spark, profilesTeam)) {
        Map<String, String> options =
            Map.of(
                ClaimantProfilesPipeline.CLAIMS_RELEASE, version,
                ClaimantProfilesPipeline.CATALOG, PROFILES_READER);
        PipelineInput input = new PipelineInput(generated, "json", version, options);
        releases.add(
            release(
                publisher.publish(new ClaimantProfilesPipeline().releases(spark, input).get(0))));
      }
    } finally {
      // Stopping drains the listener bus, so every finished task has been counted after it.
      spark.stop();
    }
    result.put("releases", releases);
    result.put("tasks_by_executor", tasks.counts());
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(resultFile.toFile(), result);
  }

  private static Map<String, Object> release(PublishResult published) {
    Map<String, Object> release = new LinkedHashMap<>();
    release.put("product", published.product());
    release.put("version", published.version());
    release.put("table", published.table());
    release.put("rows", published.rowCount());
    return release;
  }

  /** Which executor ran each finished task: "driver" in local mode, an executor id on a cluster. */
  private static final class TasksByExecutor extends SparkListener {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      counts
          .computeIfAbsent(taskEnd.taskInfo().executorId(), executor -> new AtomicLong())
          .incrementAndGet();
    }

    Map<String, Long> counts() {
      Map<String, Long> snapshot = new TreeMap<>();
      counts.forEach((executor, count) -> snapshot.put(executor, count.get()));
      return snapshot;
    }
  }
}
