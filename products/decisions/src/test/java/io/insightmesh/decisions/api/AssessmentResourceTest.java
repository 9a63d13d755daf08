package io.insightmesh.decisions.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.decisions.assess.ClaimParserTest;
import io.insightmesh.decisions.service.Engine;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The assessment API over real HTTP with the real rules and decision log (the catalog side —
 * profiles and the decisions table — is covered by the integration tests): every valid claim gets a
 * durable decision, an invalid one gets every broken rule and leaves nothing behind, and a
 * resubmission gets the first answer.
 */
@QuarkusTest
class AssessmentResourceTest {
  @Inject Engine engine;
  @Inject AssessmentRoute route;

  static String token(String principal, String... roles) {
    return Jwt.issuer("insight-mesh")
        .audience("insight-mesh")
        .subject(principal)
        .groups(Set.of(roles))
        .jws()
        .algorithm(SignatureAlgorithm.ES256)
        .sign();
  }

  /** A body posted for assessment as the claims team's intake would post it. */
  private static ValidatableResponse submit(String body) {
    return given()
        .auth()
        .oauth2(token("claims-team", "domain-owner:claims"))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/assessments")
        .then();
  }

  private static ObjectNode claim() {
    ObjectNode claim = ClaimParserTest.validClaim();
    claim.put("claim_id", UUID.randomUUID().toString());
    return claim;
  }

  @Test
  void aTokenLivingLongerThanTheCatalogsHourIsRefused() {
    // A service token, revoked at the catalog when its principal is disabled: the engine could not
    // tell.
    String longLived =
        Jwt.issuer("insight-mesh")
            .audience("insight-mesh")
            .subject("claims-team")
            .groups(Set.of("domain-owner:claims"))
            .expiresIn(Duration.ofDays(30))
            .jws()
            .algorithm(SignatureAlgorithm.ES256)
            .sign();
    long before = engine.log().durableSequence();
    given()
        .auth()
        .oauth2(longLived)
        .contentType(ContentType.JSON)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(401);
    assertThat(engine.log().durableSequence()).isEqualTo(before);
  }

