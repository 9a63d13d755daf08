package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** What every packaged service of the platform has in common as a test process. */
final class ServiceProcess {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ServiceProcess() {}

  /** The packaged {@code quarkus-run.jar} named by system property {@code property}. */
  static Path runner(String property, String service) {
    String runner = System.getProperty(property);
    if (runner == null || !Files.exists(Path.of(runner))) {
      throw new IllegalStateException(
          "The packaged " + service + " is missing (" + runner + "); run the verify phase");
    }
    return Path.of(runner);
  }

  /** Starts {@code command} with {@code environment} added, appending its output to {@code log}. */
  static Process start(List<String> command, Map<String, String> environment, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }

  /** Waits until {@code base}'s readiness check answers 200, failing early if the process died. */
  static void awaitReady(String name, URI base, Process process, Path log, Duration timeout) {
    awaitHealth(name + " ready", URI.create(base + "/q/health/ready"), process, log, timeout);
  }

  /** Waits until it answers at all: for a service that is up but rightly not ready. */
  static void awaitLive(String name, URI base, Process process, Path log, Duration timeout) {
    awaitHealth(name + " live", URI.create(base + "/q/health/live"), process, log, timeout);
  }

  private static void awaitHealth(
      String what, URI check, Process process, Path log, Duration timeout) {
    HttpRequest health = HttpRequest.newBuilder(check).build();
    Awaitility.await(what + " (log: " + log + ")")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    what + ": exited with " + process.exitValue() + "; see " + log);
              }
              try {
                return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()
                    == 200;
              } catch (IOException notListeningYet) {
                return false;
              }
            });
  }

  static void waitFor(Process process) {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
