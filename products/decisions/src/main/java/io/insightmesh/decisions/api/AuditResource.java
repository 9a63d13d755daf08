package io.insightmesh.decisions.api;

import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.service.CaseWork;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/audit?limit=}: the latest audit entries, newest first, for admins. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AuditResource {
  private static final int DEFAULT_LIMIT = 100;
  private final CaseWork work;

  public AuditResource(CaseWork work) {
    this.work = work;
  }

  @GET
  public Map<String, List<AuditEntry>> recent(@QueryParam("limit") String limit) {
    int count = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        count = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (count < 1 || count > AuditLog.RECENT) {
        throw new InvalidParameterException(
            "limit", "must be an integer from 1 to " + AuditLog.RECENT);
      }
    }
    return Map.of("entries", work.audit().recent(count));
  }
}
