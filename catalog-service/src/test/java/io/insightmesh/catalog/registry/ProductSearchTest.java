package io.insightmesh.catalog.registry;

import static io.insightmesh.catalog.registry.RegistryApi.PRODUCTS;
import static io.insightmesh.catalog.registry.RegistryApi.as;
import static io.insightmesh.catalog.registry.RegistryApi.register;
import static io.insightmesh.catalog.registry.RegistryApi.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listing, filters, search and paging over a fixed set of products. Every query here also filters
 * on this class's own tag, so products other tests register never change the answers.
 */
@QuarkusTest
class ProductSearchTest {
  private static final String TAG = "search-test";
  private static boolean registered;

  // Not @BeforeAll: the test client learns the server's port only before each test.
  @BeforeEach
  void registerProductsOnce() {
    if (registered) {
      return;
    }
    registered = true;
    Map<String, Object> claims = registration("claims", "search_claims", TAG, "fraud");
    claims.put("classification", "PII");
    claims.put("description", "Insurance claims as submitted, with the FRAUD signals of intake.");
    claims.put(
        "fields",
        List.of(
            Map.of("name", "claim_id", "doc", "Unique reference of the claim"),
            Map.of("name", "claimant.nino", "doc", "National Insurance number", "pii", "nino")));
    register("claims-team", claims);

    Map<String, Object> payments = registration("claims", "search_payments", TAG);
    payments.put("description", "Payments made on settled claims; claimXid is not a field.");
    register("claims-team", payments);

    Map<String, Object> profiles = registration("profiles", "search_profiles", TAG, "fraud");
    profiles.put("classification", "PII");
    profiles.put("description", "One profile per claimant, built from their claims history.");
    register("profiles-team", profiles);

    Map<String, Object> decisions = registration("risk", "search_decisions", TAG);
    decisions.put("description", "Scoring decisions: ACCEPT, FLAG or REJECT, with reasons.");
    register("scoring-engine", decisions);

    Map<String, Object> retired = registration("risk", "search_old_decisions", TAG);
    retired.put("description", "The first scoring engine's decisions.");
    register("risk-team", retired);
    as("risk-team")
        .body(Map.of("reason", "Replaced", "successor", "risk.search_decisions"))
        .post(PRODUCTS + "/risk.search_old_decisions/deprecate")
        .then()
        .statusCode(200);
    as("risk-team").post(PRODUCTS + "/risk.search_old_decisions/retire").then().statusCode(200);
  }

  @Test
  void listsEveryProductInIdOrder() {
    assertThat(ids(Map.of()))
        .containsExactly(
            "claims.search_claims",
            "claims.search_payments",
            "profiles.search_profiles",
            "risk.search_decisions",
            "risk.search_old_decisions");
  }

  @Test
  void filtersByDomainTagClassificationAndStatus() {
    assertThat(ids(Map.of("domain", "claims")))
        .containsExactly("claims.search_claims", "claims.search_payments");
    assertThat(ids(Map.of("classification", "PII")))
        .containsExactly("claims.search_claims", "profiles.search_profiles");
    assertThat(ids(Map.of("status", "RETIRED"))).containsExactly("risk.search_old_decisions");
    assertThat(ids(Map.of("status", "ACTIVE", "domain", "risk")))
        .containsExactly("risk.search_decisions");
    // By tag alone: other tests' products may carry it too, so only these are asserted.
    assertThat(
            as("analyst")
                .queryParam("tag", "fraud")
                .queryParam("pageSize", 200)
                .get(PRODUCTS)
                .jsonPath()
                .getList("products.id", String.class))
        .contains("claims.search_claims", "profiles.search_profiles")
        .doesNotContain("claims.search_payments", "risk.search_decisions");
    // Empty parameters filter nothing, as a form sends them.
    assertThat(ids(Map.of("domain", "", "classification", "", "q", ""))).hasSize(5);
  }

