package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of a publish that decide what reaches main: where the staging branch is made from, and
 * how the input's values are put in the contract's columns.
 */
class PublisherTest {
  private static final TableIdentifier TABLE = TableIdentifier.of("risk", "decisions_v1");
  private static final String BRANCH = "stage_v1_1_0";

  @TempDir Path contracts;
  private InMemoryCatalog catalog;

  @BeforeEach
  void open() {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  @Test
  void aCommitToMainWhileStagingIsCaughtInsteadOfDroppedByThePublish() {
    createTable();
    commitToMain(catalog.loadTable(TABLE));
    RacingOperations racing = new RacingOperations();

    Long mainAtStaging = Publisher.stagingBranch(new BaseTable(racing, "test." + TABLE), BRANCH);

    // The publish fast-forwards main only if main is still where its branch was made from: the
    // branch must hold what mainAtStaging says, or the other publish's rows would vanish from main.
    Table table = catalog.loadTable(TABLE);
    assertThat(table.refs().get(BRANCH).snapshotId()).isEqualTo(mainAtStaging);
    assertThat(table.currentSnapshot().snapshotId())
        .isEqualTo(racing.other)
        .isNotEqualTo(mainAtStaging);
  }

  @Test
  void aCommitToMainBeforeTheBranchIsMadeIsCaughtToo() {
    createTable();
    commitToMain(catalog.loadTable(TABLE));
    Table publishing = catalog.loadTable(TABLE);

    // Another publish commits after this one loaded the table and before it makes its branch.
    long other = commitToMain(catalog.loadTable(TABLE));
    Long mainAtStaging = Publisher.stagingBranch(publishing, BRANCH);

    Table table = catalog.loadTable(TABLE);
    assertThat(table.refs().get(BRANCH).snapshotId()).isEqualTo(mainAtStaging);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(other).isNotEqualTo(mainAtStaging);
  }

  @Test
  void anotherRunOfTheSameVersionThatCommittedBeforeTheBranchWasMadeIsCaughtByItsTag() {
    createTable();
    commitToMain(catalog.loadTable(TABLE));
    // This run found no tag v1.1.0; another run of 1.1.0 then published before this one made its
    // branch, so main is where this release is staged from and only the tag tells.
    long other = commitToMain(catalog.loadTable(TABLE));
    catalog.loadTable(TABLE).manageSnapshots().createTag("v1.1.0", other).commit();
    Long mainAtStaging = Publisher.stagingBranch(catalog.loadTable(TABLE), BRANCH);
    TableMetadata base = ((HasTableOperations) catalog.loadTable(TABLE)).operations().current();

    assertThat(mainAtStaging).isEqualTo(other);
    assertThat(Publisher.conflict(base, mainAtStaging, "v1.1.0"))
        .contains(
            "tag v1.1.0 was made by another run of the same version while this one staged it"
                + " (snapshot "
                + other
                + "); nothing of this run was published, and running it again records that"
                + " release");
    assertThat(Publisher.conflict(base, mainAtStaging, "v1.2.0")).isEmpty();
    assertThat(Publisher.conflict(base, mainAtStaging - 1, "v1.2.0"))
        .contains(
            "main moved while the release was staged (another publish committed); nothing was"
                + " published, run it again");
  }

  @Test
  void eachRunOfAVersionStagesOnABranchOfItsOwnWhichThePublishedVersionCanTellFromOthers() {
    UUID first = UUID.fromString("0f1e2d3c-0000-4000-8000-000000000001");
    UUID second = UUID.fromString("a1b2c3d4-0000-4000-8000-000000000002");

    // Two runs of 1.1.0 never share a branch, so neither takes the other's for a crashed run's.
    assertThat(Publisher.stagingBranchName("v1.1.0", first)).isEqualTo("stage_v1_1_0_r0f1e2d3c");
    assertThat(Publisher.stagingBranchName("v1.1.0", second)).isEqualTo("stage_v1_1_0_ra1b2c3d4");
    // Publishing 1.1.0 removes every run's branch of it, and the name releases before this one
    // gave a crashed run's, but no other version's.
    assertThat(Publisher.isStagingBranchOf("stage_v1_1_0_r0f1e2d3c", "v1.1.0")).isTrue();
    assertThat(Publisher.isStagingBranchOf("stage_v1_1_0", "v1.1.0")).isTrue();
    assertThat(
            Publisher.isStagingBranchOf(
                Publisher.stagingBranchName("v1.1.0+refresh1", first), "v1.1.0"))
        .isFalse();
    assertThat(Publisher.isStagingBranchOf("stage_v1_1_0_refresh1", "v1.1.0")).isFalse();
    assertThat(Publisher.isStagingBranchOf("stage_v1_1_0", "v1.1.0+refresh1")).isFalse();
    assertThat(Publisher.isStagingBranchOf("main", "v1.1.0")).isFalse();
  }

  @Test
  void aTableWithoutSnapshotsIsStagedOnAnEmptyBranch() {
    createTable();

    Long mainAtStaging = Publisher.stagingBranch(catalog.loadTable(TABLE), BRANCH);

    Table table = catalog.loadTable(TABLE);
    assertThat(mainAtStaging).isNull();
    assertThat(table.currentSnapshot()).isNull();
    assertThat(table.snapshot(table.refs().get(BRANCH).snapshotId()).addedDataFiles(table.io()))
        .isEmpty();
  }

  @Test
  void nestedRecordsAreConformedByFieldNameNotPosition() throws IOException {
    // JSON inference sorts a record's fields by name (line1, postcode, town); a cast by position
    // put the postcode, which is masked, in town, which is not.
    List<Row> rows =
        conform(
                "{\"tenant_id\":\"t-1\",\"address\":"
                    + "{\"line1\":\"1 High St\",\"town\":\"Leeds\",\"postcode\":\"LS1 1AA\"}}",
                "{\"tenant_id\":\"t-2\",\"address\":null}")
            .orderBy("tenant_id")
            .collectAsList();

    Row address = rows.get(0).getStruct(1);
    assertThat(address.schema().fieldNames()).containsExactly("line1", "town", "postcode");
    assertThat(List.of(address.getString(0), address.getString(1), address.getString(2)))
        .containsExactly("1 High St", "Leeds", "LS1 1AA");
    assertThat(rows.get(1).isNullAt(1)).as("an absent address stays absent").isTrue();
  }

  @Test
  void recordsInAListAreConformedByFieldName() throws IOException {
    List<Row> rows =
        conform(
                "{\"tenant_id\":\"t-1\",\"previous\":["
                    + "{\"town\":\"York\",\"line1\":\"2 Low Rd\",\"postcode\":\"YO1 7HH\"},"
                    + "{\"town\":\"Hull\",\"postcode\":\"HU1 1AA\"}]}",
                "{\"tenant_id\":\"t-2\",\"previous\":[]}")
            .orderBy("tenant_id")
            .collectAsList();

    List<Row> previous = rows.get(0).getList(2);
    assertThat(previous)
        .extracting(address -> Arrays.asList(address.get(0), address.get(1), address.get(2)))
        .containsExactly(
            Arrays.asList("2 Low Rd", "York", "YO1 7HH"), Arrays.asList(null, "Hull", "HU1 1AA"));
    assertThat(rows.get(1).getList(2)).isEmpty();
  }

  @Test
  void aMissingOptionalNestedFieldIsNullAndAnUnknownOneIsRefused() throws IOException {
    Row address =
        conform("{\"tenant_id\":\"t-1\",\"address\":{\"postcode\":\"LS1 1AA\"}}")
            .first()
            .getStruct(1);

    assertThat(address.isNullAt(0)).isTrue();
    assertThat(address.isNullAt(1)).isTrue();
    assertThat(address.getString(2)).isEqualTo("LS1 1AA");
    assertThatThrownBy(
            () ->
                conform(
                    "{\"tenant_id\":\"t-1\",\"previous\":[{\"postcode\":\"LS1 1AA\","
                        + "\"county\":\"West Yorkshire\"}]}"))
        .isInstanceOf(PublishException.class)
        .hasMessage(
            "Cannot publish housing.tenancies: a field of previous[] is not in its contract, whose"
                + " fields there are line1, town, postcode (its name is not repeated: it may be a"
                + " value, as when a file is read without its header row)");
    assertThatThrownBy(
            () -> conform("{\"tenant_id\":\"t-1\",\"address\":{\"postcod\":\"LS1 1AA\"}}"))
        .hasMessage(
            "Cannot publish housing.tenancies: field address.postcod is not in its contract; did"
                + " you mean postcode?");
  }

  /** A CSV read without its header row is named after its first row's values. */
  @Test
  void aColumnThatMayBeAValueIsNamedByItsPlaceOnly() throws IOException {
    Dataset<Row> headless =
        TestSpark.session()
            .sql("SELECT 't-1' AS tenant_id, 'AB123456C' AS `Jane Smith`, 1 AS `AB123456C`");

    assertThatThrownBy(() -> conform(tenancies(), headless))
        .isInstanceOf(PublishException.class)
        .hasMessage(
            "Cannot publish housing.tenancies: column 2 of the input is not in its contract, whose"
                + " columns are tenant_id, address, previous (its name is not repeated: it may be a"
                + " value, as when a file is read without its header row)");
    assertThatThrownBy(() -> conform(tenancies(), TestSpark.session().sql("SELECT 1 AS tenantid")))
        .hasMessage(
            "Cannot publish housing.tenancies: column tenantid is not in its contract; did you"
                + " mean tenant_id?");
  }

  @Test
  void valuesTheContractTypesWouldChangeAreRefusedNamingTheFieldTheRuleAndTheRows()
      throws IOException {
    // As JSON landing files are read: 12.345 and 12.7 are doubles, dates and times text.
    Dataset<Row> landing =
        json(
            "{\"claim_id\":\"c-1\",\"amount_claimed\":12.345,\"employees\":12.7,"
                + "\"date_of_birth\":\"1975\",\"submitted_at\":\"2020-05-13T08:00:00\"}",
            "{\"claim_id\":\"c-2\",\"amount_claimed\":12.34,\"employees\":3,"
                + "\"date_of_birth\":\"1980-12-05\",\"submitted_at\":\"2020-05-13T08:00:00Z\"}",
            "{\"claim_id\":\"c-3\",\"amount_claimed\":1.5,\"employees\":null,"
                + "\"date_of_birth\":\"12/05/1980\",\"submitted_at\":\"2020-05-13T09:00:00+01:00\"}",
            "{\"claim_id\":\"c-5\",\"amount_claimed\":2,"
                + "\"submitted_at\":\"2020-05-13T08:00:00.1234567Z\"}");

    assertThatThrownBy(() -> conformGrants(landing))
        .isInstanceOf(ValueConversionException.class)
        .hasMessage(
            "Cannot publish grants.awards: values its contract's types cannot hold as given are"
                + " refused, not stored changed; nothing was written:\n"
                + "  field amount_claimed: 1 value does not convert exactly to decimal(12,2) (a"
                + " number with at most 2 decimal places and 10 digits before the point), e.g."
                + " rows with claim_id c-1\n"
                + "  field employees: 1 value does not convert exactly to int (a whole number"
                + " within its range), e.g. rows with claim_id c-1\n"
                + "  field date_of_birth: 2 values do not convert exactly to date (a date as"
                + " yyyy-mm-dd), e.g. rows with claim_id c-1, c-3\n"
                + "  field submitted_at: 2 values do not convert exactly to timestamp (an ISO-8601"
                + " date and time with its offset, e.g. 2020-05-13T08:00:00Z, to the microsecond;"
                + " one without an offset is not read in the JVM's time zone), e.g. rows with"
                + " claim_id c-1, c-5")
        .satisfies(
            refused ->
                assertThat(((ValueConversionException) refused).fields())
                    .containsExactly(
                        "amount_claimed", "employees", "date_of_birth", "submitted_at"));
  }

  @Test
  void aRefusedRowIsNamedOnlyByAKeyOfTheKeysOwnForm() throws IOException {
    // A row split on a comma inside a value: a NINO where the claim id belongs.
    Dataset<Row> landing =
        json(
            "{\"claim_id\":\"AB123456C\",\"amount_claimed\":12.345}",
            "{\"claim_id\":\"c-2\",\"amount_claimed\":1.001}",
            "{\"claim_id\":\"c-3\",\"amount_claimed\":\"12 High Street\"}");

    assertThatThrownBy(() -> conformGrants(landing))
        .isInstanceOf(ValueConversionException.class)
        .hasMessage(
            "Cannot publish grants.awards: values its contract's types cannot hold as given are"
                + " refused, not stored changed; nothing was written:\n"
                + "  field amount_claimed: 3 values do not convert exactly to decimal(12,2) (a"
                + " number with at most 2 decimal places and 10 digits before the point), e.g."
                + " rows with claim_id c-2, c-3; 1 example withheld: a claim_id that breaks its"
                + " own rules may be anything typed there");
  }

  @Test
  void valuesInsideRecordsListsAndMapsAreHeldToTheSameRules() throws IOException {
    // 12.345 pounds in a line of a claim is stored changed as surely as at the top level.
    Dataset<Row> landing =
        TestSpark.session()
            .sql(
                "SELECT 'c-1' AS claim_id,"
                    + " array(named_struct('units', 2.5d, 'amount', 12.345d)) AS lines,"
                    + " named_struct('paid_on', '2020-05') AS payee,"
                    + " map('rent', 1.5d) AS totals"
                    + " UNION ALL SELECT 'c-2',"
                    + " array(named_struct('units', 3d, 'amount', 1.25d),"
                    + " named_struct('units', CAST(NULL AS DOUBLE), 'amount', 2.001d)),"
                    + " named_struct('paid_on', '2020-05-13'), map('rent', 7.125d, 'fees', 2d)"
                    + " UNION ALL SELECT 'c-3', NULL, NULL, NULL");

    assertThatThrownBy(() -> conform(payments(), landing))
        .isInstanceOf(ValueConversionException.class)
        .hasMessage(
            "Cannot publish grants.payments: values its contract's types cannot hold as given are"
                + " refused, not stored changed; nothing was written:\n"
                + "  field lines[].amount: values in 2 rows do not convert exactly to"
                + " decimal(12,2) (a number with at most 2 decimal places and 10 digits before the"
                + " point), e.g. rows with claim_id c-1, c-2\n"
                + "  field lines[].units: values in 1 row do not convert exactly to int (a whole"
                + " number within its range), e.g. rows with claim_id c-1\n"
                + "  field payee.paid_on: 1 value does not convert exactly to date (a date as"
                + " yyyy-mm-dd), e.g. rows with claim_id c-1\n"
                + "  field totals{}: values in 1 row do not convert exactly to decimal(12,2) (a"
                + " number with at most 2 decimal places and 10 digits before the point), e.g."
                + " rows with claim_id c-2")
        .satisfies(
            refused ->
                assertThat(((ValueConversionException) refused).fields())
                    .containsExactly(
                        "lines[].amount", "lines[].units", "payee.paid_on", "totals{}"));

    Row exact =
        conform(payments(), landing.filter("claim_id = 'c-3'").unionByName(exactPayment()))
            .orderBy("claim_id")
            .first();
    assertThat(exact.getString(0)).isEqualTo("c-2");
    assertThat(exact.getList(1))
        .extracting(line -> ((Row) line).get(0))
        .containsExactly(new java.math.BigDecimal("1.25"), new java.math.BigDecimal("2.00"));
  }

  /** Claim c-2 of the nested landing data with values the payments contract holds exactly. */
  private static Dataset<Row> exactPayment() {
    return TestSpark.session()
        .sql(
            "SELECT 'c-2' AS claim_id,"
                + " array(named_struct('units', 3d, 'amount', 1.25d),"
                + " named_struct('units', CAST(NULL AS DOUBLE), 'amount', 2d)) AS lines,"
                + " named_struct('paid_on', '2020-05-13') AS payee,"
                + " map('rent', 7.12d) AS totals");
  }

  @Test
  void textValuesMustHaveTheContractsFormAsCsvGivesThem() throws IOException {
    Dataset<Row> landing =
        json(
            "{\"claim_id\":\"c-1\",\"amount_claimed\":\"12.345\",\"employees\":\"12.7\"}",
            "{\"claim_id\":\"c-2\",\"amount_claimed\":\"12.30\",\"employees\":\"012\"}",
            "{\"claim_id\":\"c-3\",\"amount_claimed\":\"99999999999\",\"employees\":\"1e3\"}");

    assertThatThrownBy(() -> conformGrants(landing))
        .isInstanceOf(ValueConversionException.class)
        .hasMessage(
            "Cannot publish grants.awards: values its contract's types cannot hold as given are"
                + " refused, not stored changed; nothing was written:\n"
                + "  field amount_claimed: 2 values do not convert exactly to decimal(12,2) (a"
                + " number with at most 2 decimal places and 10 digits before the point), e.g."
                + " rows with claim_id c-1, c-3\n"
                + "  field employees: 2 values do not convert exactly to int (whole-number digits"
                + " within its range), e.g. rows with claim_id c-1, c-3");
  }

  @Test
  void valuesThatConvertExactlyArePublishedAsGivenWhateverTheJvmTimeZone() throws IOException {
    Dataset<Row> landing =
        json(
            "{\"claim_id\":\"c-2\",\"amount_claimed\":12.34,\"employees\":3,"
                + "\"date_of_birth\":\"1980-12-05\",\"submitted_at\":\"2020-05-13T09:00:00+01:00\"}",
            "{\"claim_id\":\"c-4\",\"amount_claimed\":7,\"employees\":null,"
                + "\"date_of_birth\":null,\"submitted_at\":\"2020-05-13T08:00:00.5Z\"}");

    // Read where the day and the offset differ from UTC: an instant with its offset is the same.
    SparkSession spark = TestSpark.session();
    String zone = spark.conf().get("spark.sql.session.timeZone");
    List<Row> rows;
    try {
      spark.conf().set("spark.sql.session.timeZone", "Pacific/Auckland");
      rows = conformGrants(landing).orderBy("claim_id").collectAsList();
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }

    assertThat(rows.get(0).getDecimal(1)).isEqualByComparingTo("12.34");
    assertThat(rows.get(0).getInt(2)).isEqualTo(3);
    assertThat(rows.get(0).getDate(3).toLocalDate()).isEqualTo(LocalDate.of(1980, 12, 5));
    assertThat(rows.get(0).getTimestamp(4).toInstant())
        .isEqualTo(Instant.parse("2020-05-13T08:00:00Z"));
    assertThat(rows.get(1).getDecimal(1)).isEqualByComparingTo("7.00");
    assertThat(rows.get(1).isNullAt(2)).isTrue();
    assertThat(rows.get(1).getTimestamp(4).toInstant())
        .isEqualTo(Instant.parse("2020-05-13T08:00:00.500Z"));
  }

  @Test
  void aReferenceRuleChecksThePinnedReleaseNotTheLatest() {
    Map<String, Optional<RegistryClient.RecordedRelease>> recorded =
        Map.of(
            "claims.claims",
            Optional.of(new RegistryClient.RecordedRelease("1.1.0", 7L, "1.1.0")),
            "risk.decisions",
            Optional.empty());

    // Profiles built from claims 1.0.0 reference the claimants of that release, whatever the
    // latest release (1.1.0, which dropped one) holds.
    assertThat(
            Publisher.referencedRelease(
                "claims.claims", Map.of("claims.claims", "1.0.0"), recorded::get))
        .contains(
            new Publisher.ReferencedRelease(
                "claims.claims", "1.0.0", "claims.claims_v1", "v1.0.0"));
    assertThat(
            Publisher.referencedRelease(
                "claims.claims", Map.of("claims.claims", "2.0.0+run-3"), recorded::get))
        .contains(
            new Publisher.ReferencedRelease(
                "claims.claims", "2.0.0+run-3", "claims.claims_v2", "v2.0.0+run-3"));
    assertThat(Publisher.referencedRelease("claims.claims", Map.of(), recorded::get))
        .contains(
            new Publisher.ReferencedRelease(
                "claims.claims", "1.1.0", "claims.claims_v1", "v1.1.0"));
    assertThat(
            Publisher.referencedRelease(
                "risk.decisions", Map.of("claims.claims", "1.0.0"), recorded::get))
        .isEmpty();
  }

  @Test
  void aPinnedReleaseIsARelease() {
    ProductDescriptor decisions = ProductDescriptors.builtIn("risk.decisions");
    Dataset<Row> none = TestSpark.session().emptyDataFrame();

    assertThatThrownBy(
            () ->
                new PublishRequest(
                    decisions,
                    none,
                    "1.0.0",
                    PublishRequest.Mode.APPEND,
                    List.of(),
                    Map.of("claims.claims", "latest")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid release 'latest' of referenced product claims.claims: a release version is"
                + " MAJOR.MINOR.PATCH, optionally +<run>");
  }

  private void createTable() {
    catalog.createNamespace(TABLE.namespace());
    catalog.createTable(
        TABLE, new Schema(Types.NestedField.optional(1, "claim_id", Types.StringType.get())));
  }

  /**
   * The table's operations, but another publish commits to main as soon as the staging branch is
   * made: between making the branch and reading where main is.
   */
  private final class RacingOperations implements TableOperations {
    private final TableOperations table =
        ((HasTableOperations) catalog.loadTable(TABLE)).operations();
    private Long other;

    @Override
    public TableMetadata current() {
      return table.current();
    }

    @Override
    public TableMetadata refresh() {
      return table.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      table.commit(base, metadata);
      if (other == null && metadata.ref(BRANCH) != null) {
        other = commitToMain(catalog.loadTable(TABLE));
      }
    }

    @Override
    public FileIO io() {
      return table.io();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return table.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
      return table.locationProvider();
    }
  }

  /** Commits a snapshot to main, as a release does (one data file's metadata; nothing reads it). */
  private static long commitToMain(Table table) {
    table
        .newAppend()
        .appendFile(
            DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(table.location() + "/data/" + System.nanoTime() + ".parquet")
                .withFileSizeInBytes(1024)
                .withRecordCount(1)
                .build())
        .commit();
    return table.currentSnapshot().snapshotId();
  }

  /** JSON lines read as a publish reads them, conformed to the tenancies contract. */
  private Dataset<Row> conform(String... lines) throws IOException {
    SparkSession spark = TestSpark.session();
    ProductDescriptor tenancies = tenancies();
    return Publisher.conform(
        spark.read().json(spark.createDataset(List.of(lines), Encoders.STRING())),
        TableLayout.schema(tenancies),
        tenancies);
  }

  private static Dataset<Row> json(String... lines) {
    SparkSession spark = TestSpark.session();
    return spark.read().json(spark.createDataset(List.of(lines), Encoders.STRING()));
  }

  /** {@code landing} conformed to the awards contract, a claim's typed fields. */
  private Dataset<Row> conformGrants(Dataset<Row> landing) throws IOException {
    ProductDescriptor awards = awards();
    return Publisher.conform(landing, TableLayout.schema(awards), awards);
  }

  private static Dataset<Row> conform(ProductDescriptor product, Dataset<Row> landing) {
    return Publisher.conform(landing, TableLayout.schema(product), product);
  }

  /** A product whose typed values sit inside a list of records, a record and a map. */
  private ProductDescriptor payments() throws IOException {
    Path descriptor = contracts.resolve("payments.yaml");
    if (Files.exists(descriptor)) {
      return ProductDescriptors.load(descriptor);
    }
    Files.writeString(
        contracts.resolve("payments.avsc"),
        """
        {"type": "record", "name": "Payment", "doc": "A payment.", "fields": [
          {"name": "claim_id", "type": "string", "doc": "The claim.",
           "quality": [{"rule": "not-null"}, {"rule": "unique"},
                       {"rule": "regex", "pattern": "^c-[0-9]+$"}]},
          {"name": "lines", "type": ["null", {"type": "array", "items": {"type": "record",
           "name": "Line", "doc": "A line.", "fields": [
            {"name": "amount", "type": ["null", {"type": "bytes", "logicalType": "decimal",
             "precision": 12, "scale": 2}], "default": null, "doc": "Pounds."},
            {"name": "units", "type": ["null", "int"], "default": null, "doc": "Units."}]}}],
           "default": null, "doc": "Lines."},
          {"name": "payee", "type": ["null", {"type": "record", "name": "Payee",
           "doc": "Who is paid.", "fields": [
            {"name": "paid_on", "type": ["null", {"type": "int", "logicalType": "date"}],
             "default": null, "doc": "The day."}]}], "default": null, "doc": "Payee."},
          {"name": "totals", "type": ["null", {"type": "map", "values": ["null",
           {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}]}],
           "default": null, "doc": "Totals by kind."}]}
        """);
    Files.writeString(
        descriptor,
        """
        id: grants.payments
        domain: grants
        name: payments
        version: 1.0.0
        description: Payments.
        owner:
          team: grants-team
          contact: grants-team@insight-mesh.example
        classification: NON_PII
        sla:
          freshness: P1D
        contract:
          schema: payments.avsc
        """);
    return ProductDescriptors.load(descriptor);
  }

  /** A product with a claim's typed fields: a decimal, an int, a date and an instant. */
  private ProductDescriptor awards() throws IOException {
    Path descriptor = contracts.resolve("awards.yaml");
    if (Files.exists(descriptor)) {
      return ProductDescriptors.load(descriptor);
    }
    Files.writeString(
        contracts.resolve("awards.avsc"),
        """
        {"type": "record", "name": "Award", "doc": "A grant awarded.", "fields": [
          {"name": "claim_id", "type": "string", "doc": "The claim.",
           "quality": [{"rule": "not-null"}, {"rule": "unique"},
                       {"rule": "regex", "pattern": "^c-[0-9]+$"}]},
          {"name": "amount_claimed", "type": {"type": "bytes", "logicalType": "decimal",
           "precision": 12, "scale": 2}, "doc": "Pounds."},
          {"name": "employees", "type": ["null", "int"], "default": null, "doc": "Employees."},
          {"name": "date_of_birth", "type": ["null", {"type": "int", "logicalType": "date"}],
           "default": null, "pii": "dob", "mask": "year", "doc": "Date of birth."},
          {"name": "submitted_at", "type": ["null", {"type": "long",
           "logicalType": "timestamp-micros", "adjust-to-utc": true}], "default": null,
           "doc": "When, UTC."}]}
        """);
    Files.writeString(
        descriptor,
        """
        id: grants.awards
        domain: grants
        name: awards
        version: 1.0.0
        description: Awards.
        owner:
          team: grants-team
          contact: grants-team@insight-mesh.example
        classification: PII
        sla:
          freshness: P1D
        contract:
          schema: awards.avsc
        """);
    return ProductDescriptors.load(descriptor);
  }

  /** A product whose contract has a record of personal data, alone and in a list. */
  private ProductDescriptor tenancies() throws IOException {
    Path descriptor = contracts.resolve("tenancies.yaml");
    if (Files.exists(descriptor)) {
      return ProductDescriptors.load(descriptor);
    }
    String address =
        "{\"type\":\"record\",\"name\":\"%s\",\"doc\":\"A postal address.\",\"fields\":["
            + "{\"name\":\"line1\",\"type\":[\"null\",\"string\"],\"default\":null,"
            + "\"doc\":\"First line.\",\"pii\":\"address\",\"mask\":\"redact\"},"
            + "{\"name\":\"town\",\"type\":[\"null\",\"string\"],\"default\":null,"
            + "\"doc\":\"Town.\"},"
            + "{\"name\":\"postcode\",\"type\":[\"null\",\"string\"],\"default\":null,"
            + "\"doc\":\"Postcode.\",\"pii\":\"postcode\",\"mask\":\"district\"}]}";
    Files.writeString(
        contracts.resolve("tenancies.avsc"),
        "{\"type\":\"record\",\"name\":\"Tenancy\",\"doc\":\"A tenancy.\",\"fields\":["
            + "{\"name\":\"tenant_id\",\"type\":\"string\",\"doc\":\"The tenant.\"},"
            + "{\"name\":\"address\",\"type\":[\"null\","
            + address.formatted("Address")
            + "],\"default\":null,\"doc\":\"Where the tenant lives.\"},"
            + "{\"name\":\"previous\",\"type\":[\"null\",{\"type\":\"array\",\"items\":"
            + address.formatted("PreviousAddress")
            + "}],\"default\":null,\"doc\":\"Where the tenant lived before.\"}]}");
    Files.writeString(
        descriptor,
        """
        id: housing.tenancies
        domain: housing
        name: tenancies
        version: 1.0.0
        description: Tenancies.
        owner:
          team: housing-team
          contact: housing-team@insight-mesh.example
        classification: PII
        sla:
          freshness: P1D
        contract:
          schema: tenancies.avsc
        """);
    return ProductDescriptors.load(descriptor);
  }
}
