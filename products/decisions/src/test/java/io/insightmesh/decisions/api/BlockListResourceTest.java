package io.insightmesh.decisions.api;

import static io.insightmesh.decisions.api.AssessmentResourceTest.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.decisions.admin.BlockListStore;
import io.insightmesh.decisions.assess.ClaimParserTest;
import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.features.Nino;
import io.insightmesh.decisions.service.Administration;
import io.insightmesh.decisions.service.EngineConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The block lists API over real HTTP with the real engine: an added entry rejects the next claim
 * that carries it, a removed one no longer does, entries reach only case workers and admins, no
 * value is ever echoed in an error or kept in the audit log, and none is taken from a path.
 */
@QuarkusTest
@TestProfile(AdministrationTestProfile.class)
class BlockListResourceTest {
  @Inject Administration administration;
  @Inject EngineConfig config;

  /** An account number no other test uses, so tests do not see each other's entries. */
  private static String accountNumber() {
    return String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  private static String nino() {
    return String.format("AB%06dC", ThreadLocalRandom.current().nextInt(1_000_000));
  }

  private static ValidatableResponse add(String list, String value, String principal, String role) {
    return given()
        .auth()
        .oauth2(token(principal, role))
        .contentType(ContentType.JSON)
        .body("{\"value\": \"" + value + "\", \"reason\": \"Mule account seen in case 42\"}")
        .post("/api/v1/blocklists/" + list)
        .then();
  }

  private static ValidatableResponse removal(String list, String body, String role) {
    return given()
        .auth()
        .oauth2(token(role, role))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/blocklists/" + list + "/removals")
        .then();
  }

  private static ValidatableResponse remove(String list, String value, String role) {
    return removal(
        list, "{\"value\": \"" + value + "\", \"reason\": \"Cleared in case 42\"}", role);
  }

  private static ValidatableResponse assess(String accountNumber) {
    ObjectNode claim = ClaimParserTest.validClaim();
    claim.put("claim_id", UUID.randomUUID().toString());
    claim.put("bank_sort_code", "400000");
    claim.put("bank_account_number", accountNumber);
    return given()
        .auth()
        .oauth2(token("claims-team", "domain-owner:claims"))
        .contentType(ContentType.JSON)
        .body(claim.toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(200);
  }

  @Test
  void aBlockedAccountRejectsTheNextClaimAndAnUnblockedOneNoLonger() {
    String account = accountNumber();
    assess(account).body("reasons.code", not(hasItem("BLOCKED_BANK_ACCOUNT")));

    add("bank-accounts", "40-00-00 " + account, "analyst", "analyst")
        .statusCode(201)
        .body("list", equalTo("bank-accounts"))
        .body("added", equalTo(true));
    assess(account)
        .body("decision", equalTo("REJECT"))
        .body("reasons.code", hasItem("BLOCKED_BANK_ACCOUNT"));
    // Blocking it again changes nothing.
    add("bank-accounts", "400000" + account, "analyst", "analyst")
        .statusCode(200)
        .body("added", equalTo(false));

    remove("bank-accounts", "400000-" + account, "admin").statusCode(204);
    assess(account).body("reasons.code", not(hasItem("BLOCKED_BANK_ACCOUNT")));
    remove("bank-accounts", "400000-" + account, "admin")
        .statusCode(404)
        .body("error.code", equalTo("no-such-block-list-entry"))
        .body("error.message", equalTo("Block list bank-accounts has no such entry"));

    // Unblocked in another accepted form, the slash one included.
    add("bank-accounts", "400000/" + account, "analyst", "analyst").statusCode(201);
    remove("bank-accounts", "400000/" + account, "analyst").statusCode(204);
    assess(account).body("reasons.code", not(hasItem("BLOCKED_BANK_ACCOUNT")));
  }

  @Test
  void entriesReachCaseWorkersAndAdminsWhileAnalystsSeeCounts() {
    String nino = nino();
    add("ninos", nino.toLowerCase(), "analyst", "analyst").statusCode(201);

    for (String role : List.of("case-worker", "admin")) {
      given()
          .auth()
          .oauth2(token(role, role))
          .get("/api/v1/blocklists/ninos?limit=1000&reason=case-42")
          .then()
          .statusCode(200)
          .body("count", greaterThanOrEqualTo(1))
          .body("entries.value", hasItem(nino))
          .body(
              "entries.find { it.value == '" + nino + "' }.reason",
              equalTo("Mule account seen in case 42"))
          .body("entries.find { it.value == '" + nino + "' }.added_by", equalTo("analyst"));
    }
    String forAnalysts =
        given()
            .auth()
            .oauth2(token("analyst", "analyst"))
            .get("/api/v1/blocklists/ninos")
            .then()
            .statusCode(200)
            .body("count", greaterThanOrEqualTo(1))
            .body("entries", nullValue())
            .extract()
            .asString();
    assertThat(forAnalysts).doesNotContain(nino);
    given()
        .auth()
        .oauth2(token("analyst", "analyst"))
        .get("/api/v1/blocklists")
        .then()
        .statusCode(200)
        .body("lists.list", equalTo(List.of("bank-accounts", "ninos", "devices")))
        .body("lists.find { it.list == 'ninos' }.count", greaterThanOrEqualTo(1));
  }

  @Test
  void readingEntriesNeedsAReasonAndIsAuditedBeforeTheAnswerWithoutTheValues() {
    String nino = nino();
    add("ninos", nino, "analyst", "analyst").statusCode(201);
    String reader = "cw-list-" + UUID.randomUUID().toString().substring(0, 8);

    given()
        .auth()
        .oauth2(token(reader, "case-worker"))
        .get("/api/v1/blocklists/ninos")
        .then()
        .statusCode(400)
        .body("error.code", equalTo("invalid-block-list-request"))
        .body(
            "error.message",
            equalTo(
                "Block list ninos: field reason is required: 1 to 100 letters, digits, spaces or"
                    + " . _ : / # - (e.g. a case reference)"));
    // The reason is kept in clear, so one holding a NINO is refused, and not echoed.
    String refusal =
        given()
            .auth()
            .oauth2(token(reader, "case-worker"))
            .queryParam("reason", "checking " + nino.toLowerCase())
            .get("/api/v1/blocklists/ninos")
            .then()
            .statusCode(400)
            .body(
                "error.message",
                startsWith(
                    "Block list ninos: field reason must not contain a National Insurance number"))
            .extract()
            .asString();
    assertThat(refusal).doesNotContain(nino.substring(2, 8));
    given()
        .auth()
        .oauth2(token(reader, "case-worker"))
        .get("/api/v1/blocklists/ninos?offset=0&limit=1000&reason=case-4711")
        .then()
        .statusCode(200)
        .body("entries.value", hasItem(nino));
    // Analysts get the count alone, which names no one: no reason, nothing to audit.
    given()
        .auth()
        .oauth2(token("analyst-" + reader, "analyst"))
        .get("/api/v1/blocklists/ninos")
        .then()
        .statusCode(200)
        .body("entries", nullValue());

    String audit =
        given()
            .auth()
            .oauth2(token("admin", "admin"))
            .get("/api/v1/audit?limit=1000")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    List<Map<String, Object>> reads =
        JsonPath.from(audit).getList("entries.findAll { it.principal == '" + reader + "' }");
    // Only the answered read: the refused ones were not audited, and not answered either.
    assertThat(reads).hasSize(1);
    assertThat(reads.get(0))
        .containsEntry("action", "blocklist.list")
        .containsEntry("subject", "blocklist:ninos")
        .containsEntry("reason", "case-4711")
        .doesNotContainKey("fingerprint");
    assertThat((String) reads.get(0).get("detail")).startsWith("offset 0, limit 1000, ");
    assertThat(reads.get(0).toString()).doesNotContain(nino.substring(2, 8));
    assertThat(
            JsonPath.from(audit)
                .getList("entries.findAll { it.principal == 'analyst-" + reader + "' }"))
        .isEmpty();
  }

  @Test
  void caseWorkersSeeWhoUnblockedAValueWhenAndWhyNewestFirstAndTheReadIsAudited() {
    String nino = nino();
    add("ninos", nino, "analyst", "analyst").statusCode(201);
    removal(
            "ninos",
            "{\"value\": \"" + nino + "\", \"reason\": \"Identity confirmed in case 4711\"}",
            "admin")
        .statusCode(204);
    add("devices", "device-" + UUID.randomUUID(), "analyst", "analyst").statusCode(201);
    String reader = "cw-changes-" + UUID.randomUUID().toString().substring(0, 8);

    given()
        .auth()
        .oauth2(token(reader, "case-worker"))
        .get("/api/v1/blocklists/ninos/changes")
        .then()
        .statusCode(400)
        .body("error.code", equalTo("invalid-block-list-request"))
        .body("error.message", startsWith("Block list ninos: field reason is required"));
    given()
        .auth()
        .oauth2(token(reader, "case-worker"))
        .get("/api/v1/blocklists/ninos/changes?reason=case-4711&limit=0")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo("Block list ninos: field limit must be a whole number from 1 to 1000"));
    // The newest change first: this test's removal, then its addition, whatever others did before.
    JsonPath page =
        given()
            .auth()
            .oauth2(token(reader, "case-worker"))
            .get("/api/v1/blocklists/ninos/changes?reason=case-4711&limit=1000")
            .then()
            .statusCode(200)
            .body("list", equalTo("ninos"))
            .body("total", greaterThanOrEqualTo(2))
            .body("offset", equalTo(0))
            .body("limit", equalTo(1000))
            .extract()
            .jsonPath();
    List<Map<String, Object>> mine = page.getList("changes.findAll { it.value == '" + nino + "' }");
    assertThat(mine).hasSize(2);
    assertThat(mine.get(0))
        .containsEntry("op", "remove")
        .containsEntry("reason", "Identity confirmed in case 4711")
        .containsEntry("by", "admin");
    assertThat(mine.get(1))
        .containsEntry("op", "add")
        .containsEntry("reason", "Mule account seen in case 42")
        .containsEntry("by", "analyst");
    assertThat(java.time.Instant.parse((String) mine.get(0).get("at")))
        .isAfterOrEqualTo(java.time.Instant.parse((String) mine.get(1).get("at")));
    // A device's change is on its own list's page, not on this one.
    assertThat(page.getList("changes.value", String.class)).allMatch(v -> !v.startsWith("device-"));

    // Analysts make changes but read no one's: the changes are personal data.
    given()
        .auth()
        .oauth2(token("analyst", "analyst"))
        .get("/api/v1/blocklists/ninos/changes?reason=case-4711")
        .then()
        .statusCode(403);

    List<AuditEntry> reads =
        administration.audit().recent(AuditLog.RECENT).stream()
            .filter(entry -> entry.principal().equals(reader))
            .toList();
    // Only the answered read is audited, with its reason and page but never a value.
    assertThat(reads).hasSize(1);
    assertThat(reads.get(0).action()).isEqualTo("blocklist.changes");
    assertThat(reads.get(0).subject()).isEqualTo("blocklist:ninos");
    assertThat(reads.get(0).reason()).isEqualTo("case-4711");
    assertThat(reads.get(0).detail()).startsWith("offset 0, limit 1000, returned ");
    assertThat(reads.get(0).toString()).doesNotContain(nino, "Identity confirmed");
  }

  @Test
  void anInvalidValueIsRefusedByTheListsFormatWithoutEchoingIt() {
    add("ninos", "QQ999999Z", "analyst", "analyst")
        .statusCode(400)
        .body("error.code", equalTo("invalid-block-list-entry"))
        .body(
            "error.message",
            containsString(
                "Block list ninos: field value must be a National Insurance number matching "
                    + Nino.FORMAT))
        .body("error.message", not(containsString("QQ999999Z")));
    add("bank-accounts", "40-00-00 9876", "analyst", "analyst")
        .statusCode(400)
        .body("error.message", containsString("6-digit sort code and an 8-digit account number"))
        .body("error.message", not(containsString("9876")));
    remove("devices", "bad device id", "admin")
        .statusCode(400)
        .body(
            "error.message",
            containsString("Block list devices: field value must be a device id matching"))
        .body("error.message", not(containsString("bad device")));
    given()
        .auth()
        .oauth2(token("analyst", "analyst"))
        .contentType(ContentType.JSON)
        .body("{\"value\": \"" + nino() + "\"}")
        .post("/api/v1/blocklists/ninos")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Block list ninos: field reason is required"));
    given()
        .auth()
        .oauth2(token("analyst", "analyst"))
        .get("/api/v1/blocklists/postcodes")
        .then()
        .statusCode(404)
        .body("error.code", equalTo("no-such-block-list"));
    given()
        .auth()
        .oauth2(token("admin", "admin"))
        .get("/api/v1/blocklists/ninos?limit=5000")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo("Block list ninos: field limit must be a whole number from 1 to 1000"));
  }

