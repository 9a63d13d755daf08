package io.insightmesh.decisions.api;

import io.insightmesh.decisions.admin.BlockListStoreFailedException;
import io.insightmesh.decisions.admin.InvalidBlockListRequestException;
import io.insightmesh.decisions.admin.NoSuchBlockListEntryException;
import io.insightmesh.decisions.admin.NoSuchBlockListException;
import io.insightmesh.decisions.admin.RulesetStoreFailedException;
import io.insightmesh.decisions.audit.AuditLogFailedException;
import io.insightmesh.decisions.features.InvalidBlockListEntryException;
import io.insightmesh.decisions.rules.InvalidRulesetException;
import io.insightmesh.decisions.rules.NoSuchRuleException;
import io.insightmesh.decisions.rules.RuleCompilationException;
import io.insightmesh.decisions.rules.StaleRulesetVersionException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps the failures of the rules and block-list APIs to their statuses, in the engine's error
 * shape:
 *
 * <table>
 *   <caption>condition, status, code</caption>
 *   <tr><td>invalid ruleset or change (shape, field)</td><td>400</td><td>invalid-ruleset</td></tr>
 *   <tr><td>a rule does not compile</td><td>422</td><td>rule-does-not-compile</td></tr>
 *   <tr><td>version not greater than the one in force</td><td>409</td><td>stale-ruleset-version</td></tr>
 *   <tr><td>removal of a rule the ruleset lacks</td><td>409</td><td>no-such-rule</td></tr>
 *   <tr><td>ruleset not durable</td><td>503</td><td>ruleset-store-failed</td></tr>
 *   <tr><td>value not in the list's format</td><td>400</td><td>invalid-block-list-entry</td></tr>
 *   <tr><td>malformed block list request</td><td>400</td><td>invalid-block-list-request</td></tr>
 *   <tr><td>unknown list, value not on the list</td><td>404</td><td>no-such-block-list(-entry)</td></tr>
 *   <tr><td>block list change not durable</td><td>503</td><td>block-list-store-failed</td></tr>
 *   <tr><td>audit log not writable, so the change was not made</td><td>503</td><td>audit-failed</td></tr>
 * </table>
 *
 * Messages name fields, rules and formats, never a block-listed value.
 */
public class AdministrationErrorMapper {
  private static final Logger LOG = Logger.getLogger(AdministrationErrorMapper.class);

  @ServerExceptionMapper
  public Response invalidRuleset(InvalidRulesetException e) {
    return error(400, "invalid-ruleset", e.getMessage());
  }

  @ServerExceptionMapper
  public Response doesNotCompile(RuleCompilationException e) {
    Map<String, Object> error = ErrorBody.of("rule-does-not-compile", e.getMessage());
    error.put("rule_id", e.ruleId());
    error.put("compiler_message", e.compilerMessage());
    return json(422, error);
  }

  @ServerExceptionMapper
  public Response staleVersion(StaleRulesetVersionException e) {
    return error(409, "stale-ruleset-version", e.getMessage());
  }

  @ServerExceptionMapper
  public Response noSuchRule(NoSuchRuleException e) {
    return error(409, "no-such-rule", e.getMessage());
  }

  @ServerExceptionMapper
  public Response rulesetNotDurable(RulesetStoreFailedException e) {
    LOG.error("A ruleset change was refused: it could not be stored", e);
    return error(503, "ruleset-store-failed", e.getMessage());
  }

  @ServerExceptionMapper
  public Response invalidEntry(InvalidBlockListEntryException e) {
    return error(400, "invalid-block-list-entry", e.getMessage());
  }

  @ServerExceptionMapper
  public Response invalidBlockListRequest(InvalidBlockListRequestException e) {
    return error(400, "invalid-block-list-request", e.getMessage());
  }

  @ServerExceptionMapper
  public Response noSuchBlockList(NoSuchBlockListException e) {
    return error(404, "no-such-block-list", e.getMessage());
  }

  @ServerExceptionMapper
  public Response noSuchEntry(NoSuchBlockListEntryException e) {
    return error(404, "no-such-block-list-entry", e.getMessage());
  }

  @ServerExceptionMapper
  public Response blockListNotDurable(BlockListStoreFailedException e) {
    LOG.error("A block list change was refused: it could not be stored", e);
    return error(503, "block-list-store-failed", e.getMessage());
  }

  @ServerExceptionMapper
  public Response auditFailed(AuditLogFailedException e) {
    // A change is audited before it is made (see the admin package), so this one was not made.
    LOG.error("An administrative change was refused: it could not be audited", e);
    return error(503, "audit-failed", e.getMessage());
  }

  private static Response error(int status, String code, String message) {
    return json(status, ErrorBody.of(code, message));
  }

  private static Response json(int status, Map<String, Object> error) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", error))
        .build();
  }
}
