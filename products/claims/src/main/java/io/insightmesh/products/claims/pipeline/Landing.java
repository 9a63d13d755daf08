package io.insightmesh.products.claims.pipeline;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.insightmesh.contracts.spec.FieldNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The records of a landing area as text, every contract field by its name, with what is wrong in
 * how each was written. Reading with the contract's schema (JSON) or selecting the contract's
 * columns (Avro, Parquet) dropped every field the contract does not have: a client that sends
 * {@code ip} for {@code ip_address} had its claims published without one, and nothing was refused.
 * So a record that holds a value under a name the contract does not have is refused, as one whose
 * value breaks a rule is: it goes to the rejects with the reason, and the other records are still
 * published. The name is the submitter's text and may be a value (a JSON body keyed by values, a
 * CSV file without its header row), so a reason names it only when it is a slip of a contract field
 * ({@link FieldNames}), else by its position.
 *
 * <p>A CSV file's first line names its columns, each file's its own: Spark takes one file's header
 * for all of them, which puts a file with its columns in another order into the wrong fields. What
 * cannot be refused record by record refuses the whole run, before anything is published: a CSV
 * file whose first line names none of the contract's fields (its first record would be taken for a
 * header and lost) or one of them twice.
 */
final class Landing {
  static final String SOURCE_FILE = "_source_file";

  /** Why the record could not be read as one record at all; null when it could. */
  static final String UNREADABLE = "_unreadable";

  /** Why the record's fields are not the contract's, as reasons; null when they are. */
  static final String UNKNOWN = "_unknown";

  private static final String CORRUPT = "_corrupt_record";

  private final SparkSession spark;
  private final List<String> fields;
  private final String separator;

  /**
   * @param fields the contract's top-level field names
   * @param separator what goes between two reasons of {@link #UNKNOWN}
   */
  Landing(SparkSession spark, List<String> fields, String separator) {
    this.spark = spark;
    this.fields = List.copyOf(fields);
    this.separator = separator;
  }

  /**
   * The records at {@code location}: the contract's fields as text, a field the record lacks as
   * null, with {@link #SOURCE_FILE}, {@link #UNREADABLE} and {@link #UNKNOWN}.
   *
   * @throws IllegalArgumentException for a format the pipeline does not read, or a CSV file whose
   *     header names none of the contract's fields or one of them twice
   */
  Dataset<Row> read(String location, String format) {
    return switch (format) {
      case "json" -> json(location);
      case "csv" -> csv(location);
      case "avro" -> avro(location);
      case "parquet" ->
          typed(
              spark
                  .read()
                  .option("recursiveFileLookup", "true")
                  // Every file's columns, not one file's: the others' are otherwise never seen.
                  .option("mergeSchema", "true")
                  .parquet(location));
      default ->
          throw new IllegalArgumentException(
              "Invalid option --format '"
                  + format
                  + "': the "
                  + ClaimsPipeline.CLAIMS
                  + " pipeline reads json, csv, avro or parquet");
    };
  }

  /**
   * JSON lines. Each line is parsed with the contract's fields as text, and its keys are listed
   * apart: no reader with a schema tells of the keys outside it.
   */
  private Dataset<Row> json(String location) {
    StructType schema =
        DataTypes.createStructType(
            fields.stream()
                .map(field -> DataTypes.createStructField(field, DataTypes.StringType, true))
                .toList());
    // Spark's JSON reader skips blank lines; so does the pipeline.
    Dataset<Row> lines =
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .text(location)
            .filter(col("value").rlike("\\S"));
    Column keys = col("_keys");
    Column known = array(fields.stream().map(field -> lit(field)).toArray(Column[]::new));
    Column strange =
        size(array_except(keys, known)).gt(0).or(size(array_distinct(keys)).lt(size(keys)));
    Dataset<Row> parsed =
        lines.select(
            from_json(col("value"), schema).alias("_record"),
            json_object_keys(col("value")).alias("_keys"),
            input_file_name().alias(SOURCE_FILE));
    List<Column> columns = new ArrayList<>();
    for (String field : fields) {
      columns.add(col("_record").getField(field).alias(field));
    }
    columns.add(col(SOURCE_FILE));
    // Not an object, or not JSON at all: no field of it can be trusted to be what it says.
    columns.add(when(keys.isNull(), lit("(the record): not a JSON object")).alias(UNREADABLE));
    Column reasons = udf(new KeyReasons(fields, separator), DataTypes.StringType).apply(keys);
    columns.add(when(keys.isNotNull().and(strange), reasons).alias(UNKNOWN));
    return parsed.select(columns.toArray(Column[]::new));
  }

  /** The reasons a JSON record's keys, in their order, give to refuse it; null for none. */
  private static final class KeyReasons implements UDF1<scala.collection.Seq<String>, String> {
    private final List<String> fields;
    private final String separator;

    KeyReasons(List<String> fields, String separator) {
      this.fields = List.copyOf(fields);
      this.separator = separator;
    }