  @Test
  void searchesNamesDescriptionsTagsAndFieldNamesCaseInsensitively() {
    assertThat(ids(Map.of("q", "fraud")))
        .as("tag and description")
        .containsExactly("claims.search_claims", "profiles.search_profiles");
    assertThat(ids(Map.of("q", "INSURANCE claims")))
        .as("every word must occur")
        .containsExactly("claims.search_claims");
    assertThat(ids(Map.of("q", "nino"))).as("field name").containsExactly("claims.search_claims");
    assertThat(ids(Map.of("q", "search_decisions")))
        .as("name")
        .containsExactly("risk.search_decisions");
    assertThat(ids(Map.of("q", "reject, flag")))
        .as("punctuation separates words")
        .containsExactly("risk.search_decisions");
    assertThat(ids(Map.of("q", "nothing-matches-this"))).isEmpty();
  }

  @Test
  void searchWordsAreLiteralsNotPatterns() {
    // search_payments mentions claimXid, which claim_id would match if '_' were a wildcard.
    assertThat(ids(Map.of("q", "claim_id"))).containsExactly("claims.search_claims");
    // '%' separates words like any punctuation, so alone it searches for nothing.
    assertThat(ids(Map.of("q", "%"))).hasSize(5);
    assertThat(ids(Map.of("q", "%nino%"))).containsExactly("claims.search_claims");
  }

  @Test
  void pagesAreStableAndCoverEveryProductOnce() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      var request = as("analyst").queryParam("tag", TAG).queryParam("pageSize", 2);
      if (token != null) {
        request.queryParam("pageToken", token);
      }
      JsonPath page = request.get(PRODUCTS).then().statusCode(200).extract().jsonPath();
      List<String> ids = page.getList("products.id", String.class);
      assertThat(ids).hasSizeLessThanOrEqualTo(2);
      seen.addAll(ids);
      token = page.getString("nextPageToken");
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(ids(Map.of()));
  }

  @Test
  void theLastPageHasNoToken() {
    as("analyst")
        .queryParam("tag", TAG)
        .queryParam("pageSize", 5)
        .get(PRODUCTS)
        .then()
        .statusCode(200)
        .body("products", hasSize(5))
        .body("nextPageToken", nullValue());
  }

  @Test
  void badListingParametersAreRefusedNamingTheParameter() {
    expectBadRequest(Map.of("pageSize", "0"), "Invalid pageSize: must be an integer from 1 to 200");
    expectBadRequest(
        Map.of("pageSize", "201"), "Invalid pageSize: must be an integer from 1 to 200");
    expectBadRequest(
        Map.of("pageSize", "ten"), "Invalid pageSize: must be an integer from 1 to 200");
    expectBadRequest(
        Map.of("pageToken", "not-a-token"),
        "Invalid pageToken 'not-a-token': not a token of this listing; pass the previous page's"
            + " nextPageToken unchanged");
    expectBadRequest(
        Map.of("classification", "pii"),
        "Invalid classification 'pii': must be one of [PII, NON_PII]");
    expectBadRequest(
        Map.of("status", "GONE"),
        "Invalid status 'GONE': must be one of [ACTIVE, DEPRECATED, RETIRED]");
    expectBadRequest(
        Map.of("domain", "Claims"),
        "Invalid domain 'Claims': must match [a-z][a-z0-9_]{0,63} (lower-case letters, digits"
            + " and '_', starting with a letter, at most 64)");
    expectBadRequest(
        Map.of("tag", "Fraud!"),
        "Invalid tag 'Fraud!': must match [a-z0-9-]{1,40} (lower-case letters, digits and '-')");
    expectBadRequest(
        Map.of("q", "x".repeat(201)),
        "Invalid q: longer than 200 characters; search with fewer words");
  }

  @Test
  void aReleasePageTokenIsNotAProductPageToken() {
    String releaseToken = PageTokens.beforeRelease(ProductId.parse("claims.search_claims"), 7);
    expectBadRequest(Map.of("pageToken", releaseToken), "Invalid pageToken '" + releaseToken);
  }

  private static List<String> ids(Map<String, String> parameters) {
    return as("analyst")
        .queryParam("tag", TAG)
        .queryParams(parameters)
        .queryParam("pageSize", 200)
        .get(PRODUCTS)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("products.id", String.class);
  }

  private static void expectBadRequest(Map<String, String> parameters, String message) {
    as("analyst")
        .queryParams(parameters)
        .get(PRODUCTS)
        .then()
        .statusCode(400)
        .body("error.type", equalTo("IllegalArgumentException"))
        .body("error.message", startsWith(message));
  }
}
