package io.insightmesh.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.sdk.launcher.Component;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.awaitility.Awaitility;

/**
 * The packaged scoring engine ({@code quarkus-run.jar}) as a real process beside a {@link
 * CatalogServer}: it shares the catalog's data directory, as {@code ./mesh up} runs them, so it
 * finds its seeded credentials and keeps its decision log under {@code decisions/}.
 */
public final class EngineServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String name;
  private final CatalogServer catalog;
  private final Map<String, String> settings;
  private final int port;
  private Process process;

  private EngineServer(String name, CatalogServer catalog, Map<String, String> settings, int port) {
    this.name = name;
    this.catalog = catalog;
    this.settings = Map.copyOf(settings);
    this.port = port;
  }

  /**
   * How long an engine may take to start, and then to load its profiles. Started on a log whose
   * first segments are deleted (log retention {@code PT0S}), it reads the whole shared decisions
   * table back before it reports ready, which on a loaded machine takes minutes; the profiles load
   * after that, on the same thread, in a heap just filled.
   */
  public static final Duration START_PATIENCE = Duration.ofMinutes(5);

  /** The system property naming the engine's heap, {@code -Xmx} style; 1g if unset. */
  public static final String HEAP_PROPERTY = "mesh.engine.heap";

  /**
   * The system property naming the memory off the heap every engine this JVM starts may keep claims
   * in ({@code MESH_ENGINE_OFF_HEAP}); the heap's size if unset.
   */
  public static final String OFF_HEAP_PROPERTY = "mesh.engine.off-heap";

  /**
   * The system property naming how many event loops the engine answers on, as {@code
   * MESH_ENGINE_EVENT_LOOPS} does for {@code ./mesh up}; one per core of this machine if unset.
   */
  public static final String EVENT_LOOPS_PROPERTY = "mesh.engine.event-loops";

  /**
   * The system property with further JVM options for the engine, space-separated (a benchmark
   * trying a collector setting); none if unset.
   */
  public static final String JVM_OPTIONS_PROPERTY = "mesh.engine.jvm-options";

  /**
   * The options every engine of this JVM starts with: those {@code ./mesh up} gives it ({@link
   * Component#engineJvmOptions}) with a fixed heap of {@link #HEAP_PROPERTY} and the event loops of
   * {@link #EVENT_LOOPS_PROPERTY}, then {@link #JVM_OPTIONS_PROPERTY}'s.
   */
  public static List<String> jvmOptions() {
    // The engine keeps every claim it decided in memory (its idempotency map, the case workers'
    // search index): a benchmark deciding a million claims needs more than the tests' 1 GB. A fixed
    // heap, as the operator guide recommends (MESH_ENGINE_HEAP): sized by the JVM, the heap stays
    // just above the growing live data and G1 runs one concurrent cycle after another.
    Map<String, String> environment = new HashMap<>();
    environment.put(Component.ENGINE_HEAP_VARIABLE, System.getProperty(HEAP_PROPERTY, "1g"));
    String offHeap = System.getProperty(OFF_HEAP_PROPERTY);
    if (offHeap != null) {
      environment.put(Component.ENGINE_OFF_HEAP_VARIABLE, offHeap);
    }
    String loops = System.getProperty(EVENT_LOOPS_PROPERTY);
    if (loops != null) {
      environment.put(Component.ENGINE_EVENT_LOOPS_VARIABLE, loops);
    }
    List<String> options =
        new ArrayList<>(Component.engineJvmOptions(PostgresCluster.repositoryRoot(), environment));
    for (String option : System.getProperty(JVM_OPTIONS_PROPERTY, "").trim().split("\\s+")) {
      if (!option.isEmpty()) {
        options.add(option);
      }
    }
    return options;
  }

  /** Starts the engine against {@code catalog} with {@code settings} as system properties. */
  public static EngineServer start(
      String name, CatalogServer catalog, Map<String, String> settings) {
    return start(name, catalog, settings, ServiceProcess.freePort());
  }

  /**
   * Starts the engine on {@code port}: the one the catalog's UI was told to find it on ({@link
   * Stores#uiEnginePort()}).
   */
  public static EngineServer start(
      String name, CatalogServer catalog, Map<String, String> settings, int port) {
    EngineServer server = new EngineServer(name, catalog, settings, port);
    server.launch(true);
    return server;
  }

  /**
   * Starts the engine as {@link #start} does, with the shipped ruleset and empty block lists: the
   * rules and block lists other tests left in the shared data directory are removed first. (Every
   * engine of a test run shares the catalog's data directory, one at a time, because the decisions
   * table records how far one decision log is committed: a second log would not fit it.)
   */
  public static EngineServer startWithShippedRules(
      String name, CatalogServer catalog, Map<String, String> settings) {
    Path state = catalog.dataDir().resolve("decisions");
    Stores.deleteRecursively(state.resolve("rules"));
    Stores.deleteRecursively(state.resolve("blocklists"));
    return start(name, catalog, settings);
  }

  /** Starts it again on the same data directory and port, after {@link #kill}. */
  public void restart() {
    launch(true);
  }

  /**
   * As {@link #restart}, waiting only until it answers: for an engine that rightly refuses claims,
   * so never reports ready.
   */
  public void restartUnready() {
    launch(false);
  }

  private void launch(boolean awaitReady) {
    Path runner = ServiceProcess.runner("mesh.engine.runner", "scoring engine");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions());
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dmesh.engine.catalog-uri=" + catalog.uri());
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(runner.toString());
    // The operator's environment is the same for every component ./mesh up starts.
    Map<String, String> variables = new HashMap<>(catalog.environment());
    variables.put("MESH_DATA_DIR", catalog.dataDir().toString());
    process = ServiceProcess.start(command, variables, log());
    if (awaitReady) {
      ServiceProcess.awaitReady("Engine " + name, uri(), process, log(), START_PATIENCE);
    } else {
      ServiceProcess.awaitLive("Engine " + name, uri(), process, log(), START_PATIENCE);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path log() {
    return catalog.dataDir().resolve("engine-" + name + ".log");
  }

  public Path decisionLog() {
    return catalog.dataDir().resolve("decisions").resolve("log");
  }

  /** Sends {@code body} as JSON with a bearer token; the response as text. */
  public HttpResponse<String> post(String path, String body, String token) {
    try {
      return ServiceProcess.HTTP.send(
          HttpRequest.newBuilder(URI.create(uri() + path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET with a bearer token; the response as text. */
  public HttpResponse<String> get(String path, String token) {
    try {
      return ServiceProcess.HTTP.send(
          HttpRequest.newBuilder(URI.create(uri() + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path) {
    try {
      return ServiceProcess.HTTP.send(
          HttpRequest.newBuilder(URI.create(uri() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the engine's health names {@code release} as its loaded profiles release, for at
   * most {@code patience}.
   */
  public void awaitProfileRelease(String release, Duration patience) {
    Awaitility.await("profiles release " + release + " loaded")
        .atMost(patience)
        .until(() -> release.equals(readiness().findPath("profile-release").asText()));
  }

  /**
   * What the engine's readiness check reports (its decision log, profiles, ruleset and, once its
   * link to the catalog is up, commits and releases), as JSON, whether it is ready or not.
   */
  public JsonNode readiness() {
    try {
      return JSON.readTree(get("/q/health/ready").body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A number the engine's readiness check reports, such as {@code durable-sequence} or {@code
   * committed-sequence} (the latter only once its link to the catalog is up); empty while it does
   * not report it or does not answer.
   */
  public OptionalLong healthFigure(String name) {
    try {
      JsonNode figure = readiness().findPath(name);
      return figure.isNumber() ? OptionalLong.of(figure.asLong()) : OptionalLong.empty();
    } catch (RuntimeException notAnswering) {
      return OptionalLong.empty();
    }
  }

  /**
   * Each of the running engine's threads as Linux shows it: its name ({@code comm}, cut to 15
   * characters), nice value and scheduler slice.
   */
  public List<ProcessThreads.ThreadStat> threads() {
    return ProcessThreads.of(process.pid());
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** Kills the process the hard way, as a crash would. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      ServiceProcess.waitFor(process);
    }
  }

  @Override
  public void close() {
    if (process != null) {
      ServiceProcess.stop(process, "engine " + name);
    }
  }
}
