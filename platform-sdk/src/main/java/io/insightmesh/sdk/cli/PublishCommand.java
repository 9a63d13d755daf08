package io.insightmesh.sdk.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.catalog.SeededCredentials;
import io.insightmesh.sdk.launcher.Component;
import io.insightmesh.sdk.launcher.Launcher;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.LineageInput;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.ProductPipeline;
import io.insightmesh.sdk.publish.PublishRequest;
import io.insightmesh.sdk.publish.PublishResult;
import io.insightmesh.sdk.publish.Publisher;
import io.insightmesh.sdk.publish.QualityCheckFailedException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./mesh publish}: publish a product release from data files, write-audit-publish. */
@Command(
    name = "publish",
    description = {
      "Publish a release of PRODUCT (e.g. claims.claims) from the files at --input: they are"
          + " written to a staging branch of the product's Iceberg table, the contract's quality"
          + " rules run on the staged snapshot, and only then main moves and the release is"
          + " tagged v<version> and recorded in the catalog.",
      "Exit status: 0 published (or already published), 1 not published (a failed quality rule"
          + " prints its report), 2 usage error."
    })
final class PublishCommand implements Callable<Integer> {
  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;
  @Mixin PortOptions ports;

  // Not mixinStandardHelpOptions: its --version (print the CLI's version) clashes with the release
  // --version below, and with both, ./mesh publish --help was refused as a usage error.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(paramLabel = "PRODUCT", description = "The product id, <domain>.<name>.")
  String product;

  @Option(names = "--input", required = true, description = "A file or directory of input data.")
  Path input;

  @Option(
      names = "--format",
      defaultValue = "json",
      description =
          "json (JSON lines), parquet, avro or csv (a header line naming the columns); default"
              + " ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--version",
      description = "The release version; default: the descriptor's version.")
  String version;

  @Option(
      names = "--mode",
      defaultValue = "overwrite",
      description =
          "overwrite (the input is the whole product) or append; default ${DEFAULT-VALUE}.")
  String mode;

  @Option(
      names = "--descriptor",
      description =
          "A product descriptor file, for a product without a pipeline of its own; default: the"
              + " one shipped in contracts/.")
  Path descriptor;

  @Option(
      names = "--as-of",
      description =
          "Judge freshness rules as of this instant (ISO-8601, e.g. 2020-06-01T00:00:00Z) instead"
              + " of now: for replaying historical or synthetic data.")
  Instant asOf;

