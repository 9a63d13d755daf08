package io.insightmesh.products.claims.generate;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./mesh generate claims}: the claims domain's synthetic source. Writes, under {@code DIR}:
 *
 * <pre>
 * landing/claims/part-00000.jsonl …   the claims as submitted, one JSON object per line with the
 *                                     claims contract's field names (or part-NNNNN.avro, Avro
 *                                     container files written with the contract); about
 *                                     --claims-per-file records each; includes duplicate
 *                                     submissions and a share (--bad-rate) of bad records
 * reference/self_assessment.jsonl     nino, utr, tax_year (2016-17 …), trading_profit
 * reference/paye_employment.jsonl     employer_reference, company_number, month (YYYY-MM),
 *                                     employees, gross_pay
 * reference/companies.jsonl           company_number, name, incorporated_on, status
 * reference/deceased.jsonl            nino, date_of_death
 * ground-truth/labels.jsonl           one line per claim_id: fraud, patterns[], and bad_record +
 *                                     bad_field for a deliberately bad record; never under landing/
 * manifest.json                       seed, count, counts per scheme, pattern and defect, files
 * </pre>
 *
 * Landing JSON: timestamps ISO-8601 UTC ({@code 2020-05-13T07:00:00Z}), dates {@code YYYY-MM-DD},
 * amounts numbers with two decimals, absent optional fields omitted. The same seed and settings
 * give byte-identical files whatever {@code --threads}. Exit codes: 0 written, 1 failed (e.g. the
 * directory already holds a run), 2 usage error.
 */
@Command(
    name = "mesh generate claims",
    mixinStandardHelpOptions = true,
    versionProvider = GenerateClaims.Version.class,
    sortOptions = false,
    description = {
      "Generate synthetic claims for the four Covid schemes (SEISS, CJRS, SSP_REBATE, BBL) with"
          + " realistic distributions, caps and opening-day bursts, injected fraud patterns, the"
          + " reference data profiles need, and ground-truth labels kept apart from the landing"
          + " files. The same seed always gives the same files.",
      ""
    },
    footerHeading = "%nOutput under DIR:%n",
    footer = {
      "  landing/claims/part-NNNNN.jsonl  claims as submitted, with duplicate",
      "                                   submissions and bad records (.avro parts",
      "                                   with --format avro)",
      "  reference/self_assessment.jsonl  nino, utr, tax_year, trading_profit",
      "  reference/paye_employment.jsonl  employer_reference, company_number, month,",
      "                                   employees, gross_pay",
      "  reference/companies.jsonl        company_number, name, incorporated_on,",
      "                                   status",
      "  reference/deceased.jsonl         nino, date_of_death",
      "  ground-truth/labels.jsonl        claim_id, fraud, patterns, bad_record,",
      "                                   bad_field (never under landing/)",
      "  manifest.json                    seed, counts per scheme, pattern and",
      "                                   defect, files",
      "",
      "Exit codes: 0 written, 1 failed (the message says why), 2 usage error."
    })
public final class GenerateClaims implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--count",
      required = true,
      paramLabel = "N",
      description = "Landing records to write, 1 to 100,000,000 (underscores allowed: 8_000_000).",
      converter = Counts.class)
  long count;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory to write into; created if missing.")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "Landing format: json (JSON lines) or avro (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--bad-rate",
      paramLabel = "R",
      defaultValue = "0.001",
      description =
          "Share of landing records made deliberately bad, 0 to 0.5 (default: ${DEFAULT-VALUE}).")
  double badRate;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description =
          "Worker threads (default: the number of processors). Does not change the output.")
  Integer threads;

  @Option(
      names = "--claims-per-file",
      paramLabel = "N",
      defaultValue = "250000",
      converter = Counts.class,
      description = "About how many records per landing part (default: ${DEFAULT-VALUE}).")
  long claimsPerFile;

  @Option(
      names = "--overwrite",
      description = "Replace the files of an earlier run in DIR instead of refusing.")
  boolean overwrite;

  public static void main(String[] arguments) {
    // Avro logs through SLF4J, which has no provider here and would say so on every run.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    CommandLine commandLine = commandLine();
    commandLine.setOut(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    commandLine.setErr(
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    System.exit(commandLine.execute(arguments));
  }

  /** The command line: failures print {@code error: <message>} and exit 1; usage errors exit 2. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new GenerateClaims());
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          PrintWriter err = failed.getErr();
          if (exception instanceof OutputExistsException
              || exception instanceof IllegalArgumentException) {
            err.println("error: " + exception.getMessage());
          } else if (exception instanceof UncheckedIOException io) {
            err.println("error: " + io.getMessage());
          } else {
            err.println("error: unexpected failure: " + exception);
            exception.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    return commandLine;
  }

  @Override
  public Integer call() {
    OutputFormat outputFormat =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "json", "jsonl" -> OutputFormat.JSON;
          case "avro" -> OutputFormat.AVRO;
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "Invalid value for option '--format': '" + format + "' (expected json or avro)");
        };
    GeneratorSettings settings;
    try {
      settings =
          new GeneratorSettings(
              count,
              seed,
              out,
              outputFormat,
              badRate,
              threads == null ? Runtime.getRuntime().availableProcessors() : threads,
              (int) Math.min(Integer.MAX_VALUE, claimsPerFile),
              overwrite ? ExistingOutput.REPLACE : ExistingOutput.REFUSE);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid options: " + e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    GenerationSummary summary =
        new ClaimsGenerator(settings)
            .generate(
                (written, total) -> {
                  double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
                  err.printf(
                      Locale.ROOT,
                      "generate: %,d of %,d claims (%d%%) %s%n",
                      written,
                      total,
                      written * 100 / total,
                      rate(written / seconds));
                  err.flush();
                });
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintWriter output = spec.commandLine().getOut();
    output.printf(
        Locale.ROOT,
        "generated %,d claims (%,d claim ids, %,d claimants) in %.1f s: %,d labelled fraud"
            + " (%.1f%%), %,d duplicate submissions, %,d bad records%n",
        summary.records(),
        summary.claims(),
        summary.claimants(),
        seconds,
        summary.fraudClaims(),
        100.0 * summary.fraudClaims() / summary.claims(),
        summary.duplicates(),
        summary.badRecords());
    output.printf(Locale.ROOT, "manifest: %s%n", summary.manifest());
    output.flush();
    return 0;
  }

  static String rate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM/s", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.0fk/s", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f/s", perSecond);
  }

  /** Whole numbers, with optional _ or , between digits. */
  static final class Counts implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String digits = value.replace("_", "").replace(",", "");
      if (!digits.matches("[0-9]{1,18}")) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
      }
      return Long.parseLong(digits);
    }
  }

  /** The generator's version, which changes whenever a seed's files would. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Insight Mesh synthetic claims source " + ClaimsGenerator.VERSION};
    }
  }
}
