package io.insightmesh.decisions.api;

import static io.insightmesh.decisions.api.AssessmentResourceTest.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.decisions.assess.ClaimParserTest;
import io.insightmesh.decisions.service.EngineConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The case workers' APIs over real HTTP, on top of real assessments: who may call what, how bad
 * parameters are refused, search with linked claimants, outcomes feeding the statistics, and an
 * audit trail that never holds a searched value.
 */
@QuarkusTest
class CaseWorkResourceTest {
  private static final String CASE_WORKER = token("cw-1", "case-worker");
  private static final String ADMIN = token("admin", "admin");

  @Inject EngineConfig config;

  private static RequestSpecification as(String token) {
    return given().auth().oauth2(token);
  }

  private static String account() {
    return String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  private static String nino() {
    return "AB" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000)) + "C";
  }

  /** Assesses a claim and returns its claim id. */
  private static String assess(ObjectNode claim) {
    claim.put("claim_id", UUID.randomUUID().toString());
    given()
        .auth()
        .oauth2(token("claims-team", "domain-owner:claims"))
        .contentType(ContentType.JSON)
        .body(claim.toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(200);
    return claim.get("claim_id").asText();
  }

  private static ObjectNode claim(String claimant, String account) {
    ObjectNode claim = ClaimParserTest.validClaim();
    claim.put("claimant_id", claimant);
    claim.put("bank_account_number", account);
    claim.put("nino", nino());
    claim.put("postcode", postcode());
    return claim;
  }

  /** A random postcode, so claims of different tests do not link by address. */
  private static String postcode() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String letters = "ABDEFGHJLNPQRSTUWXYZ";
    return ""
        + letters.charAt(random.nextInt(letters.length()))
        + letters.charAt(random.nextInt(letters.length()))
        + random.nextInt(1, 10)
        + letters.charAt(random.nextInt(letters.length()))
        + " "
        + random.nextInt(10)
        + letters.charAt(random.nextInt(letters.length()))
        + letters.charAt(random.nextInt(letters.length()));
  }

  @Test
  void everyEndpointNeedsATokenAndItsRoles() {
    String claimId = assess(claim("R-" + UUID.randomUUID(), account()));
    String outcome = "{\"outcome\":\"LEGITIMATE\",\"reason\":\"checked\"}";
    String[] everyRole = {
      "case-worker", "admin", "analyst", "pii-analyst", "scoring-engine", "domain-owner:claims"
    };
    Map<String, List<String>> allowed =
        Map.of(
            "search", List.of("case-worker", "admin"),
            "outcome", List.of("case-worker", "admin"),
            "stats", List.of("case-worker", "analyst", "admin"),
            "audit", List.of("admin"));
    for (String endpoint : allowed.keySet()) {
      assertThat(call(endpoint, null, claimId, outcome))
          .as(endpoint + " without a token")
          .isEqualTo(401);
      assertThat(call(endpoint, "not-a-token", claimId, outcome))
          .as(endpoint + " bad token")
          .isEqualTo(401);
      for (String role : everyRole) {
        int status = call(endpoint, token("p-" + role, role), claimId, outcome);
        if (allowed.get(endpoint).contains(role)) {
          assertThat(status).as(endpoint + " as " + role).isNotIn(401, 403);
        } else {
          assertThat(status).as(endpoint + " as " + role).isEqualTo(403);
        }
      }
    }
  }

  private static int call(String endpoint, String token, String claimId, String outcome) {
    RequestSpecification request = token == null ? given() : as(token);
    switch (endpoint) {
      case "search":
        return request.get("/api/v1/search?claim_id=" + claimId + "&reason=roles").statusCode();
      case "outcome":
        return request
            .contentType(ContentType.JSON)
            .body(outcome.replace("}", ",\"supersedes\":true}"))
            .post("/api/v1/cases/" + claimId + "/outcome")
            .statusCode();
      case "stats":
        return request.get("/api/v1/cases/stats").statusCode();
      case "audit":
        return request.get("/api/v1/audit?limit=5").statusCode();
      default:
        throw new IllegalArgumentException(endpoint);
    }
  }

  @Test
  void malformedParametersAreRefusedByNameWithoutEchoingTheValue() {
    as(CASE_WORKER)
        .get("/api/v1/search?nino=QQ1234&reason=case-1")
        .then()
        .statusCode(400)
        .body("error.code", equalTo("invalid-search"))
        .body("error.parameter", equalTo("nino"))
        .body("error.message", startsWith("Invalid search: nino must be"))
        .body("error.message", not(containsString("QQ1234")));
    as(CASE_WORKER)
        .get("/api/v1/search?bank_account=112233&reason=case-1")
        .then()
        .statusCode(400)
        .body("error.parameter", equalTo("bank_account"));
    as(CASE_WORKER)
        .queryParam("postcode", "SW1A 1AA")
        .get("/api/v1/search")
        .then()
        .statusCode(400)
        .body("error.parameter", equalTo("reason"));
    as(CASE_WORKER)
        .queryParam("postcode", "SW1A 1AA")
        .queryParam("reason", "case-1")
        .queryParam("limit", "500")
        .get("/api/v1/search")
        .then()
        .statusCode(400)
        .body("error.parameter", equalTo("limit"));
    as(CASE_WORKER)
        .get("/api/v1/search?reason=case-1")
        .then()
        .statusCode(400)
        .body("error.message", containsString("exactly one is required"));
    as(ADMIN)
        .get("/api/v1/audit?limit=0")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid request: limit must be an integer from 1 to 1000"));
  }

  @Test
  void aSearchWhoseReasonQuotesTheSearchedValueIsRefusedAndNotAudited() {
    String nino = nino();
    String worker = "cw-quote-" + UUID.randomUUID().toString().substring(0, 8);
    // As a case worker might paste it: another case and spacing than the criterion's.
    String quoted =
        nino.substring(0, 2).toLowerCase() + " " + nino.substring(2, 8) + " " + nino.substring(8);

    String refusal =
        as(token(worker, "case-worker"))
            .queryParam("nino", nino)
            .queryParam("reason", "case " + quoted)
            .get("/api/v1/search")
            .then()
            .statusCode(400)
            .body("error.code", equalTo("invalid-search"))
            .body("error.parameter", equalTo("reason"))
            .body(
                "error.message",
                startsWith("Invalid search: reason must not contain the searched value"))
            .extract()
            .asString();
    assertThat(refusal).doesNotContain(nino.substring(2, 8));

    String audit =
        as(ADMIN).get("/api/v1/audit?limit=1000").then().statusCode(200).extract().asString();
    assertThat(JsonPath.from(audit).getList("entries.findAll { it.principal == '" + worker + "' }"))
        .isEmpty();
  }

  @Test
  void aSearchShowsClaimsDecisionsAndTheClaimantsLinkedToThem() {
    String shared = account();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String ring1 = "ring1-" + run;
    String ring2 = "ring2-" + run;
    String ring3 = "ring3-" + run;
    String device = "dev-" + run;
    String first = assess(claim(ring1, shared).put("device_id", device));
    assess(claim(ring2, shared));
    assess(claim(ring2, shared));
    assess(claim(ring3, shared));
    // Tied with ring3 on one shared claim: claimant ids break the tie.
    assess(claim("solo-" + run, account()).put("device_id", device));

    JsonPath found =
        as(CASE_WORKER)
            .get("/api/v1/search?bank_account=11-22-33-" + shared + "&reason=case-1234")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(found.getString("criterion")).isEqualTo("bank_account");
    assertThat(found.getList("results.claim.claimant_id"))
        .containsExactly(ring1, ring2, ring2, ring3);
    assertThat(found.getString("results[0].claim.claim_id")).isEqualTo(first);
    assertThat(found.getString("results[0].claim.bank_account_number")).isEqualTo(shared);
    assertThat(found.getString("results[0].decision.decision")).isEqualTo("FLAG");
    assertThat(found.getString("results[0].decision.ruleset_version")).isEqualTo("2026.11.1");
    assertThat(found.getList("results[0].decision.reasons.rule_id")).isNotEmpty();
    assertThat(found.getString("results[0].decision.decided_at")).isNotBlank();
    assertThat(found.getList("claimants.claimant_id")).containsExactly(ring1, ring2, ring3);
    assertThat(found.getList("claimants[0].links"))
        .containsExactly(
            Map.of("claimant_id", ring2, "via", "bank_account", "shared_claims", 2),
            Map.of("claimant_id", ring3, "via", "bank_account", "shared_claims", 1),
            Map.of("claimant_id", "solo-" + run, "via", "device", "shared_claims", 1));
    assertThat(found.getString("next_cursor")).isNull();

    // Paged, and a name with a typo finds the claim too.
    JsonPath page =
        as(CASE_WORKER)
            .get("/api/v1/search?bank_account=112233-" + shared + "&reason=case-1234&limit=3")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page.getList("results")).hasSize(3);
    as(CASE_WORKER)
        .get(
            "/api/v1/search?bank_account=112233-"
                + shared
                + "&reason=case-1234&limit=3&cursor="
                + page.getString("next_cursor"))
        .then()
        .statusCode(200)
        .body("results.claim.claimant_id", equalTo(List.of(ring3)));
    as(CASE_WORKER)
        .queryParam("name", "ADA LOVLACE")
        .queryParam("reason", "case-1234")
        .queryParam("limit", "1")
        .get("/api/v1/search")
        .then()
        .statusCode(200)
        .body("results[0].claim.name", equalTo("Ada Lovelace"))
        .body("results[0].similarity", not(equalTo(null)));
  }

  @Test
  void outcomesAreRecordedOnceAndFeedTheStatistics() {
    String claimId = assess(claim("out-" + UUID.randomUUID(), account()));
    String path = "/api/v1/cases/" + claimId + "/outcome";

    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"CONFIRMED_FRAUD\",\"reason\":\"the account belongs to a mule\"}")
        .post(path)
        .then()
        .statusCode(201)
        .body("claim_id", equalTo(claimId))
        .body("outcome", equalTo("CONFIRMED_FRAUD"))
        .body("recorded_by", equalTo("cw-1"));
    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"LEGITIMATE\",\"reason\":\"second opinion\"}")
        .post(path)
        .then()
        .statusCode(409)
        .body("error.code", equalTo("outcome-exists"))
        .body("error.message", containsString("already has outcome CONFIRMED_FRAUD"))
        .body("error.existing.outcome", equalTo("CONFIRMED_FRAUD"));
    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":")
        .post(path)
        .then()
        .statusCode(400)
        .body("error.code", equalTo("invalid-json"));
    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"MAYBE\",\"reason\":\"unsure\"}")
        .post(path)
        .then()
        .statusCode(400)
        .body("error.message", containsString("field outcome is required, one of"));
    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"LEGITIMATE\",\"reasn\":\"unsure\"}")
        .post(path)
        .then()
        .statusCode(400)
        .body("error.message", containsString("field reasn (did you mean reason?) is not a field"));
    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"LEGITIMATE\",\"reason\":\"unsure\",\"JaneSmith\":1}")
        .post(path)
        .then()
        .statusCode(400)
        .body("error.message", containsString("a field is not a field of an outcome"))
        .body("error.message", not(containsString("JaneSmith")));
    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"LEGITIMATE\",\"reason\":\"" + "r".repeat(501) + "\"}")
        .post(path)
        .then()
        .statusCode(400)
        .body("error.message", containsString("field reason is required"));
    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"LEGITIMATE\",\"reason\":\"checked\"}")
        .post("/api/v1/cases/" + UUID.randomUUID() + "/outcome")
        .then()
        .statusCode(404)
        .body("error.code", equalTo("no-such-claim"));
    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"LEGITIMATE\",\"reason\":\"checked\"}")
        .post("/api/v1/cases/not-a-claim/outcome")
        .then()
        .statusCode(400)
        .body("error.message", containsString("claim_id must be a lower-case UUID"));

    JsonPath stats =
        as(token("an", "analyst"))
            .get("/api/v1/cases/stats")
            .then()
            .statusCode(200)
            .body("decisions.total", greaterThanOrEqualTo(1))
            .body("outcomes.CONFIRMED_FRAUD", greaterThanOrEqualTo(1))
            .body("rules.rule_id", hasItem("engine.profile-missing"))
            .extract()
            .jsonPath();
    // Without a profiles release every claim is FLAGged for the missing profile.
    assertThat(stats.getDouble("rates.flag")).isEqualTo(1.0);
    Map<String, Object> missing =
        stats.getMap("rules.find { it.rule_id == 'engine.profile-missing' }");
    assertThat(((Number) missing.get("outcomes_known")).longValue()).isGreaterThanOrEqualTo(1);
    assertThat(((Number) missing.get("confirmed_fraud")).longValue()).isGreaterThanOrEqualTo(1);
    assertThat(missing.get("precision")).isNotNull();

    as(CASE_WORKER)
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"LEGITIMATE\",\"reason\":\"bank confirmed\",\"supersedes\":true}")
        .post(path)
        .then()
        .statusCode(201)
        .body("supersedes", equalTo(true));

    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("mesh_engine_rule_precision{rule=\"engine.profile-missing\"}"))
        .body(containsString("mesh_engine_decisions_rate{decision=\"FLAG\"}"));
  }

  @Test
  void searchesAndOutcomesAreAuditedWithoutTheSearchedValue() throws Exception {
    String nino = nino();
    ObjectNode claim = claim("aud-" + UUID.randomUUID(), account());
    claim.put("nino", nino);
    String claimId = assess(claim);
    String auditor = "cw-audit-" + UUID.randomUUID().toString().substring(0, 8);

    as(token(auditor, "case-worker"))
        .get("/api/v1/search?nino=" + nino.toLowerCase() + "&reason=case-77")
        .then()
        .statusCode(200)
        .body("results[0].claim.claim_id", equalTo(claimId));
    as(token(auditor, "case-worker"))
        .contentType(ContentType.JSON)
        .body("{\"outcome\":\"LEGITIMATE\",\"reason\":\"spoke to the claimant " + nino + "\"}")
        .post("/api/v1/cases/" + claimId + "/outcome")
        .then()
        .statusCode(201);

    String audit =
        as(ADMIN).get("/api/v1/audit?limit=1000").then().statusCode(200).extract().asString();
    JsonPath entries = JsonPath.from(audit);
    List<Map<String, Object>> mine =
        entries.getList("entries.findAll { it.principal == '" + auditor + "' }");
    assertThat(mine).hasSize(2);
    // Newest first: the outcome, then the search.
    assertThat(mine.get(0))
        .containsEntry("action", "outcome")
        .containsEntry("subject", claimId)
        .containsEntry("detail", "LEGITIMATE");
    assertThat(mine.get(1))
        .containsEntry("action", "search")
        .containsEntry("subject", "nino")
        .containsEntry("reason", "case-77");
    assertThat((String) mine.get(1).get("fingerprint")).hasSize(64);
    assertThat(mine.get(1).get("at")).isNotNull();
    assertThat(audit).doesNotContain(nino).doesNotContain(nino.toLowerCase());

    String file = Files.readString(config.dataDir().resolve("decisions/audit/audit.jsonl"));
    assertThat(file).contains(auditor).doesNotContain(nino).doesNotContain("spoke to the claimant");
    assertThat(Path.of(config.dataDir().resolve("decisions/outcomes/outcomes.jsonl").toString()))
        .exists();
  }
}