  @Option(
      names = {"-o", "--option"},
      paramLabel = "NAME=VALUE",
      description =
          "An option of the product's own pipeline, repeatable, e.g. for"
              + " profiles.claimant_profiles: claims-release=1.0.0, mode=incremental,"
              + " since-release=0.9.0.")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(
      names = "--principal",
      description = "Publish as this seeded principal; default: <domain>-team.")
  String principal;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "The Spark master to run on: local[*] (this machine) or spark://host:7077 (a Spark"
              + " standalone cluster); default: $MESH_SPARK_MASTER, else local[*].")
  String master;

  private static final List<String> FORMATS = List.of("json", "parquet", "avro", "csv");

  /** Spark's column for a line it could not read as a record, when asked to keep one. */
  private static final String MALFORMED = "_corrupt_record";

  /**
   * The options checked before Spark starts, each refusal naming its option: a missing input or an
   * unknown format failed inside Spark with a stack trace, an unknown mode named an enum constant,
   * and a mode given for a product with a pipeline was silently ignored (the pipeline overwrote
   * what the user asked to append to).
   */
  private PublishRequest.Mode checkedOptions(
      ProductDescriptor described, Optional<ProductPipeline> pipeline) {
    if (version != null) {
      PublishRequest.checkVersion(described, version);
    }
    if (!Files.exists(input)) {
      throw new IllegalArgumentException("Invalid option --input: " + input + " does not exist");
    }
    if (!FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "Invalid option --format '" + format + "': must be one of " + String.join(", ", FORMATS));
    }
    // Pipelines compare the format by name: JSON would not be read the way json is.
    format = format.toLowerCase(Locale.ROOT);
    PublishRequest.Mode requested;
    try {
      requested = PublishRequest.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid option --mode '" + mode + "': must be overwrite or append");
    }
    if (pipeline.isPresent() && spec.commandLine().getParseResult().hasMatchedOption("--mode")) {
      throw new IllegalArgumentException(
          "Invalid option --mode: "
              + described.id()
              + " is published by its own pipeline, which decides how each release is written"
              + " (see its --option values); --mode is for products without one");
    }
    return requested;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<ProductPipeline> pipeline = pipeline(product);
    // Before the descriptor is read: with a pipeline, nothing of it would be used but its version.
    if (descriptor != null && pipeline.isPresent()) {
      throw new IllegalArgumentException(
          "Invalid option --descriptor: "
              + product
              + " is published by its own pipeline, which publishes the contract it is built"
              + " with; --descriptor is for products without one");
    }
    ProductDescriptor described =
        descriptor == null
            ? ProductDescriptors.builtIn(product)
            : ProductDescriptors.load(descriptor);
    if (!described.id().equals(product)) {
      throw new IllegalArgumentException(
          "Invalid descriptor: it describes " + described.id() + ", not " + product);
    }
    PublishRequest.Mode requestedMode = checkedOptions(described, pipeline);
    Launcher launcher = mesh.launcher(ports, spec);
    int port = launcher.port(Component.CATALOG);
    String as = principal == null ? described.domain() + "-team" : principal;
    String secret = new SeededCredentials(launcher.layout().credentialsDirectory()).secret(as);
    CatalogConnection connection =
        new CatalogConnection(Component.CATALOG.baseUri(port), as, secret);

    String sparkMaster = master != null ? master : mesh.sparkMaster();
    progress(out, "starting Spark on %s", sparkMaster);
    SparkSession spark = connection.spark("mesh-publish-" + described.id(), sparkMaster);
    Clock clock = asOf == null ? Clock.systemUTC() : Clock.fixed(asOf, ZoneOffset.UTC);
    try (Publisher publisher = new Publisher(spark, connection, clock)) {
      String release = version == null ? described.version() : version;
      List<PublishRequest> requests;
      if (pipeline.isPresent()) {
        progress(out, "running the %s pipeline on %s (%s)", described.id(), input, format);
        requests =
            pipeline
                .get()
                .releases(
                    spark, new PipelineInput(input.toAbsolutePath(), format, release, options));
      } else {
        if (!options.isEmpty()) {
          throw new IllegalArgumentException(
              "Invalid option --option: "
                  + described.id()
                  + " has no pipeline of its own, so it takes no pipeline options "
                  + options.keySet());
        }
        progress(out, "reading %s (%s)", input, format);
        Dataset<Row> data = read(spark, format, input);
        requests =
            List.of(
                new PublishRequest(
                    described,
                    data,
                    release,
                    requestedMode,
                    List.of(
                        LineageInput.files(
                            input.toAbsolutePath().toString(), List.of(data.columns())))));
      }
      progress(
          out,
          "publishing %s %s: write to a staging branch, audit, publish",
          described.id(),
          release);
      for (PublishResult result : publisher.publishAll(requests)) {
        out.print(result.quality().text());
        out.printf(
            Locale.ROOT,
            "%s %s %s: table %s, tag v%s, snapshot %d, %,d rows%n",
            result.alreadyPublished() ? "already published" : "published",
            result.product(),
            result.version(),
            result.table(),
            result.version(),
            result.snapshotId(),
            result.rowCount());
      }
      out.flush();
      return 0;
    } catch (QualityCheckFailedException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    } finally {
      spark.stop();
    }
  }

  /**
   * The input's rows. A CSV file's first line names its columns, as the contract's fields are found
   * by name; its values stay text, cast to the contract's types when published (inferred, a company
   * number 01234567 would be the number 1234567).
   *
   * <p>A line Spark cannot read as one record refuses the input: Spark reads it anyway, as
   * something else. A CSV line with an unquoted comma in a value has more values than the header
   * has columns, and Spark drops the last; a quoted value over two lines is two records, each with
   * too few; a JSON line that is not an object became a {@code _corrupt_record} column, refused as
   * a column the contract does not have. The lines are counted, never quoted: they hold the values.
   *
   * @throws IllegalArgumentException if lines of the input are not records of its format
   */
  static Dataset<Row> read(SparkSession spark, String format, Path input) {
    String location = input.toAbsolutePath().toString();
    if (format.equals("csv")) {
      // The header names the columns (one pass over the first line); read again with a column
      // for the lines that do not fit them.
      List<StructField> columns = new ArrayList<>();
      for (String column : spark.read().option("header", "true").csv(location).columns()) {
        columns.add(DataTypes.createStructField(column, DataTypes.StringType, true));
      }
      columns.add(DataTypes.createStructField(MALFORMED, DataTypes.StringType, true));
      Dataset<Row> data =
          spark
              .read()
              .schema(DataTypes.createStructType(columns))
              .option("header", "true")
              .option("columnNameOfCorruptRecord", MALFORMED)
              .csv(location);
      refuseMalformed(
          data,
          input,
          "not one record with a value for each column of the header: a value holding a comma"
              + " or a double quote must be in double quotes, and no value may span lines");
      return data.drop(MALFORMED);
    }
    DataFrameReader reader = spark.read().format(format);
    if (format.equals("json")) {
      reader = reader.option("columnNameOfCorruptRecord", MALFORMED);
    }
    Dataset<Row> data = reader.load(location);
    if (List.of(data.columns()).contains(MALFORMED)) {
      refuseMalformed(data, input, "not a JSON object: JSON lines input has one object per line");
    }
    return data;
  }

  /**
   * @throws IllegalArgumentException naming how many lines of {@code data} Spark could not read,
   *     and {@code rule}, if there are any
   */
  private static void refuseMalformed(Dataset<Row> data, Path input, String rule) {
    Column malformed = sum(when(col(MALFORMED).isNotNull(), 1).otherwise(0));
    // Every column is read: Spark parses only the columns a query reads, and a CSV line with one
    // value too many is one only against them all. Nor may a query of its raw files read the
    // malformed-line column alone.
    Column[] columns =
        List.of(data.columns()).stream()
            .filter(name -> !name.equals(MALFORMED))
            .map(name -> col(name))
            .toArray(Column[]::new);
    Row totals =
        columns.length == 0
            ? data.agg(count(lit(1))).first()
            // A maximum Spark cannot answer without the values (a count it can).
            : data.agg(malformed, max(xxhash64(columns))).first();
    long lines = totals.isNullAt(0) ? 0 : totals.getLong(0);
    if (lines > 0) {
      throw new IllegalArgumentException(
          "Invalid option --input: "
              + lines
              + (lines == 1 ? " line of " : " lines of ")
              + input
              + (lines == 1 ? " is " : " are ")
              + rule
              + "; nothing was published");
    }
  }

  private static Optional<ProductPipeline> pipeline(String product) {
    return ServiceLoader.load(ProductPipeline.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(candidate -> candidate.product().equals(product))
        .findFirst();
  }

  private static void progress(PrintWriter out, String format, Object... args) {
    out.printf(Locale.ROOT, "publish: " + format + "%n", args);
    out.flush();
  }
}
