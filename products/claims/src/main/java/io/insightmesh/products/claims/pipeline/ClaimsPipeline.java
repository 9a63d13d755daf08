package io.insightmesh.products.claims.pipeline;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.contracts.spec.QualityRule;
import io.insightmesh.contracts.spec.TextForms;
import io.insightmesh.sdk.publish.ContractPatterns;
import io.insightmesh.sdk.publish.LineageInput;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.ProductPipeline;
import io.insightmesh.sdk.publish.PublishRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.storage.StorageLevel;

/**
 * The claims domain's pipeline: landing files (JSON lines, CSV with a header line, Avro or Parquet)
 * → validated, deduplicated, conformed {@code claims.claims}, with every refused record in {@code
 * claims.claims_rejects} and its reasons — nothing submitted is dropped silently. Both are released
 * together.
 *
 * <p>Every landing field is read as text first, so a value that does not parse is told apart from
 * one that is missing; a record with a field the contract does not have, or that cannot be read as
 * one record, is refused ({@link Landing}); the contract's row rules (required, regex, allowed
 * values, range) decide validity; a resubmitted claim id keeps its first submission and the repeats
 * are recorded as rejects.
 */
public final class ClaimsPipeline implements ProductPipeline {
  static final String CLAIMS = "claims.claims";
  static final String REJECTS = "claims.claims_rejects";

  /** The text forms of typed contract fields, by Spark type name (decimals are checked apart). */
  private static final java.util.Map<String, String> SHAPES =
      java.util.Map.of(
          "date", "^" + TextForms.DATE + "$",
          "timestamp", "^" + TextForms.INSTANT + "$",
          "integer", "^" + TextForms.WHOLE_NUMBER + "$",
          "long", "^" + TextForms.WHOLE_NUMBER + "$");

  /** Between a record's reasons while they are checked: a character no reason contains. */
  private static final String REASON_SEPARATOR = "\u001f";

  @Override
  public String product() {
    return CLAIMS;
  }

