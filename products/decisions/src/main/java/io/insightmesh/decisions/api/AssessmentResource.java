package io.insightmesh.decisions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.decisions.assess.ClaimParser;
import io.insightmesh.decisions.assess.InvalidClaimException;
import io.insightmesh.decisions.service.Engine;
import io.insightmesh.decisions.service.EngineConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/v1/assessments/batch}: many claims in one request. Submitting is for the claims
 * intake (the claims domain), the engine's own principal and admins. A single claim is {@link
 * AssessmentRoute}'s, a plain Vert.x route.
 */
@Path("/api/v1/assessments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"domain-owner:claims", "scoring-engine", "admin"})
public class AssessmentResource {
  private final Engine engine;
  private final EngineConfig config;
  private final ClaimParser parser = new ClaimParser();

  public AssessmentResource(Engine engine, EngineConfig config) {
    this.engine = engine;
    this.config = config;
  }

  /**
   * Many claims in one request. Each answers on its own: a decision, the contract rules it broke
   * (nothing is logged for it), or why it could not be decided now (the log full, claims held, the
   * engine stopping: retry that claim). The response comes once every decision is durable; the
   * claims decided before one was refused stay decided, so a refusal is never the whole request's.
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
                .handle(
                    (decision, failure) ->
                        failure == null
                            ? item(position, 200, DecisionView.of(decision), null)
                            : refused(position, failure)));
      } catch (InvalidClaimException e) {
        results.add(CompletableFuture.completedFuture(item(position, 400, null, e)));
      } catch (RuntimeException e) {
        results.add(CompletableFuture.completedFuture(refused(position, e)));
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

  /** A claim of the batch that was not decided, answered as it would be alone. */
  private static Map<String, Object> refused(int index, Throwable failure) {
    ErrorMapper.Refusal refusal = ErrorMapper.refusal(failure);
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("index", index);
    item.put("status", refusal.status());
    item.put("error", refusal.body().get("error"));
    return item;
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
