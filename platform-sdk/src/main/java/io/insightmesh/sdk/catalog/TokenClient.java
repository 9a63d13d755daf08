package io.insightmesh.sdk.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Gets access tokens from an OAuth2 token endpoint with the client-credentials grant. */
public final class TokenClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_ERROR_LENGTH = 300;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI tokenEndpoint;

  public TokenClient(HttpClient http, URI tokenEndpoint) {
    this.http = requireNonNull(http, "http is null");
    this.tokenEndpoint = requireNonNull(tokenEndpoint, "tokenEndpoint is null");
  }

  /** A client for the catalog service's embedded issuer at {@code <catalog>/oauth/token}. */
  public static TokenClient forCatalog(URI catalog) {
    return new TokenClient(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        URI.create(catalog + "/oauth/token"));
  }

  /**
   * A fresh access token for {@code clientId}.
   *
   * @throws CatalogNotRunningException if nothing answers at the token endpoint
   * @throws TokenRequestException if the endpoint refuses the request or answers without a token
   */
  public String token(String clientId, String clientSecret, String scope) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("scope", scope);
    HttpRequest request =
        HttpRequest.newBuilder(tokenEndpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new TokenRequestException(
          "token request for "
              + clientId
              + " failed: HTTP "
              + response.statusCode()
              + ": "
              + errorMessage(response.body()));
    }
    try {
      JsonNode token = JSON.readTree(response.body()).path("access_token");
      if (!token.isTextual() || token.asText().isBlank()) {
        throw new TokenRequestException(
            "token response from " + tokenEndpoint + " has no access_token");
      }
      return token.asText();
    } catch (JsonProcessingException e) {
      throw new TokenRequestException(
          "token response from " + tokenEndpoint + " is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CatalogNotRunningException(
          "the catalog is not running; start it with ./mesh up catalog (nothing answers at "
              + tokenEndpoint
              + ")",
          e);
    } catch (IOException e) {
      throw new TokenRequestException(
          "token request to " + tokenEndpoint + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenRequestException("interrupted while requesting a token", e);
    }
  }

  // OAuth2 errors (RFC 6749 §5.2) carry a code in error and the reason in error_description;
  // Iceberg-style errors nest {"error": {"message": ...}}.
  private static String errorMessage(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      JsonNode error = json.path("error");
      JsonNode description = json.path("error_description");
      if (error.isTextual() && description.isTextual()) {
        return error.asText() + ": " + description.asText();
      }
      if (error.isTextual()) {
        return error.asText();
      }
      if (error.path("message").isTextual()) {
        return error.path("message").asText();
      }
      if (json.path("message").isTextual()) {
        return json.path("message").asText();
      }
    } catch (IOException notJson) {
      // fall through to the raw body
    }
    String text = body.strip();
    return text.isEmpty()
        ? "(empty response)"
        : text.substring(0, Math.min(text.length(), MAX_ERROR_LENGTH));
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            entry ->
                URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
