package io.insightmesh.decisions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.insightmesh.decisions.assess.EngineRecoveringException;
import io.insightmesh.decisions.assess.InvalidClaimException;
import io.insightmesh.decisions.log.DecisionLogClosedException;
import io.insightmesh.decisions.log.DecisionLogFailedException;
import io.insightmesh.decisions.log.DecisionLogFullException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps each failure to its status once, in the engine's error shape. Messages name fields and
 * rules, never values: a claim's fields are personal data.
 */
public class ErrorMapper {
  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  @ServerExceptionMapper
  public Response invalidClaim(InvalidClaimException e) {
    return json(400, Map.of("error", ErrorBody.invalidClaim(e)));
  }

  @ServerExceptionMapper
  public Response invalidBatch(InvalidBatchException e) {
    return json(400, Map.of("error", ErrorBody.of("invalid-batch", e.getMessage())));
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException e) {
    return json(400, Map.of("error", ErrorBody.of("invalid-json", "The body is not valid JSON")));
  }

  @ServerExceptionMapper
  public Response logFull(DecisionLogFullException e) {
    return Response.fromResponse(
            json(
                503,
                Map.of(
                    "error",
                    ErrorBody.of(
                        "overloaded", "The decision log is full; retry the same claim shortly"))))
        .header("Retry-After", "1")
        .build();
  }

  @ServerExceptionMapper
  public Response logUnavailable(DecisionLogFailedException e) {
    LOG.error("Assessment refused: the decision log cannot write", e);
    return json(
        503,
        Map.of(
            "error",
            ErrorBody.of(
                "log-unavailable",
                "Decisions cannot be made durable; nothing was acknowledged, retry the same claim"
                    + " after the engine restarts")));
  }

  @ServerExceptionMapper
  public Response recovering(EngineRecoveringException e) {
    return Response.fromResponse(
            json(503, Map.of("error", ErrorBody.of("recovering", e.getMessage()))))
        .header("Retry-After", "1")
        .build();
  }

  @ServerExceptionMapper
  public Response logClosed(DecisionLogClosedException e) {
    return json(
        503, Map.of("error", ErrorBody.of("shutting-down", "The engine is stopping; retry")));
  }

  @ServerExceptionMapper
  public Response wrapped(CompletionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof DecisionLogFullException full) {
      return logFull(full);
    } else if (cause instanceof DecisionLogFailedException failed) {
      return logUnavailable(failed);
    } else if (cause instanceof DecisionLogClosedException closed) {
      return logClosed(closed);
    } else if (cause instanceof WebApplicationException web) {
      return web.getResponse();
    }
    LOG.error("Assessment failed", cause);
    return json(500, Map.of("error", ErrorBody.of("internal", "The assessment failed")));
  }

  private static Response json(int status, Object body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}
