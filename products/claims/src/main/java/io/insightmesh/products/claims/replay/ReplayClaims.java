package io.insightmesh.products.claims.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.insightmesh.sdk.catalog.SeededCredentials;
import io.insightmesh.sdk.catalog.TokenClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Submits landing claims to the scoring engine at a steady rate, as the schemes' front ends did:
 * the stream of claims {@code ./mesh up} replays through the engine so the platform shows live
 * decisions.
 *
 * <p>Nothing is lost and nothing is assessed twice. A claim whose answer is lost (connection
 * refused or reset, 5xx, timeout) is sent again with the same claim id, for as long as it takes:
 * the engine answers a claim id it has decided with that first decision. How far the replay has got
 * is kept in the {@code --position} file (see {@link ReplayPosition}), so a stopped replay resumes
 * there. When every record has been answered the replay stays up, idle, and says {@code finished}
 * on its status endpoint; it replays nothing more until its position file is deleted.
 */
@Command(
    name = "replay-claims",
    mixinStandardHelpOptions = true,
    description = "Submit landing claims (JSON lines) to the scoring engine at a steady rate.")
public final class ReplayClaims implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_IN_FLIGHT = 32;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final Duration SAVE_EVERY = Duration.ofSeconds(1);
  private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(10);
  private static final Duration PROFILES_WAIT = Duration.ofSeconds(120);

  /** The replay's state, as its status endpoint reports it. */
  enum State {
    WAITING_FOR_PROFILES,
    REPLAYING,
    FINISHED,
    STOPPING
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      description = "The generator's output folder, or a folder of JSON lines landing files.")
  Path input;

  @Option(
      names = "--engine",
      defaultValue = "http://localhost:8282",
      description = "The scoring engine (default: ${DEFAULT-VALUE}).")
  URI engine;

  @Option(
      names = "--catalog",
      defaultValue = "http://localhost:8181",
      description = "The catalog that issues the token (default: ${DEFAULT-VALUE}).")
  URI catalog;

  @Option(
      names = "--credentials",
      required = true,
      description = "The embedded catalog's seeded credentials folder.")
  Path credentials;

  @Option(
      names = "--principal",
      defaultValue = "claims-team",
      description = "Who submits the claims (default: ${DEFAULT-VALUE}).")
  String principal;

  @Option(
      names = "--rate",
      defaultValue = "63",
      description =
          "Claims per second (default: ${DEFAULT-VALUE}, the schemes' real peak submission rate).")
  double rate;

  @Option(
      names = "--position",
      required = true,
      description = "The file that keeps how far the replay has got; it resumes from there.")
  Path positionFile;

  @Option(
      names = "--status-port",
      defaultValue = "0",
      description =
          "Serve the replay's health and progress as JSON on http://127.0.0.1:PORT/health"
              + " (default: none).")
  int statusPort;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<String> token = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.WAITING_FOR_PROFILES);
  private final ReplayCounts counts = new ReplayCounts();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private ReplayPosition position;
  private long total;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReplayClaims()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Invalid --rate " + rate + ": must be a positive number of claims per second");
    }
    List<Path> files = landingFiles(input);
    if (files.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Invalid --input " + input + ": no JSON lines landing files under it");
    }
    total = countLines(files);
    position = ReplayPosition.load(positionFile);
    refreshToken();
    ScheduledExecutorService background =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "replay-progress");
              thread.setDaemon(true);
              return thread;
            });
    background.scheduleWithFixedDelay(
        position::save, SAVE_EVERY.toMillis(), SAVE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(
        () -> System.out.println("replay: " + progress()),
        PROGRESS_EVERY.toMillis(),
        PROGRESS_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    HttpServer status = statusPort > 0 ? statusServer(statusPort) : null;
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "replay-stop"));
    System.out.printf(
        Locale.ROOT,
        "replay: %,d records in %d files, resuming at %,d, %.1f claims/s to %s%n",
        total,
        files.size(),
        position.position(),
        rate,
        engine);

    awaitProfiles();
    replay(files);
    if (state.get() == State.STOPPING) {
      return 0;
    }
    inFlight.acquire(MAX_IN_FLIGHT);
    inFlight.release(MAX_IN_FLIGHT);
    position.save();
    state.compareAndSet(State.REPLAYING, State.FINISHED);
    System.out.println("replay finished: " + progress());
    if (status != null) {
      // Stays up so ./mesh status can show the finished replay; ./mesh down stops it.
      new CountDownLatch(1).await();
    }
    return 0;
  }

  /**
   * Waits until the engine has a profiles release loaded: it answers before, but without a
   * claimant's history it would flag claims it would otherwise accept, and the demo would show
   * decisions the platform never makes once it runs.
   */
  private void awaitProfiles() throws InterruptedException {
    long deadline = System.nanoTime() + PROFILES_WAIT.toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(engine.resolve("/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    while (System.nanoTime() < deadline && state.get() == State.WAITING_FOR_PROFILES) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && profilesLoaded(response.body())) {
          state.compareAndSet(State.WAITING_FOR_PROFILES, State.REPLAYING);
          return;
        }
      } catch (IOException notYet) {
        // the engine is starting or away: ask again
      }
      Thread.sleep(500);
    }
    if (state.compareAndSet(State.WAITING_FOR_PROFILES, State.REPLAYING)) {
      System.out.println(
          "replay: the engine has loaded no profiles release after "
              + PROFILES_WAIT.toSeconds()
              + " s; replaying anyway");
    }
  }

  /**
   * Whether the engine's readiness body names a loaded profiles release: until it has one, it says
   * {@code "profile-release": "none"}.
   */
  static boolean profilesLoaded(String health) throws IOException {
    JsonNode release = JSON.readTree(health).findPath("profile-release");
    return release.isTextual() && !release.asText().equals("none");
  }

  private void replay(List<Path> files) throws IOException, InterruptedException {
    long resumeAt = position.position();
    long index = 0;
    long start = System.nanoTime();
    long sentSinceStart = 0;
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null) {
          long record = index++;
          if (record < resumeAt) {
            continue;
          }
          if (line.isBlank()) {
            position.answered(record);
            continue;
          }
          long due = start + (long) (sentSinceStart * 1e9 / rate);
          long now = System.nanoTime();
          if (now - due > TimeUnit.SECONDS.toNanos(1)) {
            // Held back (engine slow or away): go on at the steady rate, no burst to catch up.
            start = now;
            sentSinceStart = 0;
            due = now;
          }
          long wait;
          while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
          }
          if (state.get() == State.STOPPING) {
            return;
          }
          inFlight.acquire();
          if (state.get() == State.STOPPING) {
            inFlight.release();
            return;
          }
          counts.sent();
          submit(line, record, 0).whenComplete((ignored, failure) -> inFlight.release());
          sentSinceStart++;
        }
      }
    }
  }

  private CompletableFuture<Void> submit(String claim, long record, int attempt) {
    HttpRequest request =
        HttpRequest.newBuilder(engine.resolve("/api/v1/assessments"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token.get())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(claim))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              int code = failure == null ? response.statusCode() : 0;
              if (code / 100 == 2) {
                counts.decided(decision(response.body()));
                position.answered(record);
                return CompletableFuture.<Void>completedFuture(null);
              }
              if (code == 400) {
                // A deliberately bad landing record: the engine names its faults; nothing logged,
                // as the record may hold personal data.
                counts.refused();
                position.answered(record);
                return CompletableFuture.<Void>completedFuture(null);
              }
              if (state.get() == State.STOPPING) {
                // Not answered: the position stays before it, so the next run sends it again.
                return CompletableFuture.<Void>completedFuture(null);
              }
              String cause = failure != null ? failure.getClass().getSimpleName() : "HTTP " + code;
              lastError.set(cause);
              counts.retried();
              if (code == 401) {
                refreshTokenQuietly();
              }
              // Safe to send again: the engine answers a claim id it has decided with that
              // decision, so an answer lost on the way is never a second assessment.
              long backoff = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(attempt, 10));
              return CompletableFuture.runAsync(
                      () -> {}, CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS))
                  .thenCompose(ignored -> submit(claim, record, attempt + 1));
            })
        .thenCompose(next -> next);
  }

  /** On SIGTERM ({@code ./mesh down}): stop sending, let answers in flight arrive, save. */
  private void stop() {
    if (state.getAndSet(State.STOPPING) == State.FINISHED) {
      return;
    }
    try {
      if (inFlight.tryAcquire(MAX_IN_FLIGHT, DRAIN_ON_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        inFlight.release(MAX_IN_FLIGHT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    position.save();
    System.out.println("replay stopped: " + progress());
    System.out.flush();
  }

  private void refreshToken() {
    String secret = new SeededCredentials(credentials).secret(principal);
    token.set(TokenClient.forCatalog(catalog).token(principal, secret, "catalog"));
  }

  private void refreshTokenQuietly() {
    try {
      refreshToken();
    } catch (RuntimeException e) {
      lastError.set("token refresh failed: " + e.getMessage());
    }
  }

  private String progress() {
    long at = position.position();
    return String.format(
        Locale.ROOT,
        "%s, %,d of %,d records done (%.1f%%)%s",
        counts.summary(),
        at,
        total,
        total == 0 ? 100.0 : 100.0 * at / total,
        lastError.get() == null ? "" : ", last error " + lastError.get());
  }

  /** The replay's health and progress, for {@code ./mesh status}. */
  ObjectNode status() {
    ObjectNode status = JSON.createObjectNode();
    status.put("status", "UP");
    status.put("state", state.get().name().toLowerCase(Locale.ROOT));
    status.put("position", position.position());
    status.put("total", total);
    status.put("rate", rate);
    counts.into(status);
    if (lastError.get() != null) {
      status.put("last-error", lastError.get());
    }
    status.put("summary", progress());
    return status;
  }

  private HttpServer statusServer(int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
    server.createContext(
        "/health",
        exchange -> {
          byte[] body = JSON.writeValueAsBytes(status());
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "replay-status");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
    return server;
  }

  private static String decision(String body) {
    try {
      JsonNode decision = JSON.readTree(body).path("decision");
      return decision.isTextual() ? decision.asText() : "UNKNOWN";
    } catch (IOException e) {
      return "UNKNOWN";
    }
  }

  /** The JSON lines landing files under {@code input} (or its {@code landing/claims}), in order. */
  static List<Path> landingFiles(Path input) {
    Path landing = input.resolve("landing").resolve("claims");
    Path root = Files.isDirectory(landing) ? landing : input;
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> found = Files.walk(root)) {
      List<Path> files = new ArrayList<>();
      found
          .filter(Files::isRegularFile)
          .filter(path -> path.getFileName().toString().endsWith(".jsonl"))
          .sorted()
          .forEach(files::add);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the landing files under " + root, e);
    }
  }

  private static long countLines(List<Path> files) throws IOException {
    long lines = 0;
    for (Path file : files) {
      try (Stream<String> stream = Files.lines(file, StandardCharsets.UTF_8)) {
        lines += stream.count();
      }
    }
    return lines;
  }
}
