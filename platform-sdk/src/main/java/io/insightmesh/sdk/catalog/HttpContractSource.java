package io.insightmesh.sdk.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.sdk.contract.ContractSchemas;
import io.insightmesh.sdk.contract.ContractSource;
import io.insightmesh.sdk.contract.ContractVersion;
import io.insightmesh.sdk.contract.NoSuchContractException;
import io.insightmesh.sdk.contract.ProductId;
import io.insightmesh.sdk.contract.RegisteredContract;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Registered contracts from the catalog service: {@code GET /api/v1/products/<id>/contract} answers
 * the Avro schema of the product's latest released contract, its version in the {@code
 * Contract-Version} header.
 */
public final class HttpContractSource implements ContractSource {
  /** The header that carries the version of the contract answered. */
  public static final String VERSION_HEADER = "Contract-Version";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_ERROR_LENGTH = 300;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI catalog;
  private final String accessToken;

  /**
   * A source that asks the catalog at {@code catalog} (e.g. {@code http://localhost:8181}) with
   * {@code accessToken} as bearer token.
   */
  public HttpContractSource(HttpClient http, URI catalog, String accessToken) {
    this.http = requireNonNull(http, "http is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.accessToken = requireNonNull(accessToken, "accessToken is null");
  }

  /** A source for the catalog at {@code catalog} with a client of its own. */
  public static HttpContractSource forCatalog(URI catalog, String accessToken) {
    return new HttpContractSource(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        catalog,
        accessToken);
  }

  /**
   * {@inheritDoc}
   *
   * @throws NoSuchContractException if the catalog answers 404
   * @throws CatalogNotRunningException if nothing answers at the catalog's address
   * @throws CatalogRequestException if the catalog refuses the request (the status and its reason)
   *     or answers a contract larger than {@link ContractSchemas#MAX_FILE_BYTES}
   */
  @Override
  public RegisteredContract latest(ProductId product) {
    requireNonNull(product, "product is null");
    URI uri = URI.create(catalog + "/api/v1/products/" + product + "/contract");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + accessToken)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response = send(request, uri);
    String body = read(response, uri);
    if (response.statusCode() == 404) {
      throw new NoSuchContractException(
          "the catalog has no contract for "
              + product
              + " ("
              + errorMessage(body)
              + "); register the product and its contract first");
    }
    if (response.statusCode() != 200) {
      throw new CatalogRequestException(
          "cannot get the contract of "
              + product
              + " from "
              + uri
              + ": HTTP "
              + response.statusCode()
              + ": "
              + errorMessage(body));
    }
    Optional<String> version = response.headers().firstValue(VERSION_HEADER);
    return new RegisteredContract(product, version.map(text -> version(text, uri)), body);
  }

  private static ContractVersion version(String text, URI uri) {
    try {
      return ContractVersion.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CatalogRequestException(
          "the answer from " + uri + " has an invalid " + VERSION_HEADER + ": " + e.getMessage(),
          e);
    }
  }

  private HttpResponse<InputStream> send(HttpRequest request, URI uri) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CatalogNotRunningException(
          "the catalog is not running; start it with ./mesh up catalog (nothing answers at "
              + uri
              + ")",
          e);
    } catch (IOException e) {
      throw new CatalogRequestException("request to " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogRequestException("interrupted while requesting " + uri, e);
    }
  }

  // The answer is untrusted input: read no more than a contract may hold.
  private static String read(HttpResponse<InputStream> response, URI uri) {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes((int) ContractSchemas.MAX_FILE_BYTES + 1);
      if (bytes.length > ContractSchemas.MAX_FILE_BYTES) {
        throw new CatalogRequestException(
            "the answer from "
                + uri
                + " is larger than "
                + ContractSchemas.MAX_FILE_BYTES
                + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CatalogRequestException("reading the answer from " + uri + " failed", e);
    }
  }

  // Our APIs answer errors as {"error": {"code", "type", "message"}}.
  private static String errorMessage(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.path("error").path("message").isTextual()) {
        return json.path("error").path("message").asText();
      }
      if (json != null && json.path("message").isTextual()) {
        return json.path("message").asText();
      }
    } catch (IOException notJson) {
      // fall through to the raw body
    }
    String text = body.strip().replaceAll("\\p{Cntrl}", " ");
    return text.isEmpty()
        ? "(empty response)"
        : text.substring(0, Math.min(text.length(), MAX_ERROR_LENGTH));
  }
}