    @Override
    public String call(scala.collection.Seq<String> keys) {
      List<String> names = new ArrayList<>();
      for (int index = 0; index < keys.length(); index++) {
        names.add(keys.apply(index));
      }
      List<String> reasons = reasons(names, fields, "field %d of the record");
      return reasons.isEmpty() ? null : String.join(separator, reasons);
    }
  }

  /**
   * Why fields named {@code names}, in their order, are not the contract's: each one it does not
   * have, named only as a slip of one of its fields, else by {@code position} (a format with the
   * field's 1-based position), and each of its fields given more than once.
   */
  static List<String> reasons(List<String> names, List<String> fields, String position) {
    List<String> reasons = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new HashSet<>();
    for (int index = 0; index < names.size(); index++) {
      String name = names.get(index);
      if (name != null && fields.contains(name)) {
        if (!seen.add(name) && repeated.add(name)) {
          reasons.add(name + ": given more than once");
        }
        continue;
      }
      reasons.add(notInContract(name, index, fields, position));
    }
    return reasons;
  }

  /**
   * Why the field named {@code name}, at {@code index} (from 0) of a record or file, which the
   * contract does not have, refuses a record: its name is given only when it is a slip of one of
   * {@code fields}, else its position, as {@code position} (a format of the 1-based position).
   */
  static String notInContract(String name, int index, List<String> fields, String position) {
    Optional<String> meant = name == null ? Optional.empty() : FieldNames.meant(name, fields);
    return meant
        .map(near -> name + ": not in the contract; did you mean " + near + "?")
        .orElseGet(() -> String.format(position, index + 1) + ": not in the contract");
  }

  /**
   * CSV files, each read with its own header line: files are grouped by that line, each group read
   * with its columns by position and named after it.
   */
  private Dataset<Row> csv(String location) {
    String[] files = spark.read().option("recursiveFileLookup", "true").text(location).inputFiles();
    Map<String, List<String>> byHeader = new LinkedHashMap<>();
    for (String file : files) {
      firstLine(file)
          .ifPresent(header -> byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(file));
    }
    Dataset<Row> records = null;
    for (Map.Entry<String, List<String>> group : byHeader.entrySet()) {
      Dataset<Row> read = csvGroup(group.getKey(), group.getValue());
      records = records == null ? read : records.unionByName(read);
    }
    return records != null ? records : empty();
  }

  /** The records of CSV {@code files} whose first line is {@code header}. */
  private Dataset<Row> csvGroup(String header, List<String> files) {
    // Spark's own parse of the line, as it parses the records below it; a blank line is none.
    List<Row> parsed =
        spark.read().csv(spark.createDataset(List.of(header), Encoders.STRING())).collectAsList();
    List<String> tokens = new ArrayList<>();
    for (Row row : parsed) {
      for (int index = 0; index < row.length(); index++) {
        tokens.add(row.isNullAt(index) ? null : row.getString(index));
      }
    }
    // A space after a header's comma is common and says nothing.
    List<String> names = tokens.stream().map(token -> token == null ? null : token.trim()).toList();
    String file =
        files.get(0)
            + (files.size() > 1 ? " (and " + (files.size() - 1) + " more with its header)" : "");
    if (names.stream().noneMatch(name -> name != null && fields.contains(name))) {
      throw new IllegalArgumentException(
          "Cannot read landing file "
              + file
              + ": its first line names none of the contract's fields ("
              + String.join(", ", fields)
              + "); a CSV landing file starts with a header line naming its columns");
    }
    for (String field : fields) {
      if (names.stream().filter(field::equals).count() > 1) {
        throw new IllegalArgumentException(
            "Cannot read landing file "
                + file
                + ": its header names column "
                + field
                + " more than once, so which value is the claim's cannot be told");
      }
    }
    // Read by position, not with header=true: Spark logs a header unlike its schema in full, and
    // a header may hold values. The header line is the record equal to it.
    List<StructField> positional = new ArrayList<>();
    for (int index = 0; index < names.size(); index++) {
      positional.add(DataTypes.createStructField(column(index), DataTypes.StringType, true));
    }
    positional.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
    Dataset<Row> raw =
        spark
            .read()
            .schema(DataTypes.createStructType(positional))
            .option("columnNameOfCorruptRecord", CORRUPT)
            .csv(files.toArray(String[]::new));
    Column headerLine = lit(true);
    for (int index = 0; index < names.size(); index++) {
      headerLine = headerLine.and(col(column(index)).eqNullSafe(lit(tokens.get(index))));
    }
    List<Column> columns = new ArrayList<>();
    for (String field : fields) {
      int index = names.indexOf(field);
      columns.add(
          (index < 0 ? lit(null).cast(DataTypes.StringType) : col(column(index))).alias(field));
    }
    columns.add(input_file_name().alias(SOURCE_FILE));
    // A value with an unquoted comma gives a record more columns than its header, and Spark
    // drops the last; a quoted value over two lines splits the record in two.
    columns.add(
        when(col(CORRUPT).isNotNull(), lit("(the record): its values are not its header's columns"))
            .alias(UNREADABLE));
    List<Column> unknown = new ArrayList<>();
    for (int index = 0; index < names.size(); index++) {
      String name = names.get(index);
      if (name == null || !fields.contains(name)) {
        unknown.add(
            when(
                col(column(index)).isNotNull(),
                lit(notInContract(name, index, fields, "column %d of the file"))));
      }
    }
    columns.add(nonEmpty(unknown).alias(UNKNOWN));
    return raw.filter(not(headerLine)).select(columns.toArray(Column[]::new));
  }