  @Test
  void aValidClaimGetsADurableDecision() {
    ObjectNode claim = claim();
    long durableBefore = engine.log().durableSequence();

    submit(claim.toString())
        .statusCode(200)
        .body("claim_id", equalTo(claim.get("claim_id").asText()))
        // No profile release is loaded here: never silently accepted.
        .body("decision", equalTo("FLAG"))
        .body("reasons.code", hasItem("PROFILE_MISSING"))
        .body("ruleset_version", equalTo("2026.11.1"))
        // Named by the interface, so there even when no release was loaded.
        .body("$", hasKey("profile_release"))
        .body("profile_release", equalTo(null))
        .body("$", hasKey("profile_snapshot_id"))
        .body("decided_at", not(equalTo(null)))
        // As the batch's answers, which Jackson writes.
        .header("Content-Type", equalTo(jacksonContentType()));

    // The 200 came after the decision reached the log: it is there, whole, right now.
    assertThat(engine.log().durableSequence()).isGreaterThan(durableBefore);
    var logged = new ArrayList<String>();
    try (var reader = engine.log().reader(durableBefore + 1)) {
      for (var next = reader.next(); next.isPresent(); next = reader.next()) {
        // Avro's binary encoding keeps strings as UTF-8 bytes.
        logged.add(new String(next.get().payload(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    assertThat(logged).anyMatch(payload -> payload.contains(claim.get("claim_id").asText()));
  }

  private static String jacksonContentType() {
    return given()
        .auth()
        .oauth2(token("claims-team", "domain-owner:claims"))
        .contentType(ContentType.JSON)
        .body("[]")
        .post("/api/v1/assessments/batch")
        .then()
        .statusCode(200)
        .extract()
        .header("Content-Type");
  }

  @Test
  void aResubmittedClaimGetsItsFirstDecision() {
    ObjectNode claim = claim();
    String token = token("claims-team", "domain-owner:claims");
    String first =
        given()
            .auth()
            .oauth2(token)
            .contentType(ContentType.JSON)
            .body(claim.toString())
            .post("/api/v1/assessments")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    long durable = engine.log().durableSequence();

    claim.put("amount_claimed", 999999);
    String again =
        given()
            .auth()
            .oauth2(token)
            .contentType(ContentType.JSON)
            .body(claim.toString())
            .post("/api/v1/assessments")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(again).isEqualTo(first);
    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  @Test
  void anInvalidClaimNamesEveryBrokenRuleAndLogsNothing() {
    ObjectNode claim = claim();
    claim.put("nino", "XX000000X");
    claim.remove("bank_account_number");
    long durable = engine.log().durableSequence();

    submit(claim.toString())
        .statusCode(400)
        .body("error.code", equalTo("invalid-claim"))
        .body("error.fields.field", hasItem("nino"))
        .body("error.fields.field", hasItem("bank_account_number"))
        .body("error.message", not(containsString("XX000000X")));

    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  @Test
  void aClaimSubmittedTomorrowIsRefusedAndLogsNothing() {
    ObjectNode claim = claim();
    claim.put("submitted_at", Instant.now().plus(Duration.ofDays(1)).toString());
    long durable = engine.log().durableSequence();

    submit(claim.toString())
        .statusCode(400)
        .body("error.code", equalTo("invalid-claim"))
        .body("error.fields.field", equalTo(List.of("submitted_at")))
        .body("error.fields.rule", equalTo(List.of("not-ahead-of-clock")));

    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedWithoutEchoingIt() {
    long durable = engine.log().durableSequence();

    submit("{\"claim_id\": \"c-1\", \"nino\": XX000000X}")
        .statusCode(400)
        .body("error.code", equalTo("invalid-json"))
        .body("error.message", not(containsString("XX000000X")));

    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  @Test
  void aBodyThatSaysTwoThingsIsRefusedWholeAndLogsNothing() {
    long durable = engine.log().durableSequence();
    String first = claim().toString();
    String second = claim().toString();

    submit(first + second)
        .statusCode(400)
        .body("error.code", equalTo("invalid-json"))
        .body("error.message", containsString("there is more after its value"));
    submit(first.replaceFirst("\"nino\":\"AB123456C\"", "\"nino\":\"XX\",\"nino\":\"AB123456C\""))
        .statusCode(400)
        .body("error.code", equalTo("invalid-json"))
        .body("error.message", containsString("field 'nino' is given twice"))
        .body("error.message", not(containsString("AB123456C")));
    batch("[" + first + "] [" + second + "]")
        .statusCode(400)
        .body("error.code", equalTo("invalid-json"))
        .body("error.message", containsString("there is more after its value"));
    batch("[" + second.replaceFirst("\"scheme\":", "\"scheme\":\"BBL\",\"scheme\":") + "]")
        .statusCode(400)
        .body("error.code", equalTo("invalid-json"))
        .body("error.message", containsString("field 'scheme' is given twice"));
    batch("[{\"AB123456C\": 1, \"AB123456C\": 2}]")
        .statusCode(400)
        .body("error.code", equalTo("invalid-json"))
        .body("error.message", containsString("a field is given twice"))
        .body("error.message", not(containsString("AB123456C")));
    batch("[" + first.substring(0, 40))
        .statusCode(400)
        .body("error.code", equalTo("invalid-json"))
        .body("error.message", not(containsString("AB123456C")));

    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  @Test
  void bytesInNoUnicodeEncodingAreRefusedAsJson() {
    long durable = engine.log().durableSequence();
    byte[] body = {0, 0, '{', 0};
    for (String path : List.of("/api/v1/assessments", "/api/v1/assessments/batch")) {
      given()
          .auth()
          .oauth2(token("claims-team", "domain-owner:claims"))
          .contentType(ContentType.JSON)
          .body(body)
          .post(path)
          .then()
          .statusCode(400)
          .body("error.code", equalTo("invalid-json"));
    }
    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  @Test
  void aBatchRefusedClaimByClaimWhileClaimsAreHeld() {
    List<ObjectNode> claims = List.of(claim(), claim(), claim());
    claims.get(1).put("scheme", "HOLIDAY");
    long durable = engine.log().durableSequence();
    engine.assessments().hold(io.insightmesh.decisions.assess.ClaimsHeldException.logMismatch());
    try {
      batch(claims.toString())
          .statusCode(200)
          .body("results.status", equalTo(List.of(503, 400, 503)))
          .body("results[0].error.code", equalTo("log-mismatch"))
          .body("results[1].error.fields[0].field", equalTo("scheme"));
    } finally {
      engine.assessments().accept();
    }
    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  private static ValidatableResponse batch(String body) {
    return given()
        .auth()
        .oauth2(token("claims-team", "domain-owner:claims"))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/assessments/batch")
        .then();
  }

  @Test
  void aBatchAnswersEachClaimOnItsOwn() {
    List<ObjectNode> claims = List.of(claim(), claim(), claim());
    claims.get(1).put("scheme", "HOLIDAY");

    given()
        .auth()
        .oauth2(token("claims-team", "domain-owner:claims"))
        .contentType(ContentType.JSON)
        .body(claims.toString())
        .post("/api/v1/assessments/batch")
        .then()
        .statusCode(200)
        .body("results.status", equalTo(List.of(200, 400, 200)))
        .body("results[0].decision.claim_id", equalTo(claims.get(0).get("claim_id").asText()))
        .body("results[0].decision", hasKey("profile_release"))
        .body("results[1].error.fields[0].field", equalTo("scheme"));
  }

  @Test
  void withoutATokenOrTheRightRoleNothingIsAssessed() {
    long durable = engine.log().durableSequence();
    given()
        .contentType(ContentType.JSON)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(token("analyst", "analyst"))
        .contentType(ContentType.JSON)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2("not-a-token")
        .contentType(ContentType.JSON)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(401);
    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  @Test
  void aReusedTokenKeepsItsRoles() {
    // The second and later uses of a token are answered from the verified tokens, not SmallRye.
    String analyst = token("analyst", "analyst");
    String intake = token("claims-team", "domain-owner:claims");
    long durable = engine.log().durableSequence();
    for (int use = 0; use < 3; use++) {
      given()
          .auth()
          .oauth2(analyst)
          .contentType(ContentType.JSON)
          .body(claim().toString())
          .post("/api/v1/assessments")
          .then()
          .statusCode(403);
    }
    assertThat(engine.log().durableSequence()).isEqualTo(durable);
    for (int use = 0; use < 3; use++) {
      given()
          .auth()
          .oauth2(intake)
          .contentType(ContentType.JSON)
          .body(claim().toString())
          .post("/api/v1/assessments")
          .then()
          .statusCode(200)
          .body("decision", not(equalTo(null)));
    }
    assertThat(engine.log().durableSequence()).isEqualTo(durable + 3);
  }

  @Test
  void aTokenQuarkusVerifiedIsReusedAheadOfItWithTheSameAnswers() {
    String invalid = claim().put("amount_claimed", -5).toString();
    List<Function<String, Response>> requests =
        List.of(
            token -> post(token, ContentType.JSON.toString(), null, claim().toString(), ""),
            token -> post(token, ContentType.JSON.toString(), null, invalid, ""),
            token -> post(token, ContentType.JSON.toString(), null, "", ""),
            token -> post(token, ContentType.TEXT.toString(), null, claim().toString(), ""),
            token -> post(token, ContentType.JSON.toString(), "text/plain", claim().toString(), ""),
            token -> post(token, ContentType.JSON.toString(), null, claim().toString(), "/"));
    long before = route.reusedTokenRequests();
    int answered = 0;
    for (Supplier<String> tokens :
        List.<Supplier<String>>of(
            () -> token("claims-team", "domain-owner:claims"), () -> token("analyst", "analyst"))) {
      for (Function<String, Response> request : requests) {
        // A new token's first use goes through Quarkus, which verifies it; the second is reused.
        String token = tokens.get();
        Response first = request.apply(token);
        Response second = request.apply(token);
        answered++;
        assertThat(second.statusCode()).isEqualTo(first.statusCode());
        assertThat(headers(second)).isEqualTo(headers(first));
        if (first.statusCode() == 200) {
          assertThat(second.jsonPath().getString("decision")).isNotNull();
        } else {
          assertThat(second.asString()).isEqualTo(first.asString());
        }
      }
    }
    assertThat(route.reusedTokenRequests() - before).isEqualTo(answered);

    // What Quarkus did not verify is never reused: refused by Quarkus every time.
    for (int use = 0; use < 2; use++) {
      assertThat(post("not-a-token", ContentType.JSON.toString(), null, claim().toString(), ""))
          .returns(401, Response::statusCode);
      assertThat(post(null, ContentType.JSON.toString(), null, claim().toString(), ""))
          .returns(401, Response::statusCode);
    }
    assertThat(route.reusedTokenRequests() - before).isEqualTo(answered);
  }

  /** Each header's name and value, but the length of bodies that differ by claim id. */
  private static Map<String, String> headers(Response response) {
    Map<String, String> headers = new TreeMap<>();
    for (Header header : response.headers()) {
      if (!header.getName().equalsIgnoreCase("content-length") || response.statusCode() != 200) {
        headers.put(header.getName().toLowerCase(Locale.ROOT), header.getValue());
      }
    }
    return headers;
  }

  private static Response post(
      String token, String contentType, String accept, String body, String pathSuffix) {
    RequestSpecification request = given().contentType(contentType).body(body);
    if (token != null) {
      request.auth().oauth2(token);
    }
    if (accept != null) {
      request.accept(accept);
    }
    return request.post("/api/v1/assessments" + pathSuffix);
  }

  @Test
  void onlyJsonIsTakenAndNothingIsLoggedForTheRest() {
    String token = token("claims-team", "domain-owner:claims");
    long durable = engine.log().durableSequence();
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.TEXT)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(415);
    given()
        .auth()
        .oauth2(token)
        .body(claim().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/api/v1/assessments")
        .then()
        .statusCode(415);
    // As before the route: the content type is judged before the role.
    given()
        .auth()
        .oauth2(token("analyst", "analyst"))
        .contentType(ContentType.TEXT)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(415);
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .accept(ContentType.TEXT)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(406);
    assertThat(engine.log().durableSequence()).isEqualTo(durable);

    // A charset, other letter cases and a list of media ranges are all still JSON.
    given()
        .auth()
        .oauth2(token)
        .contentType("Application/JSON; charset=UTF-8")
        .accept("text/html, application/*;q=0.5")
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(200)
        .header("Content-Type", equalTo("application/json;charset=UTF-8"));
  }

  @Test
  void anEmptyBodyNamesTheWholeClaimAsMissing() {
    long durable = engine.log().durableSequence();
    given()
        .auth()
        .oauth2(token("claims-team", "domain-owner:claims"))
        .contentType(ContentType.JSON)
        .post("/api/v1/assessments")
        .then()
        .statusCode(400)
        .header("Content-Type", equalTo("application/json"))
        .body("error.code", equalTo("invalid-claim"))
        .body("error.fields.field", equalTo(List.of("$")))
        .body("error.fields.rule", equalTo(List.of("type")));
    assertThat(engine.log().durableSequence()).isEqualTo(durable);
  }

  @Test
  void refusalsForAuthAndRolesCarryNoBody() {
    given()
        .contentType(ContentType.JSON)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer"))
        .body(equalTo(""));
    given()
        .auth()
        .oauth2(token("analyst", "analyst"))
        .contentType(ContentType.JSON)
        .body(claim().toString())
        .post("/api/v1/assessments")
        .then()
        .statusCode(403)
        .body(equalTo(""));
    // Each allowed role gets its decision.
    for (String role : List.of("scoring-engine", "admin")) {
      given()
          .auth()
          .oauth2(token("someone", role))
          .contentType(ContentType.JSON)
          .body(claim().toString())
          .post("/api/v1/assessments")
          .then()
          .statusCode(200)
          .body("decision", equalTo("FLAG"));
    }
  }

  @Test
  void onlyPostAssessesAndATrailingSlashIsTheSamePath() {
    String token = token("claims-team", "domain-owner:claims");
    given().auth().oauth2(token).get("/api/v1/assessments").then().statusCode(405);
    given().auth().oauth2(token).put("/api/v1/assessments").then().statusCode(405);
    given()
        .auth()
        .oauth2(token)
        .options("/api/v1/assessments")
        .then()
        .statusCode(200)
        .header("Allow", equalTo("HEAD, POST, OPTIONS"));
    ObjectNode claim = claim();
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(claim.toString())
        .post("/api/v1/assessments/")
        .then()
        .statusCode(200)
        .body("claim_id", equalTo(claim.get("claim_id").asText()));
  }

  @Test
  void assessmentsAreCountedInTheHttpMetricsAndTheirFsyncsTimed() {
    double fsyncsBefore = fsyncsTimed();
    submit(claim().toString()).statusCode(200);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\","
                    + "status=\"200\",uri=\"/api/v1/assessments\"}"));
    // Timed after the answer is on its way; in buckets, for the disk's tail: what an operator (and
    // the scoring benchmark) reads a p99 from.
    await().atMost(Duration.ofSeconds(10)).until(() -> fsyncsTimed() > fsyncsBefore);
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("mesh_engine_log_fsync_seconds_bucket{le=\"0.001048576\"}"))
        .body(containsString("mesh_engine_log_fsync_seconds_bucket{le=\"+Inf\"}"));
  }

  private static double fsyncsTimed() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(line -> line.startsWith("mesh_engine_log_fsync_seconds_count "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mesh_engine_log_fsync_seconds_count"));
  }

  @Test
  void healthAndMetricsAreOpen() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("mesh_engine_decisions"))
        // The name the scoring benchmark reads.
        .body(containsString("mesh_engine_search_indexed_by_deciders_total "));
  }
}
