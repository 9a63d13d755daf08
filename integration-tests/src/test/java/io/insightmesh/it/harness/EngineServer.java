package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged scoring engine ({@code quarkus-run.jar}) as a real process beside a {@link
 * CatalogServer}: it shares the catalog's data directory, as {@code ./mesh up} runs them, so it
 * finds its seeded credentials and keeps its decision log under {@code decisions/}.
 */
public final class EngineServer implements AutoCloseable {
  private final String name;
  private final CatalogServer catalog;
  private final Map<String, String> settings;
  private final Path dataDir;
  private final int port;
  private Process process;

  private EngineServer(
      String name, CatalogServer catalog, Map<String, String> settings, Path dataDir) {
    this.name = name;
    this.catalog = catalog;
    this.settings = Map.copyOf(settings);
    this.dataDir = dataDir;
    this.port = ServiceProcess.freePort();
  }

  /** Starts the engine against {@code catalog} with {@code settings} as system properties. */
  public static EngineServer start(
      String name, CatalogServer catalog, Map<String, String> settings) {
    EngineServer server = new EngineServer(name, catalog, settings, catalog.dataDir());
    server.launch();
    return server;
  }

  /**
   * Starts a second engine against {@code catalog} with its own data directory (its own decision
   * log, rules and block lists), signing in with the catalog's seeded scoring-engine credentials.
   */
  public static EngineServer startBeside(
      String name, CatalogServer catalog, Map<String, String> settings) {
    Path dataDir = catalog.dataDir().resolve("engine-" + name);
    Path credentials = dataDir.resolve("catalog/credentials");
    try {
      Files.createDirectories(credentials);
      Path seeded = catalog.dataDir().resolve("catalog/credentials/scoring-engine");
      Files.copy(
          seeded, credentials.resolve("scoring-engine"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot give engine " + name + " its credentials", e);
    }
    EngineServer server = new EngineServer(name, catalog, settings, dataDir);
    server.launch();
    return server;
  }

  /** Starts it again on the same data directory and port, after {@link #kill}. */
  public void restart() {
    launch();
  }

  private void launch() {
    Path runner = ServiceProcess.runner("mesh.engine.runner", "scoring engine");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dmesh.engine.catalog-uri=" + catalog.uri());
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(runner.toString());
    process = ServiceProcess.start(command, Map.of("MESH_DATA_DIR", dataDir.toString()), log());
    ServiceProcess.awaitReady("Engine " + name, uri(), process, log(), Duration.ofSeconds(90));
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path log() {
    return catalog.dataDir().resolve("engine-" + name + ".log");
  }

  public Path decisionLog() {
    return dataDir.resolve("decisions").resolve("log");
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
    if (process != null && process.isAlive()) {
      process.destroy();
      ServiceProcess.waitFor(process);
    }
  }
}
