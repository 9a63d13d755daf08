package io.insightmesh.sdk.contract;

import static io.insightmesh.sdk.contract.ChangeLevel.MAJOR;
import static io.insightmesh.sdk.contract.ChangeLevel.MINOR;
import static io.insightmesh.sdk.contract.ChangeLevel.PATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of DESIGN.md §4, in both directions, at every depth: the same change to a field of the
 * top-level record, of a nested record, of the records in an array, in a map, in an optional record
 * and in a branch of a union must be classified alike, under the path that leads to it.
 */
class ContractCompatibilityTest {
  private static final String ID = field("id", "\"string\"");

  /** Where the record holding the changed fields sits in the contract. */
  enum Depth {
    TOP_LEVEL("", "(root)"),
    NESTED_RECORD("outer.", "outer"),
    ARRAY_ITEMS("outer[].", "outer[]"),
    MAP_VALUES("outer{}.", "outer{}"),
    OPTIONAL_RECORD("outer.", "outer"),
    UNION_BRANCH("outer<Inner>.", "outer<Inner>");

    final String prefix;
    final String recordPath;

    Depth(String prefix, String recordPath) {
      this.prefix = prefix;
      this.recordPath = recordPath;
    }

    String contract(List<String> fields) {
      String inner = record("Inner", fields);
      return switch (this) {
        case TOP_LEVEL -> root(fields);
        case NESTED_RECORD -> root(List.of(field("outer", inner)));
        case ARRAY_ITEMS ->
            root(List.of(field("outer", "{\"type\":\"array\",\"items\":" + inner + "}")));
        case MAP_VALUES ->
            root(List.of(field("outer", "{\"type\":\"map\",\"values\":" + inner + "}")));
        case OPTIONAL_RECORD ->
            root(List.of(field("outer", "[\"null\"," + inner + "]", "\"default\":null")));
        case UNION_BRANCH -> root(List.of(field("outer", "[\"string\"," + inner + "]")));
      };
    }

    /** Where {@code relative} is at this depth; the empty path is the record itself. */
    String path(String relative) {
      return relative.isEmpty() ? recordPath : prefix + relative;
    }
  }

  /** One change a report lists, with its path relative to the record that holds the fields. */
  record Expected(ChangeLevel level, String path, String rule) {
    @Override
    public String toString() {
      return level + " " + path + ": " + rule;
    }
  }

