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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The reference data profiles are built from, as the synthetic generator writes it: JSON lines
 * under {@code <input>/reference/}. Every register must be there, if only as an empty file: one
 * that is missing would read as no records and give every claimant a clean-looking profile (not
 * deceased, no prior income), which a misnamed file or a wrong {@code --input} must not do
 * silently. Every field is read as text first, so a value that does not parse counts as absent
 * instead of failing the build.
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

  /** Every register, in the order a missing one is named. */
  static final List<String> REGISTERS =
      List.of(SELF_ASSESSMENT, PAYE_EMPLOYMENT, COMPANIES, DECEASED);

  private static final DataType MONEY = DataTypes.createDecimalType(14, 2);

  ReferenceData {
    lineage = List.copyOf(lineage);
  }

  /**
   * Reads the registers under {@code location}/reference (or {@code location} itself).
   *
   * @throws IllegalArgumentException naming the directory searched and every register not in it
   */
  static ReferenceData read(SparkSession spark, Path location) {
    Map<String, Path> registers = locate(location);
    List<LineageInput> lineage = new ArrayList<>();

    Dataset<Row> selfAssessment =
        register(
                spark,
                registers.get(SELF_ASSESSMENT),
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
                registers.get(PAYE_EMPLOYMENT),
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
                registers.get(COMPANIES),
                lineage,
                "company_number",
                "name",
                "incorporated_on",
                "status")
            .select(
                identifier(col("company_number")).alias("company_number"),
                trim(col("incorporated_on")).try_cast(DataTypes.DateType).alias("incorporated_on"));
    Dataset<Row> deceased =
        register(spark, registers.get(DECEASED), lineage, "nino", "date_of_death")
            .select(
                identifier(col("nino")).alias("nino"),
                trim(col("date_of_death")).try_cast(DataTypes.DateType).alias("date_of_death"));
    return new ReferenceData(selfAssessment, payeEmployment, companies, deceased, lineage);
  }

  /** A register's records, with {@code fields} as text. */
  private static Dataset<Row> register(
      SparkSession spark, Path file, List<LineageInput> lineage, String... fields) {
    StructType schema = new StructType();
    for (String field : fields) {
      schema = schema.add(field, DataTypes.StringType, true);
    }
    String path = file.toAbsolutePath().toString();
    lineage.add(LineageInput.files(path, List.of()));
    return spark.read().schema(schema).json(path);
  }

  /**
   * Where each register is, by name: under {@code location}/reference, or in {@code location}
   * itself when it has no such folder.
   *
   * @throws IllegalArgumentException naming the directory searched and every register not in it,
   *     with the names it may have
   */
  static Map<String, Path> locate(Path location) {
    Path nested = location.resolve("reference");
    Path directory = Files.isDirectory(nested) ? nested : location;
    Map<String, Path> found = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String register : REGISTERS) {
      candidates(register).stream()
          .map(directory::resolve)
          .filter(Files::exists)
          .findFirst()
          .ifPresentOrElse(
              path -> found.put(register, path),
              () -> missing.add(register + " (" + String.join(", ", candidates(register)) + ")"));
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Missing reference registers in "
              + directory
              + (directory.equals(nested) ? "" : " (there is no " + nested + " folder)")
              + ": "
              + String.join("; ", missing)
              + ". Profiles need every register, if only as an empty file: a missing one would"
              + " read as no records and every claimant would look clean");
    }
    return found;
  }

  /** The names a register's file may have: JSON lines, JSON, or a folder of either. */
  private static List<String> candidates(String register) {
    return List.of(register + ".jsonl", register + ".json", register);
  }

  /** Identifiers compare as the claims contract writes them: trimmed, upper case, never blank. */
  private static Column identifier(Column text) {
    Column value = upper(trim(text));
    return when(value.equalTo(""), lit(null)).otherwise(value);
  }
}