  @Test
  void theAuditLogNamesWhoChangedWhichListButNeverTheValue() {
    String account = accountNumber();
    String nino = nino();
    String device = "device-" + UUID.randomUUID();
    add("bank-accounts", "40-00-00 " + account, "analyst", "analyst").statusCode(201);
    add("ninos", nino, "admin", "admin").statusCode(201);
    add("devices", device, "analyst", "analyst").statusCode(201);
    remove("ninos", nino, "analyst").statusCode(204);

    List<AuditEntry> entries = administration.audit().recent(4);
    assertThat(entries)
        .extracting(AuditEntry::principal, AuditEntry::action, AuditEntry::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("analyst", "blocklist.remove", "blocklist:ninos"),
            org.assertj.core.groups.Tuple.tuple("analyst", "blocklist.add", "blocklist:devices"),
            org.assertj.core.groups.Tuple.tuple("admin", "blocklist.add", "blocklist:ninos"),
            org.assertj.core.groups.Tuple.tuple(
                "analyst", "blocklist.add", "blocklist:bank-accounts"));
    assertThat(entries)
        .allSatisfy(
            entry -> {
              assertThat(entry.fingerprint()).matches("[0-9a-f]{64}");
              assertThat(entry.toString())
                  .doesNotContain(account, nino, device, "Mule account", "Cleared", "case 42");
            });
    // Adding and removing one value name it the same way, so the two can be matched up.
    assertThat(entries.get(0).fingerprint()).isEqualTo(entries.get(2).fingerprint());
  }