  /** A change from {@code before} to {@code after}, and what each direction must report. */
  record Case(
      String name,
      List<String> before,
      List<String> after,
      List<Expected> forward,
      List<Expected> backward) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String optionalInt = "[\"null\",\"int\"]";
    String enumAb = "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}";
    return Stream.of(
        new Case(
            "optional field added / removed",
            List.of(ID),
            List.of(ID, field("f", optionalInt, "\"default\":null")),
            List.of(expect(MINOR, "f", "add-optional-field")),
            List.of(expect(MAJOR, "f", "remove-field"))),
        new Case(
            "required field added / removed",
            List.of(ID),
            List.of(ID, field("f", "\"int\"")),
            List.of(expect(MAJOR, "f", "add-required-field")),
            List.of(expect(MAJOR, "f", "remove-field"))),
        new Case(
            "required field with a default added / removed (Avro would resolve the addition)",
            List.of(ID),
            List.of(ID, field("f", "\"int\"", "\"default\":0")),
            List.of(expect(MAJOR, "f", "add-required-field")),
            List.of(expect(MAJOR, "f", "remove-field"))),
        new Case(
            "nullable field without default null added / removed",
            List.of(ID),
            List.of(ID, field("f", optionalInt)),
            List.of(expect(MAJOR, "f", "add-required-field")),
            List.of(expect(MAJOR, "f", "remove-field"))),
        new Case(
            "optional field made required / required field made optional",
            List.of(ID, field("f", optionalInt, "\"default\":null")),
            List.of(ID, field("f", "\"int\"")),
            List.of(expect(MAJOR, "f", "optional-to-required")),
            List.of(expect(MINOR, "f", "required-to-optional"))),
        new Case(
            "int widened to long / long narrowed to int",
            List.of(ID, field("f", "\"int\"")),
            List.of(ID, field("f", "\"long\"")),
            List.of(expect(MINOR, "f", "widen-int-to-long")),
            List.of(expect(MAJOR, "f", "narrow-type"))),
        new Case(
            "float widened to double / double narrowed to float",
            List.of(ID, field("f", "\"float\"")),
            List.of(ID, field("f", "\"double\"")),
            List.of(expect(MINOR, "f", "widen-float-to-double")),
            List.of(expect(MAJOR, "f", "narrow-type"))),
        new Case(
            "int to double (Avro promotes, Iceberg does not) / double to int",
            List.of(ID, field("f", "\"int\"")),
            List.of(ID, field("f", "\"double\"")),
            List.of(expect(MAJOR, "f", "change-type")),
            List.of(expect(MAJOR, "f", "narrow-type"))),
        new Case(
            "long to double / double to long",
            List.of(ID, field("f", "\"long\"")),
            List.of(ID, field("f", "\"double\"")),
            List.of(expect(MAJOR, "f", "change-type")),
            List.of(expect(MAJOR, "f", "narrow-type"))),
        new Case(
            "string to bytes / bytes to string (Avro promotes both)",
            List.of(ID, field("f", "\"string\"")),
            List.of(ID, field("f", "\"bytes\"")),
            List.of(expect(MAJOR, "f", "change-type")),
            List.of(expect(MAJOR, "f", "change-type"))),
        new Case(
            "int to string / string to int",
            List.of(ID, field("f", "\"int\"")),
            List.of(ID, field("f", "\"string\"")),
            List.of(expect(MAJOR, "f", "change-type")),
            List.of(expect(MAJOR, "f", "change-type"))),
        new Case(
            "record to string / string to record",
            List.of(ID, field("f", record("R", List.of(field("x", "\"int\""))))),
            List.of(ID, field("f", "\"string\"")),
            List.of(expect(MAJOR, "f", "change-type")),
            List.of(expect(MAJOR, "f", "change-type"))),
        new Case(
            "decimal precision widened / narrowed",
            List.of(ID, field("f", decimal(10, 2))),
            List.of(ID, field("f", decimal(12, 2))),
            List.of(expect(MINOR, "f", "decimal-precision-widened")),
            List.of(expect(MAJOR, "f", "decimal-precision-narrowed"))),
        new Case(
            "decimal scale changed, either way",
            List.of(ID, field("f", decimal(12, 2))),
            List.of(ID, field("f", decimal(12, 3))),
            List.of(expect(MAJOR, "f", "decimal-scale-changed")),
            List.of(expect(MAJOR, "f", "decimal-scale-changed"))),
        new Case(
            "timestamp-millis to timestamp-micros, either way",
            List.of(ID, field("f", logical("long", "timestamp-millis"))),
            List.of(ID, field("f", logical("long", "timestamp-micros"))),
            List.of(expect(MAJOR, "f", "logical-type-changed")),
            List.of(expect(MAJOR, "f", "logical-type-changed"))),
        new Case(
            "date to int, either way",
            List.of(ID, field("f", logical("int", "date"))),
            List.of(ID, field("f", "\"int\"")),
            List.of(expect(MAJOR, "f", "logical-type-changed")),
            List.of(expect(MAJOR, "f", "logical-type-changed"))),
        new Case(
            "string to uuid, either way",
            List.of(ID, field("f", "\"string\"")),
            List.of(ID, field("f", logical("string", "uuid"))),
            List.of(expect(MAJOR, "f", "logical-type-changed")),
            List.of(expect(MAJOR, "f", "logical-type-changed"))),
        new Case(
            "UTC-adjusted timestamp to local, either way",
            List.of(
                ID,
                field(
                    "f",
                    "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\",\"adjust-to-utc\":true}")),
            List.of(
                ID,
                field(
                    "f",
                    "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\",\"adjust-to-utc\":false}")),
            List.of(expect(MAJOR, "f", "logical-type-changed")),
            List.of(expect(MAJOR, "f", "logical-type-changed"))),
        new Case(
            "enum symbol added / removed",
            List.of(ID, field("f", enumAb)),
            List.of(
                ID,
                field("f", "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\"]}")),
            List.of(expect(MINOR, "f", "enum-symbol-added")),
            List.of(expect(MAJOR, "f", "enum-symbol-removed"))),
        new Case(
            "enum symbols reordered, either way",
            List.of(ID, field("f", enumAb)),
            List.of(ID, field("f", "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"B\",\"A\"]}")),
            List.of(expect(PATCH, "f", "enum-symbols-reordered")),
            List.of(expect(PATCH, "f", "enum-symbols-reordered"))),
        new Case(
            "field renamed with an alias / renamed back without one",
            List.of(ID, field("f", "\"int\"")),
            List.of(ID, field("g", "\"int\"", "\"aliases\":[\"f\"]")),
            List.of(expect(MAJOR, "f", "rename-field")),
            List.of(expect(MAJOR, "g", "remove-field"), expect(MAJOR, "f", "add-required-field"))),
        new Case(
            "pii tag added / removed",
            List.of(ID, field("f", "\"string\"")),
            List.of(ID, field("f", "\"string\"", "\"pii\":\"nino\",\"mask\":\"partial\"")),
            List.of(expect(MINOR, "f", "pii-tag-added")),
            List.of(expect(MAJOR, "f", "pii-tag-removed"))),
        new Case(
            "pii tag changed, either way",
            List.of(ID, field("f", "\"string\"", "\"pii\":\"nino\",\"mask\":\"last4\"")),
            List.of(ID, field("f", "\"string\"", "\"pii\":\"utr\",\"mask\":\"last4\"")),
            List.of(expect(MINOR, "f", "pii-tag-changed")),
            List.of(expect(MINOR, "f", "pii-tag-changed"))),
        new Case(
            "mask changed, either way",
            List.of(ID, field("f", "\"string\"", "\"pii\":\"nino\",\"mask\":\"partial\"")),
            List.of(ID, field("f", "\"string\"", "\"pii\":\"nino\",\"mask\":\"redact\"")),
            List.of(expect(MINOR, "f", "mask-changed")),
            List.of(expect(MINOR, "f", "mask-changed"))),
        new Case(
            "doc changed, either way",
            List.of(ID, field("f", "\"int\"")),
            List.of(ID, "{\"name\":\"f\",\"type\":\"int\",\"doc\":\"Another description.\"}"),
            List.of(expect(PATCH, "f", "doc-changed")),
            List.of(expect(PATCH, "f", "doc-changed"))),
        new Case(
            "quality rule added / removed",
            List.of(ID, field("f", "\"int\"", "\"quality\":[{\"rule\":\"not-null\"}]")),
            List.of(
                ID,
                field(
                    "f", "\"int\"", "\"quality\":[{\"rule\":\"not-null\"},{\"rule\":\"unique\"}]")),
            List.of(expect(PATCH, "f", "quality-rule-changed")),
            List.of(expect(PATCH, "f", "quality-rule-changed"))),
        new Case(
            "fields reordered, either way",
            List.of(ID, field("f", "\"int\""), field("g", "\"int\"")),
            List.of(ID, field("g", "\"int\""), field("f", "\"int\"")),
            List.of(expect(PATCH, "", "field-order-changed")),
            List.of(expect(PATCH, "", "field-order-changed"))),
        new Case(
            "non-PII tag added / removed",
            List.of(ID, field("f", "\"int\"")),
            List.of(ID, field("f", "\"int\"", "\"tags\":[\"finance\"]")),
            List.of(expect(PATCH, "f", "tag-changed")),
            List.of(expect(PATCH, "f", "tag-changed"))),
        new Case(
            "default changed, either way",
            List.of(ID, field("f", "\"int\"", "\"default\":0")),
            List.of(ID, field("f", "\"int\"", "\"default\":1")),
            List.of(expect(PATCH, "f", "default-changed")),
            List.of(expect(PATCH, "f", "default-changed"))),
        new Case(
            "alias added / removed without a rename",
            List.of(ID, field("f", "\"int\"")),
            List.of(ID, field("f", "\"int\"", "\"aliases\":[\"old_f\"]")),
            List.of(expect(PATCH, "f", "aliases-changed")),
            List.of(expect(PATCH, "f", "aliases-changed"))),
        new Case(
            "array elements widened / narrowed",
            List.of(ID, field("f", "{\"type\":\"array\",\"items\":\"int\"}")),
            List.of(ID, field("f", "{\"type\":\"array\",\"items\":\"long\"}")),
            List.of(expect(MINOR, "f[]", "widen-int-to-long")),
            List.of(expect(MAJOR, "f[]", "narrow-type"))),
        new Case(
            "map values widened / narrowed",
            List.of(ID, field("f", "{\"type\":\"map\",\"values\":\"float\"}")),
            List.of(ID, field("f", "{\"type\":\"map\",\"values\":\"double\"}")),
            List.of(expect(MINOR, "f{}", "widen-float-to-double")),
            List.of(expect(MAJOR, "f{}", "narrow-type"))),
        new Case(
            "array elements made nullable / not nullable",
            List.of(ID, field("f", "{\"type\":\"array\",\"items\":\"int\"}")),
            List.of(ID, field("f", "{\"type\":\"array\",\"items\":[\"null\",\"int\"]}")),
            List.of(expect(MINOR, "f[]", "required-to-optional")),
            List.of(expect(MAJOR, "f[]", "optional-to-required"))),
        new Case(
            "map decimal values widened / narrowed",
            List.of(ID, field("f", "{\"type\":\"map\",\"values\":" + decimal(9, 2) + "}")),
            List.of(ID, field("f", "{\"type\":\"map\",\"values\":" + decimal(18, 2) + "}")),
            List.of(expect(MINOR, "f{}", "decimal-precision-widened")),
            List.of(expect(MAJOR, "f{}", "decimal-precision-narrowed"))),
        new Case(
            "map to array, either way",
            List.of(ID, field("f", "{\"type\":\"map\",\"values\":\"int\"}")),
            List.of(ID, field("f", "{\"type\":\"array\",\"items\":\"int\"}")),
            List.of(expect(MAJOR, "f", "change-type")),
            List.of(expect(MAJOR, "f", "change-type"))),
        new Case(
            "map key type changed (Iceberg's map form), either way",
            List.of(ID, field("f", icebergMap("int"))),
            List.of(ID, field("f", icebergMap("long"))),
            List.of(expect(MAJOR, "f", "map-key-changed")),
            List.of(expect(MAJOR, "f", "map-key-changed"))),
        new Case(
            "union branch added / removed",
            List.of(ID, field("f", "[\"int\",\"string\"]")),
            List.of(ID, field("f", "[\"int\",\"string\",\"long\"]")),
            List.of(expect(MAJOR, "f", "change-type")),
            List.of(expect(MAJOR, "f", "change-type"))),
        new Case(
            "null added to / removed from a union of several types",
            List.of(ID, field("f", "[\"int\",\"string\"]")),
            List.of(ID, field("f", "[\"null\",\"int\",\"string\"]", "\"default\":null")),
            List.of(expect(MINOR, "f", "required-to-optional")),
            List.of(expect(MAJOR, "f", "optional-to-required"))),
        new Case(
            "field of a union's record branch widened / narrowed",
            List.of(
                ID, field("f", "[\"string\"," + record("U", List.of(field("x", "\"int\""))) + "]")),
            List.of(
                ID,
                field("f", "[\"string\"," + record("U", List.of(field("x", "\"long\""))) + "]")),
            List.of(expect(MINOR, "f<U>.x", "widen-int-to-long")),
            List.of(expect(MAJOR, "f<U>.x", "narrow-type"))),
        new Case(
            "fixed size changed, either way",
            List.of(ID, field("f", "{\"type\":\"fixed\",\"name\":\"F\",\"size\":8}")),
            List.of(ID, field("f", "{\"type\":\"fixed\",\"name\":\"F\",\"size\":16}")),
            List.of(expect(MAJOR, "f", "change-type")),
            List.of(expect(MAJOR, "f", "change-type"))),
        new Case(
            "nothing changed",
            List.of(ID, field("f", "\"int\"", "\"pii\":\"nino\",\"mask\":\"hash\"")),
            List.of(ID, field("f", "\"int\"", "\"pii\":\"nino\",\"mask\":\"hash\"")),
            List.of(),
            List.of()));
  }

  static Stream<Arguments> everyCaseAtEveryDepth() {
    // Quality rules sit on top-level fields only (a nested one is refused as a contract).
    return cases()
        .flatMap(
            change ->
                Arrays.stream(Depth.values())
                    .filter(
                        depth -> depth == Depth.TOP_LEVEL || !change.name().startsWith("quality"))
                    .map(depth -> Arguments.of(change, depth)));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("everyCaseAtEveryDepth")
  void forward(Case change, Depth depth) {
    assertClassified(depth, change.before(), change.after(), change.forward());
  }

  @ParameterizedTest(name = "{0} at {1}, backwards")
  @MethodSource("everyCaseAtEveryDepth")
  void backward(Case change, Depth depth) {
    assertClassified(depth, change.after(), change.before(), change.backward());
  }

  @Test
  void theCasesCoverEveryRuleButTheFloorInBothDirections() {
    Set<String> covered =
        cases()
            .flatMap(change -> Stream.concat(change.forward().stream(), change.backward().stream()))
            .map(Expected::rule)
            .collect(Collectors.toSet());
    Set<String> rules =
        EnumSet.complementOf(EnumSet.of(ChangeRule.AVRO_CANNOT_READ_OLD_DATA)).stream()
            .map(ChangeRule::id)
            .collect(Collectors.toSet());

    assertThat(covered).isEqualTo(rules);
  }

  @Test
  void recordTypeRenamedIsCaughtOnlyByTheAvroFloor() {
    String before =
        root(List.of(ID, field("r", record("Address", List.of(field("x", "\"int\""))))));
    String after =
        root(List.of(ID, field("r", record("Location", List.of(field("x", "\"int\""))))));

    CompatibilityReport report = classify(before, after);

    assertThat(report.classification()).isEqualTo(MAJOR);
    assertThat(report.changes())
        .containsExactly(
            new SchemaChange(
                "r",
                ChangeRule.AVRO_CANNOT_READ_OLD_DATA,
                "NAME_MISMATCH: expected: test.Address (at /fields/1/type/name)"));
  }

  @Test
  void recordTypeRenamedWithAnAliasIsResolvedByAvro() {
    String before =
        root(List.of(ID, field("r", record("Address", List.of(field("x", "\"int\""))))));
    String after =
        root(
            List.of(
                ID,
                field(
                    "r",
                    "{\"type\":\"record\",\"name\":\"Location\",\"aliases\":[\"test.Address\"],"
                        + "\"doc\":\"d\",\"fields\":["
                        + field("x", "\"int\"")
                        + "]}")));

    CompatibilityReport report = classify(before, after);

    assertThat(report.classification()).isEqualTo(PATCH);
    assertThat(summary(report)).containsExactly("PATCH r: aliases-changed");
  }

  @Test
  void decimalWideningTheRulesAllowIsMajorWhenAvroCannotResolveItsFixedSize() {
    String before =
        root(
            List.of(
                ID,
                field(
                    "amount",
                    "{\"type\":\"fixed\",\"name\":\"Amount\",\"size\":4,\"logicalType\":\"decimal\","
                        + "\"precision\":9,\"scale\":2}")));
    String after =
        root(
            List.of(
                ID,
                field(
                    "amount",
                    "{\"type\":\"fixed\",\"name\":\"Amount\",\"size\":8,\"logicalType\":\"decimal\","
                        + "\"precision\":18,\"scale\":2}")));

    CompatibilityReport report = classify(before, after);

    assertThat(report.classification()).isEqualTo(MAJOR);
    assertThat(report.changes())
        .containsExactly(
            new SchemaChange(
                "amount",
                ChangeRule.AVRO_CANNOT_READ_OLD_DATA,
                "FIXED_SIZE_MISMATCH: expected: 4, found: 8 (at /fields/1/type/size)"),
            new SchemaChange(
                "amount",
                ChangeRule.DECIMAL_PRECISION_WIDENED,
                "decimal(9,2) as fixed(4) → decimal(18,2) as fixed(8)"));
  }

  @Test
  void decimalMovedFromBytesToFixedIsCaughtByTheFloor() {
    String before = root(List.of(ID, field("amount", decimal(12, 2))));
    String after =
        root(
            List.of(
                ID,
                field(
                    "amount",
                    "{\"type\":\"fixed\",\"name\":\"Amount\",\"size\":6,\"logicalType\":\"decimal\","
                        + "\"precision\":12,\"scale\":2}")));

    assertThat(summary(classify(before, after)))
        .containsExactly("MAJOR amount: avro-cannot-read-old-data");
  }

  @Test
  void topLevelRecordRenamedIsCaughtByTheFloorAtTheRoot() {
    String before = root(List.of(ID));
    String after = before.replace("\"name\":\"Root\"", "\"name\":\"Claim\"");

    assertThat(summary(classify(before, after)))
        .containsExactly("MAJOR (root): avro-cannot-read-old-data");
  }

  @Test
  void whatAvroAlsoFindsIsReportedOnce() {
    String before = root(List.of(ID, field("f", "\"long\"")));
    String after = root(List.of(ID, field("f", "\"int\"")));
    Schema previous = ContractSchemas.parse(before, "before");
    Schema proposed = ContractSchemas.parse(after, "after");

    // Avro does find the problem...
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(proposed, previous).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    // ...and the report names it once, under the platform's rule.
    assertThat(ContractCompatibility.classify(previous, proposed).changes())
        .containsExactly(new SchemaChange("f", ChangeRule.NARROW_TYPE, "long → int"));
  }

  @Test
  void aMajorChangeInsideAUnionExplainsAvrosMissingBranch() {
    String before =
        root(
            List.of(
                ID,
                field(
                    "a",
                    "[\"null\"," + record("A", List.of(field("x", "\"long\""))) + "]",
                    "\"default\":null")));
    String after = before.replace("\"long\"", "\"int\"");

    assertThat(summary(classify(before, after))).containsExactly("MAJOR a.x: narrow-type");
  }

  @Test
  void changesAreReportedMostSevereFirstThenInFieldOrder() {
    String before =
        root(
            List.of(
                ID,
                field("a", "\"int\""),
                field("b", "\"string\"", "\"pii\":\"nino\",\"mask\":\"partial\""),
                field("c", "\"int\"")));
    String after =
        root(
            List.of(
                "{\"name\":\"id\",\"type\":\"string\",\"doc\":\"The id.\"}",
                field("a", "\"long\""),
                field("b", "\"string\""),
                field("c", "\"string\"")));

    CompatibilityReport report = classify(before, after);

    assertThat(report.toText())
        .isEqualTo(
            """
            classification: MAJOR
            MAJOR b: pii-tag-removed — pii tag nino removed: the value would no longer be masked
            MAJOR c: change-type — int → string
            MINOR a: widen-int-to-long — int → long
            PATCH id: doc-changed — doc changed
            """);
  }

  @Test
  void noChangesIsPatch() {
    String contract = root(List.of(ID, field("f", "\"int\"")));

    CompatibilityReport report = classify(contract, contract);

    assertThat(report.classification()).isEqualTo(PATCH);
    assertThat(report.changes()).isEmpty();
    assertThat(report.toText()).isEqualTo("classification: PATCH\nno changes\n");
  }

  @Test
  void onlyRecordsAreClassified() {
    Schema record = ContractSchemas.parse(root(List.of(ID)), "record");
    Schema string = Schema.create(Schema.Type.STRING);

    assertThatThrownBy(() -> ContractCompatibility.classify(string, record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot classify a contract change: the previous contract is STRING, not a record");
  }

  private static void assertClassified(
      Depth depth, List<String> before, List<String> after, List<Expected> expected) {
    CompatibilityReport report = classify(depth.contract(before), depth.contract(after));

    List<String> wanted = new ArrayList<>();
    for (Expected change : expected) {
      wanted.add(change.level() + " " + depth.path(change.path()) + ": " + change.rule());
    }
    assertThat(summary(report)).containsExactlyElementsOf(wanted);
    assertThat(report.classification())
        .isEqualTo(expected.stream().map(Expected::level).max(Enum::compareTo).orElse(PATCH));
  }

  private static CompatibilityReport classify(String before, String after) {
    return ContractCompatibility.classify(
        ContractSchemas.parse(before, "before.avsc"), ContractSchemas.parse(after, "after.avsc"));
  }

  private static List<String> summary(CompatibilityReport report) {
    return report.changes().stream()
        .map(change -> change.level() + " " + change.path() + ": " + change.rule().id())
        .toList();
  }

  private static Expected expect(ChangeLevel level, String path, String rule) {
    return new Expected(level, path, rule);
  }

  static String root(List<String> fields) {
    return "{\"type\":\"record\",\"name\":\"Root\",\"namespace\":\"test\",\"doc\":\"d\",\"fields\":["
        + String.join(",", fields)
        + "]}";
  }

  static String record(String name, List<String> fields) {
    return "{\"type\":\"record\",\"name\":\""
        + name
        + "\",\"doc\":\"d\",\"fields\":["
        + String.join(",", fields)
        + "]}";
  }

  static String field(String name, String type, String... extra) {
    return "{\"name\":\""
        + name
        + "\",\"type\":"
        + type
        + ",\"doc\":\"d\""
        + Arrays.stream(extra).map(text -> "," + text).collect(Collectors.joining())
        + "}";
  }

  private static String decimal(int precision, int scale) {
    return "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":"
        + precision
        + ",\"scale\":"
        + scale
        + "}";
  }

  private static String logical(String type, String logicalType) {
    return "{\"type\":\"" + type + "\",\"logicalType\":\"" + logicalType + "\"}";
  }

  private static String icebergMap(String keyType) {
    return "{\"type\":\"array\",\"logicalType\":\"map\",\"items\":"
        + record("KV", List.of(field("key", "\"" + keyType + "\""), field("value", "\"string\"")))
        + "}";
  }
}
