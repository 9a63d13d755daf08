package io.insightmesh.products.claims.generate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One run of the synthetic claims source.
 *
 * @param count landing records to write (claims, duplicate submissions and bad records together)
 * @param seed the seed: the same seed and settings always give byte-identical files
 * @param output the directory to write into
 * @param format the landing files' format
 * @param badRate the share of landing records deliberately made bad, about
 * @param threads worker threads; the output does not depend on it
 * @param claimsPerFile about how many records each landing part holds (a claimant's claims are
 *     never split across parts); the output depends on it
 * @param existingOutput what to do if output already holds a run
 */
public record GeneratorSettings(
    long count,
    long seed,
    Path output,
    OutputFormat format,
    double badRate,
    int threads,
    int claimsPerFile,
    ExistingOutput existingOutput) {
  /** The most records one run writes: identifiers are drawn from spaces sized for it. */
  public static final long MAX_COUNT = 100_000_000L;

  public static final double DEFAULT_BAD_RATE = 0.001;
  public static final int DEFAULT_CLAIMS_PER_FILE = 250_000;

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the setting and its allowed range
   */
  public GeneratorSettings {
    requireNonNull(output, "output is null");
    requireNonNull(format, "format is null");
    requireNonNull(existingOutput, "existingOutput is null");
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "count " + count + " must be between 1 and " + String.format("%,d", MAX_COUNT));
    }
    if (!(badRate >= 0 && badRate <= 0.5)) {
      throw new IllegalArgumentException("bad rate " + badRate + " must be between 0 and 0.5");
    }
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads " + threads + " must be between 1 and 1024");
    }
    if (claimsPerFile < 100) {
      throw new IllegalArgumentException(
          "claims per file " + claimsPerFile + " must be at least 100");
    }
  }

  /** Defaults for everything but count, seed and output. */
  public static GeneratorSettings of(long count, long seed, Path output) {
    return new GeneratorSettings(
        count,
        seed,
        output,
        OutputFormat.JSON,
        DEFAULT_BAD_RATE,
        Runtime.getRuntime().availableProcessors(),
        DEFAULT_CLAIMS_PER_FILE,
        ExistingOutput.REFUSE);
  }

  /** These settings with another landing format. */
  public GeneratorSettings withFormat(OutputFormat format) {
    return new GeneratorSettings(
        count, seed, output, format, badRate, threads, claimsPerFile, existingOutput);
  }

  /** These settings with another share of bad records. */
  public GeneratorSettings withBadRate(double badRate) {
    return new GeneratorSettings(
        count, seed, output, format, badRate, threads, claimsPerFile, existingOutput);
  }

  /** These settings with another number of worker threads. */
  public GeneratorSettings withThreads(int threads) {
    return new GeneratorSettings(
        count, seed, output, format, badRate, threads, claimsPerFile, existingOutput);
  }

  /** These settings with another landing part size. */
  public GeneratorSettings withClaimsPerFile(int claimsPerFile) {
    return new GeneratorSettings(
        count, seed, output, format, badRate, threads, claimsPerFile, existingOutput);
  }

  /** These settings with another policy for an output that already holds a run. */
  public GeneratorSettings withExistingOutput(ExistingOutput existingOutput) {
    return new GeneratorSettings(
        count, seed, output, format, badRate, threads, claimsPerFile, existingOutput);
  }
}
