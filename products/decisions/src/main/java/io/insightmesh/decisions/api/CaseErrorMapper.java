package io.insightmesh.decisions.api;

import io.insightmesh.decisions.cases.InvalidOutcomeException;
import io.insightmesh.decisions.cases.NoSuchClaimException;
import io.insightmesh.decisions.cases.OutcomeExistsException;
import io.insightmesh.decisions.cases.OutcomeStoreFailedException;
import io.insightmesh.decisions.journal.JournalFailedException;
import io.insightmesh.decisions.search.InvalidSearchException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps the failures of search, outcomes and audit to their status, in the engine's error shape
 * ({@link ErrorBody}). Messages name parameters, fields and rules, never searched values.
 */
public class CaseErrorMapper {
  private static final Logger LOG = Logger.getLogger(CaseErrorMapper.class);

  @ServerExceptionMapper
  public Response invalidSearch(InvalidSearchException e) {
    Map<String, Object> error = ErrorBody.of("invalid-search", e.getMessage());
    error.put("parameter", e.parameter());
    return json(400, error);
  }

  @ServerExceptionMapper
  public Response invalidParameter(InvalidParameterException e) {
    return json(400, ErrorBody.of("invalid-parameter", e.getMessage()));
  }

  @ServerExceptionMapper
  public Response invalidOutcome(InvalidOutcomeException e) {
    return json(400, ErrorBody.of("invalid-outcome", e.getMessage()));
  }

  @ServerExceptionMapper
  public Response noSuchClaim(NoSuchClaimException e) {
    return json(404, ErrorBody.of("no-such-claim", e.getMessage()));
  }

  @ServerExceptionMapper
  public Response outcomeExists(OutcomeExistsException e) {
    Map<String, Object> error = ErrorBody.of("outcome-exists", e.getMessage());
    error.put("existing", OutcomeResource.view(e.existing()));
    return json(409, error);
  }

  @ServerExceptionMapper
  public Response journalFailed(JournalFailedException e) {
    // Only the audit log's failures arrive here, and every act is audited before it is done or
    // answered; the outcome store's come wrapped (below), since its outcome was audited.
    LOG.error("The audit log cannot write", e);
    return json(
        503,
        ErrorBody.of(
            "journal-unavailable",
            "The audit log cannot write, so nothing was answered or recorded; it accepts nothing"
                + " more until the engine restarts"));
  }

  @ServerExceptionMapper
  public Response outcomeNotDurable(OutcomeStoreFailedException e) {
    LOG.error("An outcome was refused: it was audited but could not be stored", e);
    return json(503, ErrorBody.of("outcome-store-failed", e.getMessage()));
  }

  private static Response json(int status, Map<String, Object> error) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", error))
        .build();
  }
}
