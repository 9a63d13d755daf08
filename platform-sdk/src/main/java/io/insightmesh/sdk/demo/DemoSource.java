package io.insightmesh.sdk.demo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * Synthetic source data for the demo platform, found with {@link java.util.ServiceLoader}: the
 * claims product ships one, so the SDK can generate claims without depending on a product module.
 */
public interface DemoSource {
  /**
   * Writes {@code count} deterministic claims (landing files, reference data) to {@code output},
   * replacing an earlier run there; {@code progress} hears how many are written so far.
   */
  void generate(Path output, long count, long seed, LongConsumer progress);

  /**
   * The instant the data generated into {@code output} is fresh as of (the generator's claims are
   * from the past): freshness rules are judged as of then.
   */
  Instant asOf(Path output);
}
