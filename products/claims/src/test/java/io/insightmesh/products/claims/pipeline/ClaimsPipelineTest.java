package io.insightmesh.products.claims.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.PublishRequest;
import io.insightmesh.sdk.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pipeline makes of how landing records are written: every field a record holds is the
 * contract's or the record is refused, and each CSV file's columns are found by its own header.
 */
class ClaimsPipelineTest {
  @TempDir Path landing;

  @Test
  void aJsonRecordWithAFieldTheContractDoesNotHaveIsRefusedNotPublishedWithoutIt()
      throws IOException {
    Files.writeString(
        landing.resolve("part-00000.jsonl"),
        String.join(
            "\n",
            json(claim(1)),
            // A client that renamed a field: its value would have been dropped.
            json(with(claim(2), "ip_adress", "192.0.2.1")),
            // A body keyed by a value: the key is not repeated anywhere.
            json(with(claim(3), "AB123456C", "x")),
            json(claim(4)).replace("}", ",\"nino\":\"JK123456A\"}"),
            "",
            // Cut short: not one record, whatever Spark could make of it.
            "{\"nino\":\"AB123456C\",\"name\":",
            ""));

    List<PublishRequest> releases = releases("json");

    assertThat(claimIds(releases.get(0))).containsExactly(id(1));
    Map<String, String> reasons = reasons(releases.get(1));
    assertThat(reasons)
        .containsOnly(
            Map.entry(id(2), "ip_adress: not in the contract; did you mean ip_address?"),
            Map.entry(id(3), "field 13 of the record: not in the contract"),
            Map.entry(id(4), "nino: given more than once"),
            Map.entry("null", "(the record): not a JSON object"));
    assertThat(String.join(" ", reasons.values())).doesNotContain("AB123456C");
  }

  @Test
  void eachCsvFileIsReadByItsOwnHeaderAndEveryValueIsTheContractsOrRefused() throws IOException {
    List<String> columns = new ArrayList<>(claim(10).keySet());
    Files.writeString(
        landing.resolve("a.csv"),
        String.join(",", columns)
            + "\n"
            + csv(claim(10), columns)
            // An unquoted comma in a value: one column too many for the header.
            + csv(with(claim(11), "name", "Smith, John"), columns));
    List<String> reordered = new ArrayList<>(columns);
    Collections.reverse(reordered);
    reordered.add("notes");
    Files.writeString(
        Files.createDirectories(landing.resolve("day-2")).resolve("b.csv"),
        String.join(",", reordered)
            + "\n"
            + csv(with(claim(12), "notes", ""), reordered)
            + csv(with(claim(13), "notes", "call back"), reordered));

    List<PublishRequest> releases = releases("csv");

    assertThat(
            releases.get(0).data().select("claim_id", "nino").orderBy("claim_id").collectAsList())
        .extracting(row -> row.getString(0) + " " + row.getString(1))
        .containsExactly(id(10) + " " + nino(10), id(12) + " " + nino(12));
    Map<String, String> reasons = reasons(releases.get(1));
    assertThat(reasons)
        .containsOnly(
            Map.entry(id(11), "(the record): its values are not its header's columns"),
            Map.entry(id(13), "column 13 of the file: not in the contract"));
    assertThat(String.join(" ", reasons.values())).doesNotContain("Smith").doesNotContain("call");
  }

  @Test
  void aCsvFileWithoutItsHeaderLineRefusesTheRunWithoutQuotingIt() throws IOException {
    List<String> columns = new ArrayList<>(claim(20).keySet());
    Files.writeString(
        landing.resolve("headless.csv"), csv(claim(20), columns) + csv(claim(21), columns));

    assertThatThrownBy(() -> releases("csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headless.csv: its first line names none of the contract's fields")
        .hasMessageEndingWith("a CSV landing file starts with a header line naming its columns")
        .hasMessageNotContaining(nino(20))
        .hasMessageNotContaining(id(20));
  }

  private List<PublishRequest> releases(String format) {
    return new ClaimsPipeline()
        .releases(TestSpark.session(), new PipelineInput(landing, format, "1.0.0", Map.of()));
  }

  private static List<String> claimIds(PublishRequest claims) {
    return claims.data().select("claim_id").orderBy("claim_id").collectAsList().stream()
        .map(row -> row.getString(0))
        .toList();
  }

  /** The rejects' reasons by claim id ({@code null} as "null"), joined with "; ". */
  private static Map<String, String> reasons(PublishRequest rejects) {
    return rejects
        .data()
        .selectExpr("claim_id", "concat_ws('; ', reasons)")
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(row -> String.valueOf(row.get(0)), (Row row) -> row.getString(1)));
  }

  private static String id(int index) {
    return String.format("00000000-0000-4000-8000-%012d", index);
  }

  private static String nino(int index) {
    return String.format("AB%06dC", index);
  }

  /** A valid claim's fields as text, in the contract's order. */
  private static Map<String, String> claim(int index) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("claim_id", id(index));
    fields.put("scheme", "SEISS");
    fields.put("submitted_at", "2020-05-13T08:00:00Z");
    fields.put("claimant_id", String.format("C%07d", index));
    fields.put("nino", nino(index));
    fields.put("name", "Claimant " + index);
    fields.put("date_of_birth", "1980-01-02");
    fields.put("postcode", "SW1A 1AA");
    fields.put("bank_sort_code", "112233");
    fields.put("bank_account_number", String.format("%08d", 10_000_000 + index));
    fields.put("amount_claimed", String.valueOf(1000 + index));
    fields.put("channel", "ONLINE");
    return fields;
  }

  private static Map<String, String> with(Map<String, String> claim, String field, String value) {
    Map<String, String> changed = new LinkedHashMap<>(claim);
    changed.put(field, value);
    return changed;
  }

  private static String json(Map<String, String> claim) {
    return claim.entrySet().stream()
        .map(entry -> "\"" + entry.getKey() + "\":\"" + entry.getValue() + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String csv(Map<String, String> claim, List<String> columns) {
    return columns.stream().map(claim::get).collect(Collectors.joining(",")) + "\n";
  }
}
