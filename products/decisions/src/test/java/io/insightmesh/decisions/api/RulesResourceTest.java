package io.insightmesh.decisions.api;

import static io.insightmesh.decisions.api.AssessmentResourceTest.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.decisions.assess.ClaimParserTest;
import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.rules.RulesetVersion;
import io.insightmesh.decisions.service.Administration;
import io.insightmesh.decisions.service.Engine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The rules API over real HTTP, with the real engine, store and audit log: analysts read the rules
 * and the variables, a change that compiles is durable and in force for the next claim, and a
 * change that does not is refused with the compiler's words and changes nothing.
 */
@QuarkusTest
@TestProfile(AdministrationTestProfile.class)
class RulesResourceTest {
  @Inject Engine engine;
  @Inject Administration administration;

  private static String analyst() {
    return token("analyst", "analyst");
  }

  private String current() {
    return engine.assessments().rules().ruleset().version().toString();
  }

  private String nextVersion() {
    RulesetVersion version = RulesetVersion.parse(current());
    return new RulesetVersion(version.year(), version.month(), version.revision() + 1).toString();
  }

  private static String rule(String id, String action, String expression) {
    return "{\"id\": \""
        + id
        + "\", \"code\": \""
        + id.toUpperCase().replace('-', '_')
        + "\", \"action\": \""
        + action
        + "\", \"weight\": 0.4, \"text\": \"Rule "
        + id
        + " fired.\", \"expression\": \""
        + expression
        + "\"}";
  }

  private static ValidatableResponse postChange(String body) {
    return given()
        .auth()
        .oauth2(analyst())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/rules/changes")
        .then();
  }

