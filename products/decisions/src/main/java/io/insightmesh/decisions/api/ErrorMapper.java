package io.insightmesh.decisions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.insightmesh.decisions.assess.ClaimsHeldException;
import io.insightmesh.decisions.assess.InvalidClaimException;
import io.insightmesh.decisions.assess.WithheldMessages;
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
 * Maps each failure to its status once, in the engine's error shape, for the RESTEasy resources and
 * for {@link AssessmentRoute} alike. Messages name fields and rules, never values: a claim's fields
 * are personal data.
 */
public class ErrorMapper {
  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  /**
   * The fields a body the engine reads may have (a claim's, an outcome's, a block-list entry's): a
   * key given twice is named only if it is one of them, since any other may be a value.
   */
  private static final java.util.Set<String> BODY_FIELDS =
      java.util.stream.Stream.concat(
              io.insightmesh.contracts.claims.Claim.getClassSchema().getFields().stream()
                  .map(org.apache.avro.Schema.Field::name),
              java.util.stream.Stream.of("outcome", "reason", "supersedes", "value"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** A failure's answer: its status, its JSON body and whether it asks for a retry in a second. */
  record Refusal(int status, Map<String, Object> body, boolean retryAfterOneSecond) {}

  /**
   * The answer to {@code failure}, thrown by a request's handling or failing its decision's future
   * (then wrapped in a {@link CompletionException}); anything unforeseen is a logged 500.
   */
  static Refusal refusal(Throwable failure) {
    if (failure instanceof InvalidClaimException invalid) {
      return new Refusal(400, Map.of("error", ErrorBody.invalidClaim(invalid)), false);
    } else if (failure instanceof InvalidBatchException batch) {
      return new Refusal(
          400, Map.of("error", ErrorBody.of("invalid-batch", batch.getMessage())), false);
    } else if (failure instanceof JsonProcessingException
        || failure instanceof java.io.CharConversionException) {
      return new Refusal(
          400, Map.of("error", ErrorBody.of("invalid-json", unreadableBody(failure))), false);
    } else if (failure instanceof ClaimsHeldException held) {
      return new Refusal(
          503, Map.of("error", ErrorBody.of(held.code(), held.getMessage())), held.retrySoon());
    } else if (failure instanceof CompletionException wrapped) {
      return unwrapped(wrapped.getCause());
    }
    return unwrapped(failure);
  }

  /** The decision log's failures, as they reach a decision's future. */
  private static Refusal unwrapped(Throwable cause) {
    if (cause instanceof DecisionLogFullException) {
      return new Refusal(
          503,
          Map.of(
              "error",
              ErrorBody.of("overloaded", "The decision log is full; retry the same claim shortly")),
          true);
    } else if (cause instanceof DecisionLogFailedException) {
      LOG.error("Assessment refused: the decision log cannot write", cause);
      return new Refusal(
          503,
          Map.of(
              "error",
              ErrorBody.of(
                  "log-unavailable",
                  "Decisions cannot be made durable; nothing was acknowledged, retry the same"
                      + " claim after the engine restarts")),
          false);
    } else if (cause instanceof DecisionLogClosedException) {
      return new Refusal(
          503,
          Map.of("error", ErrorBody.of("shutting-down", "The engine is stopping; retry")),
          false);
    }
    LOG.error("Assessment failed", WithheldMessages.of(cause));
    return new Refusal(
        500, Map.of("error", ErrorBody.of("internal", "The assessment failed")), false);
  }

  /**
   * Why a body is not JSON the engine reads, and where, without a word of the body: Jackson's own
   * messages quote the tokens they stopped at, which may be a NINO. A field given twice is named
   * only if it is a field of one of the engine's bodies ({@link #BODY_FIELDS}).
   */
  private static String unreadableBody(Throwable failure) {
    String why = "The body is not valid JSON";
    if (failure instanceof JsonProcessingException json) {
      String original = json.getOriginalMessage();
      if (original != null && original.startsWith("Duplicate field '")) {
        String field = original.substring("Duplicate field '".length(), original.length() - 1);
        why +=
            BODY_FIELDS.contains(field)
                ? ": field '" + field + "' is given twice"
                : ": a field is given twice";
      } else if (original != null && original.startsWith("Trailing")) {
        why += ": there is more after its value";
      }
      com.fasterxml.jackson.core.JsonLocation at = json.getLocation();
      if (at != null && at.getLineNr() > 0) {
        why += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      }
    } else {
      why += ": its encoding is not UTF-8, UTF-16 or UTF-32";
    }
    return why;
  }

  /**
   * A body the RESTEasy resources could not read: Quarkus's JSON reader answers it with a bare 400
   * (no code, no reason) that this gives the engine's shape; any other such exception keeps its own
   * answer.
   */
  @ServerExceptionMapper
  public Response unreadableRequest(WebApplicationException e) {
    Throwable cause = e.getCause();
    if (cause instanceof JsonProcessingException
        || cause instanceof java.io.CharConversionException) {
      return response(refusal(cause));
    }
    return e.getResponse();
  }

  @ServerExceptionMapper
  public Response invalidClaim(InvalidClaimException e) {
    return response(refusal(e));
  }

  @ServerExceptionMapper
  public Response invalidBatch(InvalidBatchException e) {
    return response(refusal(e));
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException e) {
    return response(refusal(e));
  }

  /** Ahead of Quarkus's own mapper for this subtype, which answers without a body. */
  @ServerExceptionMapper
  public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
    return response(refusal(e));
  }

  /** Bytes in no encoding JSON may have: Jackson says so before it reads a token. */
  @ServerExceptionMapper
  public Response undecodable(java.io.CharConversionException e) {
    return response(refusal(e));
  }

  @ServerExceptionMapper
  public Response logFull(DecisionLogFullException e) {
    return response(refusal(e));
  }

  @ServerExceptionMapper
  public Response logUnavailable(DecisionLogFailedException e) {
    return response(refusal(e));
  }

  @ServerExceptionMapper
  public Response held(ClaimsHeldException e) {
    return response(refusal(e));
  }

  @ServerExceptionMapper
  public Response logClosed(DecisionLogClosedException e) {
    return response(refusal(e));
  }

  @ServerExceptionMapper
  public Response wrapped(CompletionException e) {
    if (e.getCause() instanceof WebApplicationException web) {
      return web.getResponse();
    }
    return response(refusal(e));
  }

  private static Response response(Refusal refusal) {
    Response.ResponseBuilder response =
        Response.status(refusal.status()).type(MediaType.APPLICATION_JSON).entity(refusal.body());
    if (refusal.retryAfterOneSecond()) {
      response.header("Retry-After", "1");
    }
    return response.build();
  }
}
