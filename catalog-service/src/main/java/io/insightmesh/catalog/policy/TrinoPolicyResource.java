package io.insightmesh.catalog.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.catalog.security.SignInThrottle;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Access decisions in the shape Trino's OPA access-control plugin (Trino 476) asks for: it POSTs
 * {@code {"input": {"context": {"identity": {"user": …}}, "action": {"operation": …, "resource" |
 * "filterResources": …}}}} and reads {@code {"result": …}}. One URI per plugin setting: {@code
 * opa.policy.uri} → {@code allow}, {@code opa.policy.batched-uri} → {@code batch}, {@code
 * opa.policy.batch-column-masking-uri} → {@code column-masks}. Products hide columns, not rows, so
 * there is no row-filter URI: without one the plugin applies none and asks nothing. Only HTTP lives
 * here; {@link TrinoPolicy} decides.
 *
 * <p>Trino waits for each answer in turn, several per query, so an answer whose facts are in memory
 * (a recently verified engine credential, the user's roles, the table's contract) is given on the
 * event loop; only one that needs the store is handed to a worker thread.
 */
@Path("/api/v1/policy/trino/{credential}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy", description = "Access decisions for Trino's OPA access-control plugin")
public class TrinoPolicyResource {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PolicyCredentials credentials;
  private final TrinoPolicy policy;
  private final PolicyDenials denials;

  public TrinoPolicyResource(
      PolicyCredentials credentials, TrinoPolicy policy, PolicyDenials denials) {
    this.credentials = credentials;
    this.policy = policy;
    this.denials = denials;
  }

  @POST
  @Path("allow")
  @Operation(summary = "May the user do this?", description = "{\"result\": true|false}")
  public Uni<ObjectNode> allow(
      @PathParam("credential") String credential,
      JsonNode query,
      @Context HttpServerRequest request) {
    String user = user(query);
    JsonNode action = action(query);
    return answer(
            credential,
            request,
            facts -> result(NODES.booleanNode(policy.allow(facts, user, action))))
        .call(
            answer ->
                answer.path("result").asBoolean()
                    ? Uni.createFrom().voidItem()
                    // Refusals are rare; the audit write blocks, so it leaves the event loop.
                    : Uni.createFrom()
                        .item(
                            () -> {
                              denials.record(user, action);
                              return answer;
                            })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
  }

  @POST
  @Path("batch")
  @Operation(
      summary = "Which of these may the user see?",
      description = "{\"result\": [indices of input.action.filterResources]}")
  public Uni<ObjectNode> batch(
      @PathParam("credential") String credential,
      JsonNode query,
      @Context HttpServerRequest request) {
    return answer(
        credential,
        request,
        facts -> {
          ArrayNode indices = NODES.arrayNode();
          policy.filter(facts, user(query), action(query)).forEach(indices::add);
          return result(indices);
        });
  }

  @POST
  @Path("column-masks")
  @Operation(
      summary = "Column masks of a table's columns",
      description =
          "{\"result\": [{\"index\": i, \"viewExpression\": {\"expression\": sql}}]} for every PII"
              + " column the user may not read in the clear")
  public Uni<ObjectNode> columnMasks(
      @PathParam("credential") String credential,
      JsonNode query,
      @Context HttpServerRequest request) {
    return answer(
        credential,
        request,
        facts -> {
          ArrayNode items = NODES.arrayNode();
          for (Map.Entry<Integer, String> mask :
              policy.columnMasks(facts, user(query), action(query)).entrySet()) {
            ObjectNode item = items.addObject();
            item.put("index", mask.getKey());
            item.putObject("viewExpression").put("expression", mask.getValue());
          }
          return result(items);
        });
  }

  /**
   * Checks the engine's credential and answers {@code question}: on the calling event-loop thread
   * when the credential and every fact are in memory, else on a worker thread, which may read the
   * store (and verify the credential's hash).
   */
  private Uni<ObjectNode> answer(
      String credential,
      HttpServerRequest request,
      Function<TrinoPolicy.Facts, ObjectNode> question) {
    String address = SignInThrottle.address(request);
    if (credentials.verifiedRecently(credential)) {
      Optional<ObjectNode> answer = policy.fromMemory(question);
      if (answer.isPresent()) {
        return Uni.createFrom().item(answer.get());
      }
    }
    return Uni.createFrom()
        .item(
            () -> {
              credentials.check(credential, address);
              return policy.fromStore(question);
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private static String user(JsonNode query) {
    return query == null
        ? ""
        : query.path("input").path("context").path("identity").path("user").asText("");
  }

  private static JsonNode action(JsonNode query) {
    return query == null ? JSON.createObjectNode() : query.path("input").path("action");
  }

  private static ObjectNode result(JsonNode value) {
    ObjectNode answer = NODES.objectNode();
    answer.set("result", value);
    return answer;
  }
}
