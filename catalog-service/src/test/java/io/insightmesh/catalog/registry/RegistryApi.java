package io.insightmesh.catalog.registry;

import static io.restassured.RestAssured.given;

import io.insightmesh.catalog.SeededPrincipals;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry API as a test client sees it: bearer tokens for the seeded principals, obtained
 * through the OAuth2 endpoint like any client, and request bodies built from a valid default.
 */
final class RegistryApi {
  static final String PRODUCTS = "/api/v1/products";

  // Tokens live an hour, longer than a test run; one per principal is enough.
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private RegistryApi() {}

  /** A JSON request signed in as {@code principal}. */
  static RequestSpecification as(String principal) {
    return given()
        .header("Authorization", "Bearer " + token(principal))
        .contentType(ContentType.JSON)
        .accept(ContentType.JSON);
  }

  /** A bearer token for a seeded principal, from {@code POST /oauth/token}. */
  static String token(String principal) {
    return TOKENS.computeIfAbsent(principal, SeededPrincipals::issueToken);
  }

  /** A valid registration of {@code <domain>.<name>}, to be changed by the test. */
  static Map<String, Object> registration(String domain, String name, String... tags) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("domain", domain);
    body.put("name", name);
    body.put("owner", Map.of("team", domain + "-team", "contact", domain + "-team@example.org"));
    body.put("description", "The " + name + " product of the " + domain + " domain.");
    body.put("tags", List.of(tags));
    body.put("classification", "NON_PII");
    body.put("freshnessSla", "PT1H");
    body.put("contractVersion", "1.0.0");
    body.put("icebergTable", domain + "." + name + "_v1");
    return body;
  }

  /** Registers {@code body} as {@code principal} and expects it to succeed. */
  static ValidatableResponse register(String principal, Map<String, Object> body) {
    return as(principal).body(body).post(PRODUCTS).then().statusCode(201);
  }

  /**
   * Stores a minimal contract {@code version} of {@code productId} as {@code principal}, as a
   * publisher does before it moves the product to that version or records a release under it.
   */
  static void storeContract(String principal, String productId, String version) {
    as(principal)
        .body(
            "{\"type\":\"record\",\"name\":\"Minimal\",\"doc\":\"A minimal contract.\","
                + "\"fields\":[{\"name\":\"claim_id\",\"type\":\"string\",\"doc\":\"The claim.\"}]}")
        .put(PRODUCTS + "/" + productId + "/contracts/" + version)
        .then()
        .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
  }
}
