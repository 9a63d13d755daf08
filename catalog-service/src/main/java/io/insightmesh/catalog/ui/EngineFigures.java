package io.insightmesh.catalog.ui;

import static java.util.Objects.requireNonNull;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.jboss.logging.Logger;

/**
 * The dashboard's engine figures: how many claims the engine has assessed and searched, and how
 * many it assesses per hour. The engine only counts, so the rate comes from this service sampling
 * the count over the last hour.
 */
@ApplicationScoped
public class EngineFigures {
  private static final Logger LOG = Logger.getLogger(EngineFigures.class);
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Pattern DECISIONS =
      Pattern.compile("(?m)^mesh_engine_claims_decided(?:\\{[^}]*})?\\s+([0-9.eE+]+)$");
  private static final Pattern SEARCHES =
      Pattern.compile(
          "(?m)^http_server_requests_seconds_count\\{(?=[^}]*status=\"200\")[^}]*"
              + "uri=\"/api/v1/search\"[^}]*}\\s+([0-9.eE+]+)$");

  private final EngineClient engine;
  private final Clock clock;
  private static final long FRESH_SECONDS = 5;
  private static final Figures UNREACHABLE = new Figures(false, null, null, 0, null);

  private final Deque<Sample> samples = new ArrayDeque<>();
  private final ReentrantLock sampling = new ReentrantLock();
  private volatile Answer latest;

  @Inject
  public EngineFigures(EngineClient engine) {
    this(engine, Clock.systemUTC());
  }

  EngineFigures(EngineClient engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /** The decision count at one instant. */
  record Sample(Instant at, long decisions) {
    Sample {
      requireNonNull(at, "at is null");
    }
  }

  /** Figures and when they were taken. */
  private record Answer(Instant at, Figures figures) {}

  /**
   * What the dashboard shows of the engine.
   *
   * @param reachable whether the engine answered just now
   * @param assessed claims assessed since the engine's decision log began
   * @param perHour claims assessed per hour over the sampled window, absent until two samples
   * @param window how long the sampled window is, in seconds
   * @param searches case-worker searches the engine has answered since it started
   */
  public record Figures(
      boolean reachable, Long assessed, Double perHour, long window, Long searches) {}

  @Scheduled(every = "${mesh.catalog.ui.sample-every:15s}", delayed = "5s")
  void sample() {
    sampling.lock();
    try {
      sampleNow();
    } catch (ServiceUnavailableException e) {
      LOG.debugf("No engine sample: %s", e.getMessage());
    } finally {
      sampling.unlock();
    }
  }

  /**
   * The figures of a sample taken within the last {@value #FRESH_SECONDS} s, else of one taken now.
   * However many dashboards ask, the engine is asked at most once at a time, and a caller never
   * waits behind another's question to an engine that does not answer: it gets the last figures.
   */
  public Figures current() {
    Answer known = latest;
    if (known != null && known.at().isAfter(clock.instant().minusSeconds(FRESH_SECONDS))) {
      return known.figures();
    }
    if (!sampling.tryLock()) {
      return known != null ? known.figures() : UNREACHABLE;
    }
    try {
      return sampleNow();
    } finally {
      sampling.unlock();
    }
  }

  // Under the sampling lock.
  private Figures sampleNow() {
    String metrics;
    Instant asked = clock.instant();
    try {
      metrics = engine.metrics();
    } catch (ServiceUnavailableException e) {
      latest = new Answer(asked, UNREACHABLE);
      return UNREACHABLE;
    }
    OptionalLong decisions = total(DECISIONS, metrics);
    OptionalLong searches = total(SEARCHES, metrics);
    Instant now = clock.instant();
    if (decisions.isPresent()) {
      samples.addLast(new Sample(now, decisions.getAsLong()));
    }
    while (samples.size() > 2 && samples.peekFirst().at().isBefore(now.minus(WINDOW))) {
      samples.removeFirst();
    }
    Optional<Double> perHour = perHour();
    long window =
        samples.isEmpty()
            ? 0
            : Duration.between(samples.peekFirst().at(), samples.peekLast().at()).toSeconds();
    Figures figures =
        new Figures(
            true,
            decisions.isPresent() ? decisions.getAsLong() : null,
            perHour.orElse(null),
            window,
            // No search yet means no such series in the metrics: zero searches, not unknown.
            searches.isPresent() ? searches.getAsLong() : 0L);
    latest = new Answer(now, figures);
    return figures;
  }

  private Optional<Double> perHour() {
    if (samples.size() < 2) {
      return Optional.empty();
    }
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    long millis = Duration.between(first.at(), last.at()).toMillis();
    if (millis <= 0) {
      return Optional.empty();
    }
    // Step by step: a restarted engine counts from what its log still holds, and a drop is
    // neither negative work nor a reason to ignore the work after it.
    long assessed = 0;
    Sample previous = null;
    for (Sample sample : samples) {
      if (previous != null) {
        assessed += Math.max(0, sample.decisions() - previous.decisions());
      }
      previous = sample;
    }
    return Optional.of(assessed * 3_600_000.0 / millis);
  }

  /** The sum of every series {@code pattern} matches, absent if none does. */
  static OptionalLong total(Pattern pattern, String metrics) {
    Matcher matcher = pattern.matcher(metrics);
    boolean found = false;
    double sum = 0;
    while (matcher.find()) {
      found = true;
      sum += Double.parseDouble(matcher.group(1));
    }
    return found ? OptionalLong.of(Math.round(sum)) : OptionalLong.empty();
  }

  static OptionalLong decisions(String metrics) {
    return total(DECISIONS, metrics);
  }

  static OptionalLong searches(String metrics) {
    return total(SEARCHES, metrics);
  }
}
