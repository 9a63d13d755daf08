package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged catalog service ({@code quarkus-run.jar}) running as a real process with its own
 * data directory, as {@code ./mesh up catalog} runs it.
 */
public final class CatalogServer implements AutoCloseable {
  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final HttpClient HTTP = ServiceProcess.HTTP;

  private final String name;
  private final Path dataDir;
  private final Map<String, String> settings;
  private final Map<String, String> environment;
  private final int port;
  private Process process;

  private CatalogServer(
      String name, Path dataDir, Map<String, String> settings, Map<String, String> environment) {
    this.name = name;
    this.dataDir = dataDir;
    this.settings = Map.copyOf(settings);
    this.environment = Map.copyOf(environment);
    this.port = ServiceProcess.freePort();
  }

  /**
   * Starts the packaged service on a free port with {@code settings} as system properties, and
   * waits until it is ready.
   */
  public static CatalogServer start(String name, Path dataDir, Map<String, String> settings) {
    return start(name, dataDir, settings, Map.of());
  }

  /**
   * Starts it as {@link #start(String, Path, Map)} does, with {@code environment} added to the
   * process's: the variables an operator exports for every component ({@code AWS_ACCESS_KEY_ID}),
   * which the engine and Trino started beside this catalog get too ({@link #environment()}).
   */
  public static CatalogServer start(
      String name, Path dataDir, Map<String, String> settings, Map<String, String> environment) {
    CatalogServer server = new CatalogServer(name, dataDir, settings, environment);
    server.launch();
    return server;
  }

  /** The variables this catalog was started with on top of the test's own. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Starts the same service again on the same data directory and port (after {@link #kill}). */
  public void restart() {
    launch();
  }

  private void launch() {
    Path runner = ServiceProcess.runner("mesh.catalog.runner", "catalog service");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.http.host=127.0.0.1");
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(runner.toString());
    Map<String, String> variables = new java.util.HashMap<>(environment);
    variables.put("MESH_DATA_DIR", dataDir.toString());
    process = ServiceProcess.start(command, variables, log());
    ServiceProcess.awaitReady("Catalog " + name, uri(), process, log(), Duration.ofSeconds(90));
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public String icebergUri() {
    return uri() + CatalogClients.ICEBERG_ROOT;
  }

  public String tokenUri() {
    return uri() + "/oauth/token";
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path log() {
    return dataDir.resolve("catalog-" + name + ".log");
  }

  /** {@code <principal>:<secret>} of a seeded principal, as Iceberg's {@code credential}. */
  public String credential(String principal) {
    return principal + ":" + secret(principal);
  }

  public String secret(String principal) {
    try {
      return Files.readString(dataDir.resolve("catalog/credentials").resolve(principal)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("No credentials for " + principal, e);
    }
  }

  /** A fresh access token for a seeded principal, from the service's own token endpoint. */
  public String token(String principal) {
    return tokenFor(principal, secret(principal));
  }

  /** A fresh access token for any principal whose client secret the caller knows. */
  public String tokenFor(String principal, String secret) {
    String form =
        "grant_type=client_credentials&scope=catalog&client_id="
            + URLEncoder.encode(principal, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(tokenUri()))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher matcher = ACCESS_TOKEN.matcher(response.body());
      if (response.statusCode() != 200 || !matcher.find()) {
        throw new IllegalStateException(
            "Token request for "
                + principal
                + " failed: "
                + response.statusCode()
                + " "
                + response.body());
      }
      return matcher.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the process the hard way, as a crash would. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor();
    }
  }

  @Override
  public void close() {
    if (process != null) {
      ServiceProcess.stop(process, "the catalog");
    }
  }

  private void waitFor() {
    ServiceProcess.waitFor(process);
  }
}
