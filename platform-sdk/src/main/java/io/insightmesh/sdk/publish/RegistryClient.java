package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.sdk.catalog.TokenClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The catalog's product registry as a producer uses it: registers a product and its contract
 * versions, reads and records releases, and reads the state of a publish's lineage run. Signs in
 * with the connection's client credentials and signs in again once when a token expires. Not
 * thread-safe.
 */
public final class RegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.List<String> REGISTRATION_FIELDS =
      java.util.List.of(
          "domain",
          "name",
          "owner",
          "description",
          "tags",
          "classification",
          "freshnessSla",
          "contractVersion",
          "icebergTable");

  private final CatalogConnection connection;
  private final HttpClient http;
  private final TokenClient tokens;
  private String token;

  /** A client acting as the connection's principal. */
  public RegistryClient(CatalogConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.tokens = new TokenClient(http, connection.tokenUri());
  }

  /**
   * A previously recorded release.
   *
   * @param version the release version, without the {@code v} of its tag
   * @param snapshotId the Iceberg snapshot the release tagged
   * @param contractVersion the contract version the release was published with
   */
  public record RecordedRelease(String version, long snapshotId, String contractVersion) {
    /** Validates the release. */
    public RecordedRelease {
      requireNonNull(version, "version is null");
      requireNonNull(contractVersion, "contractVersion is null");
    }

    /** The Iceberg tag of the release: {@code v<version>}. */
    public String tag() {
      return "v" + version;
    }
  }

  /**
   * Registers the product or brings its registration to the descriptor's contract version: the
   * contract version is stored first, so the catalog enforces it before any table change.
   *
   * @throws PublishException naming the step if the catalog refuses a request
   * @throws UncheckedIOException if the catalog cannot be reached
   */
  public void register(ProductDescriptor product, String contractVersion) {
    String path = "/api/v1/products/" + product.id();
    HttpResponse<String> existing = send("GET", path, null);
    ObjectNode registration = registration(product, contractVersion);
    if (existing.statusCode() == 404) {
      expect(
          send("POST", "/api/v1/products", registration.toString()),
          201,
          "register " + product.id());
    } else {
      expect(existing, 200, "read product " + product.id());
    }
    expect(
        send("PUT", path + "/contracts/" + contractVersion, product.contract().toString()),
        "store contract " + contractVersion + " of " + product.id(),
        200,
        201);
    if (existing.statusCode() == 200) {
      JsonNode current = parse(existing.body());
      if (!contractVersion.equals(current.path("contractVersion").asText())
          || !(product.table()).equals(current.path("icebergTable").asText())) {
        expect(send("PUT", path, registration.toString()), 200, "update product " + product.id());
      }
    }
  }

  /**
   * The product's registration as an update would send it back (owner, description, tags,
   * classification, SLA, contract version and table), if the product is registered.
   *
   * @throws PublishException if the catalog refuses the request
   * @throws UncheckedIOException if the catalog cannot be reached
   */
  Optional<ObjectNode> registration(String productId) {
    HttpResponse<String> response = send("GET", "/api/v1/products/" + productId, null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "read product " + productId);
    JsonNode product = parse(response.body());
    ObjectNode registration = JSON.createObjectNode();
    for (String field : REGISTRATION_FIELDS) {
      if (product.hasNonNull(field)) {
        registration.set(field, product.get(field));
      }
    }
    return Optional.of(registration);
  }

  /**
   * Puts the product's registration back to {@code registration} (from {@link #registration}) if a
   * publish moved it to {@code contractVersion} of {@code table} and nobody has moved it since:
   * what a failed publish undoes.
   *
   * @return whether it was put back
   * @throws PublishException if the catalog refuses the request
   * @throws UncheckedIOException if the catalog cannot be reached
   */
  boolean restore(String productId, ObjectNode registration, String contractVersion, String table) {
    Optional<ObjectNode> now = registration(productId);
    if (now.isEmpty()
        || now.get().equals(registration)
        || !now.get().path("contractVersion").asText().equals(contractVersion)
        || !now.get().path("icebergTable").asText().equals(table)) {
      return false;
    }
    expect(
        send("PUT", "/api/v1/products/" + productId, registration.toString()),
        200,
        "restore the registration of " + productId);
    return true;
  }

  /**
   * Contract {@code version} of the product, as the catalog stores it.
   *
   * @throws PublishException if the catalog refuses the request or does not hold that version
   * @throws UncheckedIOException if the catalog cannot be reached
   */
  String contract(String productId, String version) {
    HttpResponse<String> response =
        send("GET", "/api/v1/products/" + productId + "/contracts/" + version, null);
    expect(response, 200, "read contract " + version + " of " + productId);
    return response.body();
  }

  /** The contract of the product's latest release, if it has one. */
  Optional<String> currentContract(String productId) {
    HttpResponse<String> response =
        send("GET", "/api/v1/products/" + productId + "/contract", null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "read the contract of " + productId);
    return Optional.of(response.body());
  }

  /**
   * The product's newest release, if any.
   *
   * @throws PublishException if the catalog refuses the request
   * @throws UncheckedIOException if the catalog cannot be reached
   */
  public Optional<RecordedRelease> latestRelease(String productId) {
    HttpResponse<String> response =
        send("GET", "/api/v1/products/" + productId + "/releases?pageSize=1", null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "read the releases of " + productId);
    JsonNode releases = parse(response.body()).path("releases");
    if (!releases.isArray() || releases.isEmpty()) {
      return Optional.empty();
    }
    JsonNode latest = releases.get(0);
    return Optional.of(
        new RecordedRelease(
            latest.path("version").asText(),
            latest.path("snapshotId").asLong(),
            latest.path("contractVersion").asText()));
  }

  /**
   * The product's newest releases, newest first, at most {@code limit} (1 to 200).
   *
   * @throws PublishException if the catalog refuses the request
   * @throws UncheckedIOException if the catalog cannot be reached
   */
  public java.util.List<RecordedRelease> releases(String productId, int limit) {
    HttpResponse<String> response =
        send("GET", "/api/v1/products/" + productId + "/releases?pageSize=" + limit, null);
    if (response.statusCode() == 404) {
      return java.util.List.of();
    }
    expect(response, 200, "read the releases of " + productId);
    java.util.List<RecordedRelease> releases = new java.util.ArrayList<>();
    for (JsonNode release : parse(response.body()).path("releases")) {
      releases.add(
          new RecordedRelease(
              release.path("version").asText(),
              release.path("snapshotId").asLong(),
              release.path("contractVersion").asText()));
    }
    return releases;
  }

  /**
   * Records a release; recording the identical release again is a no-op.
   *
   * @param version the release version without the {@code v} of its tag, e.g. {@code 1.1.0+7}
   * @param rowCount the rows of the tagged snapshot
   * @param qualityResults the release's {@link QualityReport#json()}
   * @return whether this recorded it: false when the identical release was recorded before
   * @throws PublishException if the catalog refuses it (409: the version was recorded with other
   *     content)
   * @throws UncheckedIOException if the catalog cannot be reached
   */
  public boolean recordRelease(
      String productId,
      String version,
      long snapshotId,
      long rowCount,
      String contractVersion,
      JsonNode qualityResults) {
    ObjectNode body = JSON.createObjectNode();
    body.put("version", version);
    body.put("snapshotId", snapshotId);
    body.put("rowCount", rowCount);
    body.put("contractVersion", contractVersion);
    body.set("qualityResults", qualityResults);
    HttpResponse<String> response =
        send("POST", "/api/v1/products/" + productId + "/releases", body.toString());
    expect(response, "record release " + version + " of " + productId, 200, 201);
    return response.statusCode() == 201;
  }

  /**
   * The state lineage holds for run {@code runId} of job {@code job} (in the {@value
   * LineageEmitter#JOB_NAMESPACE} namespace), e.g. {@code START} or {@code COMPLETE}; empty if the
   * run is not among the job's newest 200, as a run whose events never reached the catalog is not.
   *
   * @throws PublishException if the catalog refuses the request
   * @throws UncheckedIOException if the catalog cannot be reached
   */
  public Optional<String> lineageRunState(String job, UUID runId) {
    requireNonNull(runId, "runId is null");
    String path =
        "/api/v1/lineage/jobs/"
            + URLEncoder.encode(LineageEmitter.JOB_NAMESPACE, StandardCharsets.UTF_8)
            + "/"
            + URLEncoder.encode(job, StandardCharsets.UTF_8)
            + "/runs?pageSize=200";
    HttpResponse<String> response = send("GET", path, null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "read the lineage runs of job " + job);
    for (JsonNode run : parse(response.body()).path("runs")) {
      if (run.path("runId").asText().equals(runId.toString())) {
        return Optional.of(run.path("state").asText());
      }
    }
    return Optional.empty();
  }

  /** The current bearer token, for producers (lineage) that talk to the catalog too. */
  public String token() {
    if (token == null) {
      token = tokens.token(connection.principal(), connection.secret(), "catalog");
    }
    return token;
  }

  private HttpResponse<String> send(String method, String path, String body) {
    HttpResponse<String> response = attempt(method, path, body);
    if (response.statusCode() == 401) {
      token = null;
      response = attempt(method, path, body);
    }
    return response;
  }

  private HttpResponse<String> attempt(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(connection.uri() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token())
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach the catalog at " + connection.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling the catalog", e);
    }
  }

  private static ObjectNode registration(ProductDescriptor product, String contractVersion) {
    ObjectNode body = JSON.createObjectNode();
    body.put("domain", product.domain());
    body.put("name", product.name());
    ObjectNode owner = body.putObject("owner");
    owner.put("team", product.owner().team());
    owner.put("contact", product.owner().contact());
    body.put("description", product.description());
    product.tags().forEach(body.putArray("tags")::add);
    body.put("classification", product.classification());
    body.put("freshnessSla", product.freshnessSla().toString());
    body.put("contractVersion", contractVersion);
    body.put("icebergTable", product.table());
    return body;
  }

  private static void expect(HttpResponse<String> response, int status, String what) {
    expect(response, what, status);
  }

  private static void expect(HttpResponse<String> response, String what, int... statuses) {
    for (int status : statuses) {
      if (response.statusCode() == status) {
        return;
      }
    }
    throw new PublishException(
        "Cannot "
            + what
            + ": the catalog answered "
            + response.statusCode()
            + " "
            + message(response));
  }

  private static String message(HttpResponse<String> response) {
    JsonNode error = parse(response.body()).path("error").path("message");
    return error.isMissingNode() ? response.body() : error.asText();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
