package io.insightmesh.sdk.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks the catalog's admin API for a long-lived service token ({@code POST
 * /api/v1/admin/principals/<principal>/tokens}), for a service that can only be given a fixed key:
 * Trino's OpenLineage listener.
 */
public final class ServiceTokenClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI catalog;

  public ServiceTokenClient(HttpClient http, URI catalog) {
    this.http = requireNonNull(http, "http is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /**
   * A token of {@code principal} living {@code lifetime}, issued with an admin's {@code
   * adminToken}.
   *
   * @throws CatalogNotRunningException if nothing answers at the catalog
   * @throws TokenRequestException if the catalog refuses or answers without a token
   */
  public String issue(String adminToken, String principal, Duration lifetime) {
    URI uri = URI.create(catalog + "/api/v1/admin/principals/" + principal + "/tokens");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode().put("lifetime", lifetime.toString()).toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CatalogNotRunningException(
          "the catalog is not running; start it with ./mesh up catalog (nothing answers at "
              + catalog
              + ")",
          e);
    } catch (IOException e) {
      throw new TokenRequestException(
          "service token request to " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenRequestException("interrupted while requesting a service token", e);
    }
    if (response.statusCode() != 200) {
      throw new TokenRequestException(
          "service token request for " + principal + " failed: HTTP " + response.statusCode());
    }
    try {
      JsonNode token = JSON.readTree(response.body()).path("accessToken");
      if (!token.isTextual() || token.asText().isBlank()) {
        throw new TokenRequestException("service token response from " + uri + " has no token");
      }
      return token.asText();
    } catch (IOException e) {
      throw new TokenRequestException("service token response from " + uri + " is not JSON", e);
    }
  }
}
