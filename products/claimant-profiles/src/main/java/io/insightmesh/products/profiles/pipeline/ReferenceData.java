package io.insightmesh.products.profiles.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.insightmesh.sdk.publish.LineageInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The reference data profiles are built from, as the synthetic generator writes it: JSON lines
 * under {@code <input>/reference/}. Every file is optional — a register that was not supplied adds
 * nothing to any profile — and every field is read as text first, so a value that does not parse
 * counts as absent instead of failing the build.
 *
 * <ul>
 *   <li>{@code self_assessment.jsonl}: {@code nino}, {@code utr}, {@code tax_year} ({@code
 *       2018-19}, or the year it starts in), {@code trading_profit}
 *   <li>{@code paye_employment.jsonl}: {@code company_number} (the employer), {@code month} ({@code
 *       2020-02} or any date in it), {@code employees}, {@code gross_pay} (the month's total for
 *       all employees)
 *   <li>{@code companies.jsonl}: {@code company_number}, {@code name}, {@code incorporated_on},
 *       {@code status}
 *   <li>{@code deceased.jsonl}: {@code nino}, {@code date_of_death}
 * </ul>
 */
record ReferenceData(
    Dataset<Row> selfAssessment,
    Dataset<Row> payeEmployment,
    Dataset<Row> companies,
    Dataset<Row> deceased,
    List<LineageInput> lineage) {
  static final String SELF_ASSESSMENT = "self_assessment";
  static final String PAYE_EMPLOYMENT = "paye_employment";
  static final String COMPANIES = "companies";
  static final String DECEASED = "deceased";

  private static final DataType MONEY = DataTypes.createDecimalType(14, 2);

  ReferenceData {
    lineage = List.copyOf(lineage);
  }

  /** Reads the registers under {@code location}/reference (or {@code location} itself). */
  static ReferenceData read(SparkSession spark, Path location) {
    Path directory = location.resolve("reference");
    if (!Files.isDirectory(directory)) {
      directory = location;
    }
    List<LineageInput> lineage = new ArrayList<>();

    Dataset<Row> selfAssessment =
        register(
                spark,
                directory,
                SELF_ASSESSMENT,
                lineage,
                "nino",
                "utr",
                "tax_year",
                "trading_profit")
            .select(
                identifier(col("nino")).alias("nino"),
                substring(trim(col("tax_year")), 1, 4)
                    .try_cast(DataTypes.IntegerType)
                    .alias("tax_year"),
                trim(col("trading_profit")).try_cast(MONEY).alias("trading_profit"));
    Dataset<Row> payeEmployment =
        register(
                spark,
                directory,
                PAYE_EMPLOYMENT,
                lineage,
                "employer_reference",
                "company_number",
                "month",
                "employees",
                "gross_pay")
            .select(
                identifier(col("company_number")).alias("company_number"),
                trunc(substring(trim(col("month")), 1, 10).try_cast(DataTypes.DateType), "MM")
                    .alias("month"),
                trim(col("employees")).try_cast(DataTypes.IntegerType).alias("employees"),
                trim(col("gross_pay")).try_cast(MONEY).alias("gross_pay"));
    Dataset<Row> companies =
        register(
                spark,
                directory,
                COMPANIES,
                lineage,
                "company_number",
                "name",
                "incorporated_on",
                "status")
            .select(
                identifier(col("company_number")).alias("company_number"),
                trim(col("incorporated_on")).try_cast(DataTypes.DateType).alias("incorporated_on"));
    Dataset<Row> deceased =
        register(spark, directory, DECEASED, lineage, "nino", "date_of_death")
            .select(
                identifier(col("nino")).alias("nino"),
                trim(col("date_of_death")).try_cast(DataTypes.DateType).alias("date_of_death"));
    return new ReferenceData(selfAssessment, payeEmployment, companies, deceased, lineage);
  }

  /** A register's records with {@code fields} as text; no records when it was not supplied. */
  private static Dataset<Row> register(
      SparkSession spark,
      Path directory,
      String name,
      List<LineageInput> lineage,
      String... fields) {
    StructType schema = new StructType();
    for (String field : fields) {
      schema = schema.add(field, DataTypes.StringType, true);
    }
    Optional<Path> found = locate(directory, name);
    if (found.isEmpty()) {
      return spark.createDataFrame(List.<Row>of(), schema);
    }
    String path = found.get().toAbsolutePath().toString();
    lineage.add(LineageInput.files(path, List.of()));
    return spark.read().schema(schema).json(path);
  }

  private static Optional<Path> locate(Path directory, String name) {
    for (String candidate : List.of(name + ".jsonl", name + ".json", name)) {
      Path path = directory.resolve(candidate);
      if (Files.exists(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  /** Identifiers compare as the claims contract writes them: trimmed, upper case, never blank. */
  private static Column identifier(Column text) {
    Column value = upper(trim(text));
    return when(value.equalTo(""), lit(null)).otherwise(value);
  }
}