  @Override
  public List<PublishRequest> releases(SparkSession spark, PipelineInput input) {
    if (!input.options().isEmpty()) {
      // Taking none, an option given is a mistake the user should hear of before anything runs.
      throw new IllegalArgumentException(
          "Invalid option "
              + new java.util.TreeSet<>(input.options().keySet()).first()
              + ": the "
              + CLAIMS
              + " pipeline takes no options");
    }
    ProductDescriptor claims = ProductDescriptors.builtIn(CLAIMS);
    ProductDescriptor rejects = ProductDescriptors.builtIn(REJECTS);
    Schema contract = claims.contract();
    String location = landing(input.location()).toString();

    Dataset<Row> landing = read(spark, input, contract);
    Column valid = col("_reasons").equalTo("");
    // Claims and rejects both come from this one pass over the landing files: it is kept for the
    // run (memory, spilling to disk) so the two products do not each parse the input.
    Dataset<Row> checked =
        landing
            .withColumn("_reasons", reasons(contract, claims.qualityRules()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> invalid = checked.filter(valid.unary_$bang());
    Submissions submissions = Submissions.of(checked.filter(valid));
    Dataset<Row> accepted =
        conform(submissions.once(), contract)
            .unionByName(conform(submissions.first(), contract))
            .drop("_source_file");
    Dataset<Row> repeats =
        submissions
            .repeats()
            .select(
                col("claim_id"),
                col("_source_file").alias("source_file"),
                array(lit("claim_id: duplicate submission of an earlier record")).alias("reasons"));

    Dataset<Row> refused =
        invalid
            .select(
                claimIdIfWellFormed(claims.qualityRules()).alias("claim_id"),
                col("_source_file").alias("source_file"),
                split(col("_reasons"), REASON_SEPARATOR).alias("reasons"))
            .unionByName(repeats)
            .withColumn("rejected_at", current_timestamp());

    List<String> landingColumns = new ArrayList<>();
    contract.getFields().forEach(field -> landingColumns.add(field.name()));
    String rejectsVersion =
        rejects.version() + "+claims-" + input.version().replaceAll("[^0-9A-Za-z-]", "-");
    return List.of(
        new PublishRequest(
            claims,
            accepted,
            input.version(),
            PublishRequest.Mode.OVERWRITE,
            List.of(LineageInput.files(location, landingColumns))),
        new PublishRequest(
            rejects,
            refused,
            rejectsVersion,
            PublishRequest.Mode.OVERWRITE,
            List.of(LineageInput.files(location, List.of("claim_id")))));
  }

  /**
   * A refused record's claim id as the rejects product keeps it: only in the contract's form. The
   * rejects carry no personal data, and a malformed id may be anything a submitter typed there (a
   * NINO, an e-mail address); its reason says the pattern was broken.
   */
  private static Column claimIdIfWellFormed(List<QualityRule> rules) {
    Column claimId = col("claim_id");
    for (QualityRule rule : rules) {
      if (rule instanceof QualityRule.Regex regex && regex.field().equals("claim_id")) {
        return when(ContractPatterns.fullMatch(claimId, regex.pattern()), claimId);
      }
    }
    return claimId;
  }

  /**
   * The folder of landing files at {@code location}: given the root of the synthetic source's
   * output (it holds {@code manifest.json}), its {@code landing/claims}, so the reference data and
   * the ground truth beside it are never read as claims.
   */
  static Path landing(Path location) {
    Path generated = location.resolve("landing").resolve("claims");
    return Files.isRegularFile(location.resolve("manifest.json")) && Files.isDirectory(generated)
        ? generated
        : location;
  }

  /**
   * The landing records with every contract field as text, plus the file each came from and what is
   * wrong in how it was written ({@link Landing}). Landing areas are trees (one folder per drop or
   * per day), not a flat folder of files.
   */
  private static Dataset<Row> read(SparkSession spark, PipelineInput input, Schema contract) {
    String location = landing(input.location()).toString();
    List<String> names = contract.getFields().stream().map(Schema.Field::name).toList();
    Dataset<Row> raw = new Landing(spark, names, REASON_SEPARATOR).read(location, input.format());
    List<Column> columns = new ArrayList<>();
    for (String name : names) {
      Column value = trim(col(name));
      columns.add(when(value.equalTo(""), lit(null)).otherwise(value).alias(name));
    }
    columns.add(col(Landing.SOURCE_FILE));
    columns.add(col(Landing.UNREADABLE));
    columns.add(col(Landing.UNKNOWN));
    return raw.select(columns.toArray(Column[]::new));
  }

  /**
   * Why a record is refused, as one text (empty when the record is valid): one entry per broken
   * rule, naming the field and the rule — never the value, which may be personal data.
   */
  private static Column reasons(Schema contract, List<QualityRule> rules) {
    List<Column> found = new ArrayList<>();
    for (Schema.Field field : contract.getFields()) {
      Column text = col(field.name());
      boolean optional = isOptional(field.schema());
      DataType type = sparkType(field.schema());
      if (!optional) {
        found.add(when(text.isNull(), lit(field.name() + ": missing")));
      }
      if (type != DataTypes.StringType) {
        // Spark's casts are lenient: "1975" is a date (1975-01-01), a timestamp without a zone
        // is read in the session's, "12.7" is the int 12. A value must have the contract's form
        // as the scoring engine reads it, not merely one Spark can make something of.
        Column malformed = text.try_cast(type).isNull();
        String shape = SHAPES.get(type.typeName());
        if (shape != null) {
          malformed = malformed.or(text.rlike(shape).unary_$bang());
        }
        found.add(
            when(
                text.isNotNull().and(malformed),
                lit(field.name() + ": not a valid " + type.simpleString())));
        if (type instanceof DecimalType decimal) {
          // The cast rounds to the scale: 12.345 would be stored as 12.35.
          found.add(
              when(
                  text.isNotNull()
                      .and(text.try_cast(type).isNotNull())
                      .and(
                          text.try_cast(DataTypes.createDecimalType(38, 18))
                              .notEqual(text.try_cast(type))),
                  lit(field.name() + ": more than " + decimal.scale() + " decimal places")));
        }
      }
    }
    for (QualityRule rule : rules) {
      if (rule instanceof QualityRule.Regex regex) {
        found.add(
            when(
                col(regex.field())
                    .isNotNull()
                    .and(
                        ContractPatterns.fullMatch(col(regex.field()), regex.pattern())
                            .unary_$bang()),
                lit(regex.field() + ": does not match the contract's pattern")));
      } else if (rule instanceof QualityRule.AllowedValues allowed) {
        found.add(
            when(
                col(allowed.field())
                    .isNotNull()
                    .and(col(allowed.field()).isin(allowed.values().toArray()).unary_$bang()),
                lit(allowed.field() + ": not one of " + allowed.values())));
      } else if (rule instanceof QualityRule.Range range) {
        Column number = col(range.field()).try_cast(DataTypes.createDecimalType(38, 10));
        Column outside = lit(false);
        if (range.min().isPresent()) {
          outside = outside.or(number.lt(lit(range.min().get())));
        }
        if (range.max().isPresent()) {
          outside = outside.or(number.gt(lit(range.max().get())));
        }
        found.add(
            when(
                number.isNotNull().and(outside),
                lit(range.field() + ": outside its allowed range")));
      }
    }
    found.add(col(Landing.UNKNOWN));
    // Joined into one text (concat_ws skips the rules that held) rather than an array filtered
    // with a lambda: Spark runs higher-order functions interpreted, and with them every rule
    // check beneath, for every record of the landing files.
    Column reasons = concat_ws(REASON_SEPARATOR, found.toArray(Column[]::new));
    // A record that could not be read as one has no field to judge: its values may be another's.
    return when(col(Landing.UNREADABLE).isNotNull(), col(Landing.UNREADABLE)).otherwise(reasons);
  }

  /** The records typed as the contract says; only valid records reach here. */
  private static Dataset<Row> conform(Dataset<Row> valid, Schema contract) {
    List<Column> columns = new ArrayList<>();
    for (Schema.Field field : contract.getFields()) {
      columns.add(col(field.name()).cast(sparkType(field.schema())).alias(field.name()));
    }
    columns.add(col("_source_file"));
    return valid.select(columns.toArray(Column[]::new));
  }

  private static boolean isOptional(Schema type) {
    return type.getType() == Schema.Type.UNION
        && type.getTypes().stream().anyMatch(branch -> branch.getType() == Schema.Type.NULL);
  }

  private static DataType sparkType(Schema type) {
    Schema value =
        type.getType() == Schema.Type.UNION
            ? type.getTypes().stream()
                .filter(branch -> branch.getType() != Schema.Type.NULL)
                .findFirst()
                .orElseThrow()
            : type;
    if (value.getLogicalType() instanceof org.apache.avro.LogicalTypes.Decimal decimal) {
      return DataTypes.createDecimalType(decimal.getPrecision(), decimal.getScale());
    }
    if (value.getLogicalType() instanceof org.apache.avro.LogicalTypes.Date) {
      return DataTypes.DateType;
    }
    if (value.getLogicalType() instanceof org.apache.avro.LogicalTypes.TimestampMicros) {
      return DataTypes.TimestampType;
    }
    return switch (value.getType()) {
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case FLOAT -> DataTypes.FloatType;
      case BOOLEAN -> DataTypes.BooleanType;
      default -> DataTypes.StringType;
    };
  }
}