  /**
   * Avro container files, each group of files written with one schema read with it: Spark reads
   * every file with one file's schema, and a field only the others have is never seen.
   */
  private Dataset<Row> avro(String location) {
    String[] files =
        spark
            .read()
            .format("avro")
            .option("recursiveFileLookup", "true")
            .load(location)
            .inputFiles();
    Map<Schema, List<String>> bySchema = new LinkedHashMap<>();
    for (String file : files) {
      bySchema.computeIfAbsent(writerSchema(file), schema -> new ArrayList<>()).add(file);
    }
    Dataset<Row> records = null;
    for (List<String> group : bySchema.values()) {
      Dataset<Row> read = typed(spark.read().format("avro").load(group.toArray(String[]::new)));
      records = records == null ? read : records.unionByName(read);
    }
    return records != null ? records : empty();
  }

  /**
   * Typed records (Avro, Parquet) as text, with the columns the contract does not have refused
   * where they hold a value.
   */
  private Dataset<Row> typed(Dataset<Row> raw) {
    List<String> names = List.of(raw.columns());
    List<Column> columns = new ArrayList<>();
    for (String field : fields) {
      columns.add(
          (names.contains(field)
                  ? text(col(field), raw.schema().apply(field).dataType())
                  : lit(null).cast(DataTypes.StringType))
              .alias(field));
    }
    columns.add(input_file_name().alias(SOURCE_FILE));
    columns.add(lit(null).cast(DataTypes.StringType).alias(UNREADABLE));
    List<Column> unknown = new ArrayList<>();
    for (int index = 0; index < names.size(); index++) {
      String name = names.get(index);
      if (!fields.contains(name)) {
        unknown.add(
            when(
                col(name).isNotNull(),
                lit(notInContract(name, index, fields, "field %d of the file"))));
      }
    }
    columns.add(nonEmpty(unknown).alias(UNKNOWN));
    return raw.select(columns.toArray(Column[]::new));
  }

  /**
   * A typed landing value (Avro) as the text a JSON landing file would hold: an instant with its
   * offset, which reads back as the same instant whatever the session's time zone (Spark's own text
   * of a timestamp has none).
   */
  private static Column text(Column value, DataType type) {
    return type instanceof TimestampType
        ? date_format(value, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
        : value.cast(DataTypes.StringType);
  }

  /** The reasons that hold, joined; null when none does. */
  private Column nonEmpty(List<Column> reasons) {
    if (reasons.isEmpty()) {
      return lit(null).cast(DataTypes.StringType);
    }
    Column joined = concat_ws(separator, reasons.toArray(Column[]::new));
    return when(joined.notEqual(""), joined);
  }

  /** No records, with the columns {@link #read} gives. */
  private Dataset<Row> empty() {
    List<StructField> columns = new ArrayList<>();
    for (String field : fields) {
      columns.add(DataTypes.createStructField(field, DataTypes.StringType, true));
    }
    for (String column : List.of(SOURCE_FILE, UNREADABLE, UNKNOWN)) {
      columns.add(DataTypes.createStructField(column, DataTypes.StringType, true));
    }
    return spark.createDataFrame(List.of(), DataTypes.createStructType(columns));
  }

  private static String column(int index) {
    return "_c" + index;
  }

  /** The first line of {@code file}; empty for an empty file, which holds no records. */
  private Optional<String> firstLine(String file) {
    try (InputStream in = open(file);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      if (line == null) {
        return Optional.empty();
      }
      return Optional.of(line.startsWith("\uFEFF") ? line.substring(1) : line);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read landing file " + file, e);
    }
  }

  /** The schema an Avro container file was written with, from its header. */
  private Schema writerSchema(String file) {
    try (InputStream in = open(file);
        DataFileStream<Object> stream = new DataFileStream<>(in, new GenericDatumReader<>())) {
      return stream.getSchema();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read landing file " + file + ": not an Avro container file", e);
    }
  }

  /** {@code file} as Spark reads it: decompressed when its name says it is compressed. */
  private InputStream open(String file) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
    Configuration configuration = spark.sparkContext().hadoopConfiguration();
    InputStream in = path.getFileSystem(configuration).open(path);
    CompressionCodec codec = new CompressionCodecFactory(configuration).getCodec(path);
    return codec == null ? in : codec.createInputStream(in);
  }
}
