package io.insightmesh.catalog.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.catalog.security.PrincipalStore;
import io.insightmesh.catalog.security.TokenIssuer;
import io.insightmesh.catalog.security.TokenIssuer.IssuedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * Learns the user of a Trino query from the coordinator that ran it ({@link UsageConfig.Trino}).
 * Only the configured coordinator is asked, and only for query ids of Trino's own shape. Over HTTPS
 * (the platform's Trino accepts users nowhere else) the catalog presents a short-lived token it
 * issues itself for the configured user and trusts only the configured certificate.
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
  private final Optional<Path> certificate;
  private final Function<String, Optional<IssuedToken>> tokens;
  private volatile HttpClient http;
  private volatile CachedToken token;

  @Inject
  TrinoQueryUsers(UsageConfig config, TokenIssuer issuer, PrincipalStore principals) {
    this(
        config,
        user ->
            principals
                .find(user)
                .filter(principal -> !principal.disabled())
                .map(principal -> issuer.issue(principal.name(), principal.roles())));
  }

  /**
   * @param tokens a fresh token for a user, none if the principal store does not know it or it is
   *     disabled
   */
  TrinoQueryUsers(UsageConfig config, Function<String, Optional<IssuedToken>> tokens) {
    UsageConfig.Trino trino = config.trino();
    this.coordinator = trino.uri();
    this.namespace = trino.namespace().or(() -> trino.uri().map(TrinoQueryUsers::namespaceOf));
    this.asUser = trino.user();
    this.timeout = trino.timeout();
    this.certificate = trino.certificate();
    this.tokens = tokens;
  }

  private record CachedToken(String token, long renewAtNanos) {}

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
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("X-Trino-User", asUser)
            .header("Accept", "application/json")
            .GET();
    HttpClient http;
    try {
      http = client();
    } catch (IOException | GeneralSecurityException e) {
      LOG.warnf(
          "Cannot trust Trino at %s (%s); its reads count under the server",
          coordinator.get(), e.toString());
      return Optional.empty();
    }
    // A token only where it cannot be overheard: Trino refuses users over plain HTTP anyway.
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      Optional<String> bearer = token();
      if (bearer.isEmpty()) {
        LOG.warnf(
            "No token for %s, the user the catalog asks Trino as; Trino reads count under the"
                + " server",
            asUser);
        return Optional.empty();
      }
      request.header("Authorization", "Bearer " + bearer.get());
    }
    try {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
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

  /** A token for {@link #asUser}, renewed halfway through its lifetime. */
  private Optional<String> token() {
    CachedToken cached = token;
    if (cached != null && System.nanoTime() - cached.renewAtNanos() < 0) {
      return Optional.of(cached.token());
    }
    Optional<IssuedToken> fresh = tokens.apply(asUser);
    fresh.ifPresent(
        issued ->
            token =
                new CachedToken(
                    issued.token(), System.nanoTime() + issued.expiresIn().toNanos() / 2));
    return fresh.map(IssuedToken::token);
  }

  private HttpClient client() throws IOException, GeneralSecurityException {
    HttpClient client = http;
    if (client != null) {
      return client;
    }
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (certificate.isPresent()) {
      builder.sslContext(trusting(certificate.get()));
    }
    client = builder.build();
    http = client;
    return client;
  }

  /** TLS that trusts the one certificate in {@code pem} (the coordinator's self-signed one). */
  static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      trusted.setCertificateEntry(
          "trino", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
