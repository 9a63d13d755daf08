package io.insightmesh.decisions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.decisions.assess.ClaimParser;
import io.insightmesh.decisions.assess.InvalidClaimException;
import io.insightmesh.decisions.service.Engine;
import io.insightmesh.decisions.service.EngineConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code POST /api/v1/assessments}: a claim in, its decision out, answered only once the decision
 * is durable. Submitting is for the claims intake (the claims domain), the engine's own principal
 * and admins.
 */
@Path("/api/v1/assessments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"domain-owner:claims", "scoring-engine", "admin"})
public class AssessmentResource {
  private final Engine engine;
  private final EngineConfig config;
  private final ClaimParser parser = new ClaimParser();
  private final DecisionJson answers;

  public AssessmentResource(Engine engine, EngineConfig config, ObjectMapper json) {
    this.engine = engine;
    this.config = config;
    this.answers = new DecisionJson(json);
  }

  /**
   * The body as bytes: the parser reads the claim from them directly (ClaimParser#parse); the
   * answer is {@link DecisionView}'s JSON, written without the view (DecisionJson).
   */
  @POST
  public CompletionStage<byte[]> assess(byte[] body) throws IOException {
    Claim claim = parser.parse(body);
    return engine.assessments().assess(claim, eventLoop()).thenApply(answers::write);
  }

  /**
   * The request's event loop, where its answer is written: the decision log completes the decision
   * there straight after its fsync instead of through its own completion thread. Null off an event
   * loop (the log's completion thread then completes it).
   */
  private static Executor eventLoop() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return null;
    }
    return task -> context.runOnContext(ignored -> task.run());
  }

  /**
   * Many claims in one request. Each answers on its own: a decision, or the contract rules it broke
   * (nothing is logged for it). The response comes once every decision is durable.
   */
  @POST
  @Path("/batch")
  public CompletionStage<Map<String, Object>> assessBatch(JsonNode body) {
    if (body == null || !body.isArray()) {
      throw new InvalidBatchException("claims: the body must be a JSON array of claims");
    }
    if (body.size() > config.maxBatch()) {
      throw new InvalidBatchException(
          "claims: " + body.size() + " claims, more than the " + config.maxBatch() + " allowed");
    }
    List<CompletableFuture<Map<String, Object>>> results = new ArrayList<>();
    for (int index = 0; index < body.size(); index++) {
      int position = index;
      try {
        Claim claim = parser.parse(body.get(index));
        results.add(
            engine
                .assessments()
                .assess(claim)
                .thenApply(decision -> item(position, 200, DecisionView.of(decision), null)));
      } catch (InvalidClaimException e) {
        results.add(CompletableFuture.completedFuture(item(position, 400, null, e)));
      }
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, Object> response = new LinkedHashMap<>();
              response.put("results", results.stream().map(CompletableFuture::join).toList());
              return response;
            });
  }

  private static Map<String, Object> item(
      int index, int status, DecisionView decision, InvalidClaimException invalid) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("index", index);
    item.put("status", status);
    if (decision != null) {
      item.put("decision", decision);
    } else {
      item.put("error", ErrorBody.invalidClaim(invalid));
    }
    return item;
  }
}
