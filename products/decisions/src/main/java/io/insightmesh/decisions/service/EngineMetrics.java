package io.insightmesh.decisions.service;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The engine's figures for Prometheus: decisions made, replays, the log's progress, commits,
 * releases and table hygiene.
 */
@ApplicationScoped
@Startup
public class EngineMetrics {
  public EngineMetrics(Engine engine, MeterRegistry registry) {
    Gauge.builder("mesh.engine.decisions", engine.assessments(), a -> a.assessedCount())
        .description("Decisions made durable since start")
        .register(registry);
    // What "claims assessed" means to its readers: every claim with a durable decision, those
    // recovered from the log at start included; the count above starts at zero with the process.
    Gauge.builder("mesh.engine.claims.decided", engine.assessments(), a -> a.knownClaims())
        .description("Claims with a durable decision, recovered from the log at start included")
        .register(registry);
    Gauge.builder("mesh.engine.replays", engine.assessments(), a -> a.replayedCount())
        .description("Requests answered with an earlier decision for the same claim id")
        .register(registry);
    Gauge.builder("mesh.engine.log.durable.sequence", engine.log(), l -> l.durableSequence())
        .description("Sequence of the last decision on disk")
        .register(registry);
    Gauge.builder("mesh.engine.log.fsyncs", engine.log(), l -> l.stats().fsyncs())
        .description("fsync calls of the decision log; decisions per fsync show the group commit")
        .register(registry);
    // A histogram, not a maximum: every answer waits for its decision's fsync, so the disk's tail
    // is the floor under the answers' p99 (docs/benchmarks/scoring.md).
    Timer fsync =
        Timer.builder("mesh.engine.log.fsync")
            .description(
                "How long each group commit's fsync of the decision log took; every answer waited"
                    + " for one")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(50_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    engine.log().observeFsyncs(nanos -> fsync.record(nanos, TimeUnit.NANOSECONDS));
    Gauge.builder("mesh.engine.log.segments.grown", engine.log(), l -> l.stats().grownSegments())
        .description(
            "Log segments started without a zero-filled spare ready: their fsyncs also commit the"
                + " file's growing length; should stay near 0")
        .register(registry);
    FunctionCounter.builder(
            "mesh.engine.search.indexed.by.deciders",
            engine.index(),
            index -> (double) index.indexedByDeciders())
        .description(
            "Decisions the answering threads indexed for search themselves because the background"
                + " indexer fell behind (over 1,024 waiting); rises only on a saturated core")
        .register(registry);
    Gauge.builder("mesh.engine.profiles", engine.assessments(), a -> a.profiles().size())
        .description("Claimant profiles in the loaded release")
        .register(registry);
    Gauge.builder(
            "mesh.engine.profiles.swaps",
            engine,
            e -> e.link().map(CatalogLink::profileSwaps).orElse(0L))
        .description("Profiles releases swapped in since start, the first one included")
        .register(registry);
    Gauge.builder(
            "mesh.engine.releases",
            engine,
            e -> e.link().flatMap(CatalogLink::releaser).map(r -> r.releases()).orElse(0L))
        .description("Data-only releases of risk.decisions cut or recorded since start")
        .register(registry);
    Gauge.builder(
            "mesh.engine.release.last.timestamp",
            engine,
            e ->
                e.link()
                    .flatMap(CatalogLink::releaser)
                    .flatMap(r -> r.lastReleasedAt())
                    .map(at -> at.toEpochMilli() / 1000.0)
                    .orElse(0.0))
        .description("When the newest release of risk.decisions was cut, seconds since the epoch")
        .register(registry);
    Gauge.builder(
            "mesh.engine.commit.lag",
            engine,
            e -> e.link().flatMap(CatalogLink::committer).map(c -> c.stats().lag()).orElse(0L))
        .description("Durable decisions not yet committed to risk.decisions_v1")
        .register(registry);
    Gauge.builder(
            "mesh.engine.hygiene.rounds",
            engine,
            e -> e.link().flatMap(CatalogLink::hygiene).map(h -> h.rounds()).orElse(0L))
        .description("Table hygiene rounds (compaction, snapshot expiry) of risk.decisions_v1")
        .register(registry);
    Gauge.builder(
            "mesh.engine.hygiene.last.seconds",
            engine,
            e ->
                e.link()
                    .flatMap(CatalogLink::hygiene)
                    .map(h -> h.lastRoundDuration().toNanos() / 1e9)
                    .orElse(0.0))
        .description("How long the last table hygiene round took; commits go on beside it")
        .register(registry);
    Gauge.builder(
            "mesh.engine.table.snapshots",
            engine,
            e -> e.link().flatMap(CatalogLink::hygiene).map(h -> h.snapshotsKept()).orElse(0))
        .description(
            "Snapshots risk.decisions_v1 kept after the last expiry, tagged ones included; bounded"
                + " by the expiry and tag retention settings however long the engine runs")
        .register(registry);
    Gauge.builder(
            "mesh.engine.table.metadata.bytes",
            engine,
            e -> e.link().flatMap(CatalogLink::hygiene).map(h -> h.metadataBytes()).orElse(0L))
        .description(
            "Size of risk.decisions_v1's metadata.json after the last expiry, which every commit"
                + " writes and every reader's planning parses")
        .register(registry);
    Gauge.builder(
            "mesh.engine.expired.files.pending",
            engine,
            e -> e.link().flatMap(CatalogLink::deletes).map(d -> d.pending()).orElse(0))
        .description(
            "Files snapshot expiry freed that wait out their grace before they are deleted")
        .register(registry);
    FunctionCounter.builder(
            "mesh.engine.hygiene.skipped.partitions",
            engine,
            e ->
                e.link()
                    .flatMap(CatalogLink::hygiene)
                    .map(h -> (double) h.skippedPartitions())
                    .orElse(0.0))
        .description(
            "Partitions compaction of risk.decisions_v1 skipped (a conflicting commit or an unknown"
                + " outcome); the next round retries them")
        .register(registry);
    Gauge.builder(
            "mesh.engine.answers.realtime.threads",
            engine.realtimeAnswers(),
            a -> a.raisedThreads())
        .description(
            "Answering threads (event loops, the log's writer) on the real-time policy now; 0 while"
                + " they use over mesh.engine.realtime-answers-share, or where it is not granted")
        .register(registry);
    FunctionCounter.builder(
            "mesh.engine.answers.realtime.lowerings",
            engine.realtimeAnswers(),
            a -> (double) a.lowerings())
        .description(
            "Times the answering threads went back to their ordinary policy for using over their"
                + " share of the cores; rises under saturating load")
        .register(registry);
  }
}
