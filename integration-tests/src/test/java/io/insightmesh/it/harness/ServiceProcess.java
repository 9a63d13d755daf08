package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/** What every packaged service of the platform has in common as a test process. */
public final class ServiceProcess {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * Above the ports services listen on by default ({@code ./mesh up}'s 8181 and 8443 among them),
   * which a developer may have running beside the tests.
   */
  private static final int LOWEST_PORT = 20_000;

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

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

  /**
   * How long a server asked to stop may take before it is killed: inside the 30 s Surefire gives
   * the shutdown hooks that stop the shared servers before it halts the JVM, after which anything
   * still stopping would be left running on a reused machine, holding its ports and directories.
   */
  static final Duration STOP_PATIENCE = Duration.ofSeconds(20);

  /** Asks {@code process} to stop, and kills it if it has not within {@link #STOP_PATIENCE}. */
  public static void stop(Process process, String name) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        System.err.println(
            "[it] "
                + name
                + " did not stop within "
                + STOP_PATIENCE.toSeconds()
                + " s; killing it");
        process.destroyForcibly();
        waitFor(process);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A port nothing listens on, for a service that binds it later, sometimes much later (the engine
   * the shared catalog's UI is told of before the first test and the UI test starts twenty minutes
   * on), or again after a stop ({@code ./mesh down}, a restart). Not one {@code bind(0)} chose:
   * that lies in the kernel's ephemeral range, which the kernel hands out again meanwhile to any
   * socket binding port 0 or connecting out; below the range it hands out none. At random, so that
   * runs sharing a machine rarely meet, and never twice in this JVM, so that a stopped service's
   * port is not another's when it comes back.
   */
  public static int freePort() {
    int below = firstEphemeralPort();
    if (below - LOWEST_PORT < 1_000) {
      throw new IllegalStateException(
          "The kernel's ephemeral ports ("
              + EPHEMERAL_RANGE
              + ") start at "
              + below
              + ", leaving no room below for the tests' servers; raise its start above "
              + (LOWEST_PORT + 1_000));
    }
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, below);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      // Kept in HANDED_OUT when taken: whoever holds it may hold it all run.
      try (ServerSocket probe = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        continue;
      }
    }
    throw new IllegalStateException(
        "No free port between " + LOWEST_PORT + " and " + (below - 1) + " in 1,000 tries");
  }

  private static int firstEphemeralPort() {
    try {
      // In one read: the kernel answers a read of a sysctl past its start with nothing, and
      // Files.readString, sizing its buffer by the file's (0), first reads a single byte.
      return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).strip().split("\\s+")[0]);
    } catch (NoSuchFileException notLinux) {
      // Linux's default start; macOS's range starts higher, at 49152.
      return 32_768;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the kernel's ephemeral port range", e);
    }
  }
}
