package io.insightmesh.catalog.registry;

import static io.insightmesh.catalog.registry.RegistryApi.PRODUCTS;
import static io.insightmesh.catalog.registry.RegistryApi.as;
import static io.insightmesh.catalog.registry.RegistryApi.register;
import static io.insightmesh.catalog.registry.RegistryApi.registration;
import static io.insightmesh.catalog.registry.RegistryApi.storeContract;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class ProductRegistrationTest {

  @Test
  void registeredProductIsReturnedAsRegistered() {
    Map<String, Object> body = registration("claims", "submissions", "claims", "fraud");
    body.put("classification", "PII");
    body.put("freshnessSla", "PT15M");
    body.put("contractVersion", "1.2.0");
    body.put(
        "fields",
        List.of(
            Map.of("name", "claim_id", "doc", "The claim's id"),
            Map.of("name", "claimant.nino", "doc", "National Insurance number", "pii", "nino")));

    register("claims-team", body)
        .header("Location", endsWith(PRODUCTS + "/claims.submissions"))
        .body("id", equalTo("claims.submissions"))
        .body("status", equalTo("ACTIVE"))
        .body("createdBy", equalTo("claims-team"));

    JsonPath product =
        as("analyst")
            .get(PRODUCTS + "/claims.submissions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(product.getString("domain")).isEqualTo("claims");
    assertThat(product.getString("name")).isEqualTo("submissions");
    assertThat(product.getString("owner.team")).isEqualTo("claims-team");
    assertThat(product.getString("owner.contact")).isEqualTo("claims-team@example.org");
    assertThat(product.getList("tags")).containsExactly("claims", "fraud");
    assertThat(product.getString("classification")).isEqualTo("PII");
    assertThat(product.getString("freshnessSla")).isEqualTo("PT15M");
    assertThat(product.getString("contractVersion")).isEqualTo("1.2.0");
    assertThat(product.getString("icebergTable")).isEqualTo("claims.submissions_v1");
    assertThat(product.getString("fields[1].name")).isEqualTo("claimant.nino");
    assertThat(product.getString("fields[1].pii")).isEqualTo("nino");
    assertThat(product.getString("fields[0].pii")).isNull();
    assertThat(product.getList("tableFields")).isEmpty();
    assertThat(product.getString("deprecation")).isNull();
    assertThat(product.getString("createdAt"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
  }

  @Test
  void registeringAnExistingProductIsAConflict() {
    register("claims-team", registration("claims", "payments"));

    Map<String, Object> again = registration("claims", "payments");
    again.put("description", "Someone else's payments");
    as("claims-team")
        .body(again)
        .post(PRODUCTS)
        .then()
        .statusCode(409)
        .body("error.type", equalTo("ProductAlreadyExistsException"))
        .body("error.message", containsString("claims.payments"))
        .body("error.message", containsString("already registered"));

    as("claims-team")
        .get(PRODUCTS + "/claims.payments")
        .then()
        .body("description", equalTo("The payments product of the claims domain."));
  }

  @Test
  void updateReplacesTheDefinitionAndIsIdempotent() {
    register("claims-team", registration("claims", "adjusters"));
    Map<String, Object> changed = registration("claims", "adjusters", "people");
    changed.put("description", "Loss adjusters and their caseloads.");
    changed.put("contractVersion", "2.0.0");
    changed.put("icebergTable", "claims.adjusters_v2");
    as("claims-team")
        .body(changed)
        .put(PRODUCTS + "/claims.adjusters")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid contractVersion 2.0.0: product claims.adjusters has no stored contract"
                    + " 2.0.0 and the product cannot be moved to it; store it first (PUT"
                    + " /api/v1/products/claims.adjusters/contracts/2.0.0)"));
    as("analyst")
        .get(PRODUCTS + "/claims.adjusters")
        .then()
        .body("contractVersion", equalTo("1.0.0"))
        .body("description", equalTo("The adjusters product of the claims domain."));
    storeContract("claims-team", "claims.adjusters", "2.0.0");

    for (int attempt = 0; attempt < 2; attempt++) {
      as("claims-team")
          .body(changed)
          .put(PRODUCTS + "/claims.adjusters")
          .then()
          .statusCode(200)
          .body("description", equalTo("Loss adjusters and their caseloads."))
          .body("contractVersion", equalTo("2.0.0"))
          .body("icebergTable", equalTo("claims.adjusters_v2"))
          .body("tags", equalTo(List.of("people")))
          .body("status", equalTo("ACTIVE"))
          .body("updatedBy", equalTo("claims-team"));
    }
    // The body may leave the identity to the path.
    changed.remove("domain");
    changed.remove("name");
    as("claims-team").body(changed).put(PRODUCTS + "/claims.adjusters").then().statusCode(200);

    as("analyst")
        .queryParam("tag", "people")
        .get(PRODUCTS)
        .then()
        .body("products.id", equalTo(List.of("claims.adjusters")));
  }

  @Test
  void updateCannotRenameAProduct() {
    register("claims-team", registration("claims", "notes"));
    as("claims-team")
        .body(registration("claims", "memos"))
        .put(PRODUCTS + "/claims.notes")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid name 'memos': the body names another product than claims.notes in the"
                    + " path; a product's identity does not change"));
  }

  @Test
  void unknownProductsAreNotFound() {
    as("analyst")
        .get(PRODUCTS + "/claims.nothing_here")
        .then()
        .statusCode(404)
        .body("error.type", equalTo("NoSuchProductException"))
        .body("error.message", equalTo("Product claims.nothing_here is not registered"))
        .body("error.requestId", notNullValue());
    as("claims-team")
        .body(registration("claims", "nothing_here"))
        .put(PRODUCTS + "/claims.nothing_here")
        .then()
        .statusCode(404)
        .body("error.type", equalTo("NoSuchProductException"));
  }

  @Test
  void malformedProductIdsInThePathAreBadRequests() {
    as("analyst")
        .get(PRODUCTS + "/Claims.claims")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid product id 'Claims.claims': must be <domain>.<name>, each part matching"
                    + " [a-z][a-z0-9_]{0,63}"));
    as("analyst")
        .get(PRODUCTS + "/claims")
        .then()
        .statusCode(400)
        .body("error.message", containsString("must be <domain>.<name>"));
  }

  static Stream<Arguments> invalidRegistrations() {
    return Stream.of(
        invalid("name with capitals", b -> b.put("name", "Bad"), "Invalid name 'Bad': must match"),
        invalid("missing domain", b -> b.remove("domain"), "Invalid domain: required"),
        invalid("missing owner", b -> b.remove("owner"), "Invalid owner: required"),
        invalid(
            "contact not an e-mail address",
            b -> b.put("owner", Map.of("team", "claims-team", "contact", "call me")),
            "Invalid owner.contact 'call me': required, an e-mail address"),
        invalid(
            "missing description", b -> b.remove("description"), "Invalid description: required"),
        invalid(
            "description too long",
            b -> b.put("description", "x".repeat(4001)),
            "Invalid description: 4001 characters, at most 4000"),
        invalid(
            "description with a NUL",
            b -> b.put("description", "a\u0000b"),
            "Invalid description 'a\\u0000b': control characters"),
        invalid(
            "too many tags",
            b -> b.put("tags", Stream.iterate(0, i -> i + 1).limit(21).map(i -> "t" + i).toList()),
            "Invalid tags: 21 tags, at most 20"),
        invalid(
            "malformed tag",
            b -> b.put("tags", List.of("ok", "Not OK")),
            "Invalid tags[1] 'Not OK': must match [a-z0-9-]{1,40}"),
        invalid(
            "repeated tag",
            b -> b.put("tags", List.of("a", "a")),
            "Invalid tags[1] 'a': tags must not repeat"),
        invalid("tags not a list", b -> b.put("tags", "fraud"), "Invalid tags: must be an array"),
        invalid(
            "unknown classification",
            b -> b.put("classification", "SECRET"),
            "Invalid classification 'SECRET': must be one of [PII, NON_PII]"),
        invalid(
            "PII field in a NON_PII product",
            b -> b.put("fields", List.of(Map.of("name", "nino", "pii", "nino"))),
            "Invalid classification NON_PII: field nino carries PII tag nino"),
        invalid(
            "freshness not a duration",
            b -> b.put("freshnessSla", "1 hour"),
            "Invalid freshnessSla '1 hour': required, a positive ISO-8601 duration"),
        invalid(
            "zero freshness",
            b -> b.put("freshnessSla", "PT0S"),
            "Invalid freshnessSla 'PT0S': required, a positive ISO-8601 duration"),
        invalid(
            "contract version not semver",
            b -> b.put("contractVersion", "1.0"),
            "Invalid contractVersion '1.0': must be a semantic version MAJOR.MINOR.PATCH"),
        invalid(
            "table outside the domain",
            b -> b.put("icebergTable", "risk.claims_v1"),
            "Invalid icebergTable 'risk.claims_v1': must lie in the domain namespace claims"),
        invalid(
            "table without namespace",
            b -> b.put("icebergTable", "claims_v1"),
            "Invalid icebergTable 'claims_v1': required, <domain>.<name>_v<major of"
                + " contractVersion>, here claims.invalid_v1 for product claims.invalid at contract"
                + " version 1.0.0"),
        invalid(
            "table named after another product",
            b -> b.put("icebergTable", "claims.claims_staging"),
            "Invalid icebergTable 'claims.claims_staging': required, <domain>.<name>_v<major of"
                + " contractVersion>, here claims.invalid_v1"),
        invalid(
            "table of another major version",
            b -> b.put("icebergTable", "claims.invalid_v2"),
            "Invalid icebergTable 'claims.invalid_v2': required, <domain>.<name>_v<major of"
                + " contractVersion>, here claims.invalid_v1"),
        invalid(
            "table in a nested namespace",
            b -> b.put("icebergTable", "claims.archive.invalid_v1"),
            "Invalid icebergTable 'claims.archive.invalid_v1': required, <domain>.<name>_v<major"
                + " of contractVersion>, here claims.invalid_v1"),
        invalid(
            "field without name",
            b -> b.put("fields", List.of(Map.of("doc", "no name"))),
            "Invalid fields[0].name: required"),
        invalid(
            "description not a string",
            b -> b.put("description", 42),
            "Invalid description: must be a string"),
        invalid(
            "misspelt field",
            b -> b.put("descripton", "typo"),
            "Invalid field descripton: not a field of this request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRegistrations")
  void invalidRegistrationsAreRefusedNamingTheFieldAndNothingIsStored(
      String description, Consumer<Map<String, Object>> breakIt, String message) {
    Map<String, Object> body = registration("claims", "invalid");
    breakIt.accept(body);

    as("claims-team")
        .body(body)
        .post(PRODUCTS)
        .then()
        .statusCode(400)
        .body("error.code", equalTo(400))
        .body("error.message", containsString(message));

    as("claims-team").get(PRODUCTS + "/claims.invalid").then().statusCode(404);
  }

  @Test
  void anUpdateKeepsTheTableTheCatalogEnforcesTheContractOn() {
    register("claims-team", registration("claims", "assessors"));
    Map<String, Object> moved = registration("claims", "assessors");
    moved.put("icebergTable", "claims.assessors_current");

    as("claims-team")
        .body(moved)
        .put(PRODUCTS + "/claims.assessors")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid icebergTable 'claims.assessors_current': required, <domain>.<name>_v<major"
                    + " of contractVersion>, here claims.assessors_v1 for product"
                    + " claims.assessors at contract version 1.0.0"));
    JsonPath product =
        as("analyst")
            .get(PRODUCTS + "/claims.assessors")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(product.getString("icebergTable")).isEqualTo("claims.assessors_v1");
    assertThat(product.getString("updatedAt")).isEqualTo(product.getString("createdAt"));
  }

  @Test
  void bodiesThatAreNotJsonObjectsAreBadRequests() {
    as("claims-team")
        .body("{\"domain\": ")
        .post(PRODUCTS)
        .then()
        .statusCode(400)
        .body("error.message", containsString("Invalid request body: not valid JSON"));
    as("claims-team")
        .body("[]")
        .post(PRODUCTS)
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid request body: must be a JSON object"));
    as("claims-team")
        .body("")
        .post(PRODUCTS)
        .then()
        .statusCode(400)
        .body("error.message", containsString("Invalid request body: required"));
  }

  @Test
  void theOpenApiDocumentDescribesTheRegistry() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.'/api/v1/products'.post.summary", containsString("Register"))
        .body("paths.'/api/v1/products/{id}/releases'.get", notNullValue())
        .body("paths.'/api/v1/products/{id}/retire'.post.requestBody", nullValue());
  }

  private static Arguments invalid(
      String description, Consumer<Map<String, Object>> breakIt, String message) {
    return Arguments.of(description, breakIt, message);
  }
}
