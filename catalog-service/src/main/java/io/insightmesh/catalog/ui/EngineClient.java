package io.insightmesh.catalog.ui;

import static java.util.Objects.requireNonNull;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.exceptions.ServiceUnavailableException;

/**
 * Calls the scoring engine for the UI with the signed-in user's own token, so the engine decides
 * what that user may see exactly as it would for a direct call. Request URIs are never logged: a
 * search names a NINO or a bank account.
 */
@ApplicationScoped
public class EngineClient {
  /** The search parameters the engine's case-worker search understands; nothing else is relayed. */
  static final Set<String> SEARCH_PARAMETERS =
      Set.of(
          "claim_id",
          "nino",
          "bank_account",
          "postcode",
          "device",
          "name",
          "reason",
          "limit",
          "cursor");

  private final UiConfig config;
  private final HttpClient http;

  public EngineClient(UiConfig config) {
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.engineTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The engine's answer: its status and JSON body, relayed unchanged. */
  public record Answer(int status, String body) {
    public Answer {
      requireNonNull(body, "body is null");
    }
  }

  /**
   * Runs a case-worker search as the caller.
   *
   * @throws ServiceUnavailableException if the engine cannot be reached
   */
  public Answer search(Map<String, List<String>> parameters, String authorization) {
    String query =
        parameters.entrySet().stream()
            .filter(entry -> SEARCH_PARAMETERS.contains(entry.getKey()))
            .flatMap(
                entry ->
                    entry.getValue().stream()
                        .map(value -> encode(entry.getKey()) + "=" + encode(value)))
            .collect(Collectors.joining("&"));
    return get("/api/v1/search?" + query, authorization);
  }

  /**
   * The engine's decision and outcome statistics, as the caller may see them.
   *
   * @throws ServiceUnavailableException if the engine cannot be reached
   */
  public Answer stats(String authorization) {
    return get("/api/v1/cases/stats", authorization);
  }

  /**
   * The engine's Prometheus metrics, which are open to scrapers and hold no personal data.
   *
   * @throws ServiceUnavailableException if the engine cannot be reached
   */
  public String metrics() {
    Answer answer = get("/q/metrics", null);
    if (answer.status() != 200) {
      throw new ServiceUnavailableException(
          "The scoring engine at %s answered %d for its metrics",
          config.engineUri(), answer.status());
    }
    return answer.body();
  }

  private Answer get(String pathAndQuery, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(config.engineUri() + pathAndQuery))
            .timeout(config.engineTimeout())
            .header("Accept", "application/json, text/plain")
            .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      // The cause's message may carry the request URI, and with it a searched value.
      throw new ServiceUnavailableException(
          "The scoring engine at %s is not reachable (%s)",
          config.engineUri(), e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException(
          "Interrupted while calling the scoring engine at %s", config.engineUri());
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