  private static ValidatableResponse assess(ObjectNode claim) {
    return given()
        .auth()
        .oauth2(token("claims-team", "domain-owner:claims"))
        .contentType(ContentType.JSON)
        .body(claim.toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(200);
  }

  private static ObjectNode claim(double amount) {
    ObjectNode claim = ClaimParserTest.validClaim();
    claim.put("claim_id", UUID.randomUUID().toString());
    claim.put("amount_claimed", amount);
    return claim;
  }

  @Test
  void analystsReadTheRulesInForceAndTheVariablesTheyCanUse() {
    given()
        .auth()
        .oauth2(analyst())
        .get("/api/v1/rules")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("version", equalTo(current()))
        .body(
            "flag_threshold",
            equalTo((float) engine.assessments().rules().ruleset().ruleset().flagThreshold()))
        .body(
            "rules.find { it.id == 'blocked-bank-account' }.expression",
            equalTo("blocked.bank_account"))
        .body("rules.find { it.id == 'over-cap' }.action", equalTo("REJECT"))
        .body("rules.find { it.id == 'over-cap' }.code", equalTo("OVER_CAP"))
        .body("rules.find { it.id == 'over-cap' }.description", containsString("SEISS above 7,500"))
        .body("variables.find { it.name == 'claim.amount_claimed' }.type", equalTo("double"))
        .body("variables.find { it.name == 'velocity.device_60m' }.type", equalTo("int"))
        .body(
            "variables.find { it.name == 'profile.claims_per_scheme' }.type",
            equalTo("map(string, int)"))
        .body("variables.find { it.name == 'has_profile' }.description", not(equalTo(null)));
  }

  @Test
  void caseWorkersReadTheRulesWithoutTheAnalystsNotes() {
    // The rules guide: descriptions are "notes for analysts; never shown to case workers".
    given()
        .auth()
        .oauth2(token("case-worker", "case-worker"))
        .get("/api/v1/rules")
        .then()
        .statusCode(200)
        .body("version", equalTo(current()))
        .body("rules.find { it.id == 'over-cap' }.text", containsString("above the most"))
        .body(
            "rules.find { it.id == 'over-cap' }.expression",
            equalTo("claim.has_cap && claim.amount_claimed > claim.cap"))
        .body("rules.findAll { it.containsKey('description') }", empty())
        .body("variables.find { it.name == 'has_profile' }.description", not(equalTo(null)));
    String yaml =
        given()
            .auth()
            .oauth2(token("case-worker", "case-worker"))
            .accept("application/yaml")
            .get("/api/v1/rules")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(yaml)
        .contains("id: \"over-cap\"")
        .doesNotContain("description", "SEISS above 7,500");

    given()
        .auth()
        .oauth2(token("admin", "admin"))
        .get("/api/v1/rules")
        .then()
        .statusCode(200)
        .body(
            "rules.find { it.id == 'over-cap' }.description", containsString("SEISS above 7,500"));
  }

  @Test
  void theRulesetAsYamlReadsBackAsTheRulesetInForce() {
    String yaml =
        given()
            .auth()
            .oauth2(analyst())
            .accept("application/yaml")
            .get("/api/v1/rules")
            .then()
            .statusCode(200)
            .contentType("application/yaml")
            .extract()
            .asString();

    assertThat(RulesetLoader.parse(yaml, "GET /api/v1/rules"))
        .isEqualTo(engine.assessments().rules().ruleset().ruleset());
  }

  @Test
  void aRuleThatDoesNotCompileIsRefusedWithTheCompilersMessage() {
    String before = current();
    postChange(
            "{\"version\": \""
                + nextVersion()
                + "\", \"upserts\": ["
                + rule("typo-rule", "FLAG", "claim.amount_claimd > 1")
                + "]}")
        .statusCode(422)
        .body("error.code", equalTo("rule-does-not-compile"))
        .body("error.rule_id", equalTo("typo-rule"))
        .body(
            "error.message",
            containsString("Rule typo-rule: field expression does not compile: ERROR: <input>:1:1"))
        .body("error.compiler_message", containsString("undeclared reference to 'claim'"));

    assertThat(current()).isEqualTo(before);
    assertThat(engine.rulesets().file(RulesetVersion.parse(nextVersion()))).doesNotExist();
  }

  @Test
  void aVersionNotAboveTheOneInForceIsAConflictNamingBoth() {
    String before = current();
    postChange("{\"version\": \"2026.1.1\", \"removals\": [\"ip-burst\"]}")
        .statusCode(409)
        .body("error.code", equalTo("stale-ruleset-version"))
        .body(
            "error.message",
            equalTo(
                "Ruleset version 2026.1.1 cannot replace "
                    + before
                    + ": a new ruleset's version must be greater than the current one's"));
    given()
        .auth()
        .oauth2(analyst())
        .contentType("application/yaml")
        .body(
            ("version: "
                    + before
                    + "\nflag_threshold: 0.5\nrules:\n  - "
                    + rule("only", "FLAG", "false"))
                .getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/rules")
        .then()
        .statusCode(409)
        .body(
            "error.message",
            containsString("Ruleset version " + before + " cannot replace " + before));

    assertThat(current()).isEqualTo(before);
  }

  @Test
  void anInvalidShapeIsRefusedNamingTheField() {
    String before = current();
    postChange(
            "{\"version\": \""
                + nextVersion()
                + "\", \"upserts\": ["
                + rule("heavy", "FLAG", "true").replace("0.4", "\"heavy\"")
                + "]}")
        .statusCode(400)
        .body("error.code", equalTo("invalid-ruleset"))
        .body(
            "error.message",
            equalTo(
                "Rule change in the request body: rule heavy (upserts[0]): field weight must be a"
                    + " number, was 'heavy'"));
    given()
        .auth()
        .oauth2(analyst())
        .contentType(ContentType.JSON)
        .body("{\"version\": \"" + nextVersion() + "\", \"rules\": []}")
        .put("/api/v1/rules")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo("Ruleset in the request body: field flag_threshold is required"));
    postChange("{\"version\": \"" + nextVersion() + "\", \"removals\": [\"no-such-rule\"]}")
        .statusCode(409)
        .body("error.code", equalTo("no-such-rule"))
        .body("error.message", containsString("Cannot remove rule no-such-rule"));

    assertThat(current()).isEqualTo(before);
  }

  /** An analyst tries a change first: the same checks and answer, and nothing changes. */
  @Test
  void aDryRunAnswersAsTheChangeWouldAndChangesNothing() {
    String inForce = current();
    String version = nextVersion();
    int audited = administration.audit().recent(1000).size();
    String change =
        "{\"version\": \""
            + version
            + "\", \"upserts\": ["
            + rule("dry-amount", "REJECT", "claim.amount_claimed == 4321.5")
            + "]}";

    given()
        .auth()
        .oauth2(analyst())
        .contentType(ContentType.JSON)
        .body(change)
        .post("/api/v1/rules/changes?dry-run=true")
        .then()
        .statusCode(200)
        .body("previous_version", equalTo(inForce))
        .body("version", equalTo(version))
        .body("added", equalTo(java.util.List.of("dry-amount")));
    given()
        .auth()
        .oauth2(analyst())
        .contentType(ContentType.JSON)
        .body(change.replace("== 4321.5", "=== 4321.5"))
        .post("/api/v1/rules/changes?dry-run=true")
        .then()
        .statusCode(422)
        .body("error.code", equalTo("rule-does-not-compile"));
    given()
        .auth()
        .oauth2(analyst())
        .contentType(ContentType.JSON)
        .body(change)
        .post("/api/v1/rules/changes?dry-run=yes")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid request: dry-run must be true or false"));

    assertThat(current()).isEqualTo(inForce);
    assertThat(engine.rulesets().latest().orElseThrow().version()).hasToString(inForce);
    assertThat(administration.audit().recent(1000)).hasSize(audited);
    assess(claim(4321.5)).body("ruleset_version", equalTo(inForce));
  }

  @Test
  void anAcceptedChangeIsDurableAuditedAndUsedByTheNextAssessment() {
    String previous = current();
    String version = nextVersion();
    postChange(
            "{\"version\": \""
                + version
                + "\", \"upserts\": ["
                + rule("test-amount", "REJECT", "claim.amount_claimed == 1234.56")
                + "]}")
        .statusCode(200)
        .body("previous_version", equalTo(previous))
        .body("version", equalTo(version))
        .body("added", equalTo(java.util.List.of("test-amount")));

    // Durable before the answer: the versioned file is in the data directory.
    assertThat(RulesetLoader.load(engine.rulesets().file(RulesetVersion.parse(version))))
        .isEqualTo(engine.assessments().rules().ruleset().ruleset());
    assertThat(engine.rulesets().latest().orElseThrow().version()).hasToString(version);

    assess(claim(1234.56))
        .body("ruleset_version", equalTo(version))
        .body("decision", equalTo("REJECT"))
        .body("reasons.code", hasItem("TEST_AMOUNT"))
        .body("reasons.find { it.code == 'TEST_AMOUNT' }.text", equalTo("Rule test-amount fired."));
    assess(claim(99.0))
        .body("ruleset_version", equalTo(version))
        .body("reasons.code", not(hasItem("TEST_AMOUNT")));

    AuditEntry audited = administration.audit().recent(1).get(0);
    assertThat(audited.principal()).isEqualTo("analyst");
    assertThat(audited.action()).isEqualTo("rules.change");
    assertThat(audited.detail())
        .isEqualTo(previous + " -> " + version + "; added [test-amount]; modified []; removed []");
  }

  @Test
  void everyRuleHasAPrecisionGaugeFromTheMomentItIsInForceWithoutAskingForStatistics() {
    // Nothing in this engine asks for GET /api/v1/cases/stats, which used to register the gauges
    // of rules that came later than the start, the engine's own reason among them.
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("mesh_engine_rule_precision{rule=\"engine.profile-missing\"}")
        .contains("mesh_engine_rule_precision{rule=\"over-cap\"}");

    String added = "gauged-" + UUID.randomUUID().toString().substring(0, 8);
    postChange(
            "{\"version\": \""
                + nextVersion()
                + "\", \"upserts\": ["
                + rule(added, "SCORE", "claim.amount_claimed == 4321.0")
                + "]}")
        .statusCode(200);

    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("mesh_engine_rule_precision{rule=\"" + added + "\"}"));
  }

  @Test
  void aWholeRulesetCanBePutAsYaml() {
    String version = nextVersion();
    String yaml =
        given()
            .auth()
            .oauth2(analyst())
            .accept("application/yaml")
            .get("/api/v1/rules")
            .then()
            .statusCode(200)
            .extract()
            .asString()
            .replace("version: \"" + current() + "\"", "version: \"" + version + "\"")
            .replace("flag_threshold: 0.5", "flag_threshold: 0.6");

    given()
        .auth()
        .oauth2(token("admin", "admin"))
        .contentType("application/yaml")
        .body(yaml.getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/rules")
        .then()
        .statusCode(200)
        .body("version", equalTo(version))
        .body("flag_threshold", equalTo(0.6f))
        .body("modified", equalTo(java.util.List.of()));

    assess(claim(99.0)).body("ruleset_version", equalTo(version));
    assertThat(administration.audit().recent(1).get(0).detail())
        .endsWith("flag_threshold 0.5 -> 0.6");
    assertThat(current()).isEqualTo(version);
  }
}
