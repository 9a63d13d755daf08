package io.insightmesh.catalog.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Learns the user of a Trino query from the coordinator that ran it ({@link UsageConfig.Trino}).
 * Only the configured coordinator is asked, and only for query ids of Trino's own shape.
 */
@ApplicationScoped
class TrinoQueryUsers {
  private static final Logger LOG = Logger.getLogger(TrinoQueryUsers.class);
  private static final Pattern QUERY_ID = Pattern.compile("[0-9]{8}_[0-9]{6}_[0-9]{5}_[a-z0-9]{5}");
  private static final Pattern USER = Pattern.compile("[\\p{Graph}]{1,255}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<URI> coordinator;
  private final Optional<String> namespace;
  private final String asUser;
  private final Duration timeout;
  private final HttpClient http;

  TrinoQueryUsers(UsageConfig config) {
    UsageConfig.Trino trino = config.trino();
    this.coordinator = trino.uri();
    this.namespace = trino.namespace().or(() -> trino.uri().map(TrinoQueryUsers::namespaceOf));
    this.asUser = trino.user();
    this.timeout = trino.timeout();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The namespace Trino's OpenLineage listener derives from its {@code trino.uri}. */
  static String namespaceOf(URI uri) {
    return "trino://" + uri.getRawAuthority();
  }

  /**
   * The user query {@code queryId} of the Trino server named {@code jobNamespace} ran as, if that
   * is the configured coordinator and it still knows the query.
   */
  Optional<String> userOf(String jobNamespace, String queryId) {
    if (coordinator.isEmpty()
        || !namespace.get().equals(jobNamespace)
        || !QUERY_ID.matcher(queryId).matches()) {
      return Optional.empty();
    }
    URI uri = coordinator.get().resolve("/v1/query/" + queryId + "?pruned=true");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("X-Trino-User", asUser)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          LOG.warnf(
              "Trino at %s answered %d for query %s; its reads count under the server",
              coordinator.get(), response.statusCode(), queryId);
          return Optional.empty();
        }
        JsonNode user = JSON.readTree(body).path("session").path("user");
        return user.isTextual() && USER.matcher(user.textValue()).matches()
            ? Optional.of(user.textValue())
            : Optional.empty();
      }
    } catch (IOException e) {
      LOG.warnf(
          "Cannot ask Trino at %s for query %s (%s); its reads count under the server",
          coordinator.get(), queryId, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