  @Test
  void aRemovalsReasonIsKeptWithWhoAndWhenLikeAnAdditions() throws IOException {
    String nino = nino();
    add("ninos", nino, "analyst", "analyst").statusCode(201);

    removal(
            "ninos",
            "{\"value\": \"" + nino + "\", \"reason\": \"Identity confirmed in case 4711\"}",
            "admin")
        .statusCode(204);

    // The audit log names who and when but never the reason, which may quote personal data; the
    // change file, which holds the values anyway, keeps it, as it keeps an addition's.
    List<String> changes =
        Files.readAllLines(
                config
                    .dataDir()
                    .resolve("decisions")
                    .resolve("blocklists")
                    .resolve(BlockListStore.FILE_NAME))
            .stream()
            .filter(line -> line.contains(nino))
            .toList();
    assertThat(changes).hasSize(2);
    assertThat(JsonPath.from(changes.get(1)).getMap("$"))
        .containsEntry("op", "remove")
        .containsEntry("by", "admin")
        .containsEntry("reason", "Identity confirmed in case 4711")
        .containsKey("at");
    AuditEntry removal = administration.audit().recent(1).get(0);
    assertThat(removal.action()).isEqualTo("blocklist.remove");
    assertThat(removal.principal()).isEqualTo("admin");
    assertThat(removal.toString()).doesNotContain(nino, "Identity confirmed");
  }

  @Test
  void aRemovalIsRefusedAsAnAdditionIsWithoutEchoingTheValueAndRemovesNothing() {
    String nino = nino();
    add("ninos", nino, "analyst", "analyst").statusCode(201);

    removal("ninos", "{\"value\": \"" + nino + "\"}", "analyst")
        .statusCode(400)
        .body("error.code", equalTo("invalid-block-list-request"))
        .body("error.message", equalTo("Block list ninos: field reason is required"));
    removal("ninos", "{\"value\": \"" + nino + "\", \"reason\": \" \"}", "analyst")
        .statusCode(400)
        .body("error.message", equalTo("Block list ninos: field reason must not be blank"));
    removal(
            "ninos",
            "{\"value\": \"" + nino + "\", \"reason\": \"" + "x".repeat(501) + "\"}",
            "analyst")
        .statusCode(400)
        .body(
            "error.message",
            equalTo("Block list ninos: field reason must be at most 500 characters"));
    removal("ninos", "{\"reason\": \"Cleared\"}", "analyst")
        .statusCode(400)
        .body("error.message", equalTo("Block list ninos: field value is required"));
    removal("ninos", "{\"value\": 42, \"reason\": \"Cleared\"}", "analyst")
        .statusCode(400)
        .body("error.message", equalTo("Block list ninos: field value must be text"));
    removal("ninos", "[\"" + nino + "\"]", "analyst")
        .statusCode(400)
        .body("error.message", not(containsString(nino)));
    // A value put where a field name goes must not come back in the answer either.
    removal("ninos", "{\"" + nino + "\": \"x\", \"reason\": \"Cleared\"}", "analyst")
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Block list ninos: the body has an unknown field; known fields are [reason,"
                    + " value]"));
    remove("postcodes", nino, "analyst")
        .statusCode(404)
        .body("error.code", equalTo("no-such-block-list"));

    // Every refusal left the entry where it was.
    remove("ninos", nino, "analyst").statusCode(204);
    remove("ninos", nino, "analyst")
        .statusCode(404)
        .body("error.code", equalTo("no-such-block-list-entry"))
        .body("error.message", equalTo("Block list ninos has no such entry"));
  }

  @Test
  void theOldDeleteByPathNoLongerRemovesAnything() {
    String nino = nino();
    add("ninos", nino, "analyst", "analyst").statusCode(201);

    String answer =
        given()
            .auth()
            .oauth2(token("admin", "admin"))
            .delete("/api/v1/blocklists/ninos/" + nino)
            .then()
            .extract()
            .asString();

    assertThat(answer).doesNotContain(nino);
    assertThat(administration.audit().recent(1))
        .extracting(AuditEntry::action)
        .containsExactly("blocklist.add");
    given()
        .auth()
        .oauth2(token("admin", "admin"))
        .get("/api/v1/blocklists/ninos?limit=1000&reason=case-42")
        .then()
        .statusCode(200)
        .body("entries.value", hasItem(nino));
  }
}
