package io.insightmesh.decisions.api;

import io.insightmesh.decisions.cases.CaseOutcome;
import io.insightmesh.decisions.search.Hit;
import io.insightmesh.decisions.search.Link;
import io.insightmesh.decisions.search.SearchRequest;
import io.insightmesh.decisions.search.SearchResult;
import io.insightmesh.decisions.service.CaseWork;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET /api/v1/search?<criterion>=<value>&reason=<why>[&limit=][&cursor=]}: claims with their
 * decisions, outcomes and linked claimants, for case workers. Every search is audited first.
 */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"case-worker", "admin"})
public class SearchResource {
  private final CaseWork work;

  public SearchResource(CaseWork work) {
    this.work = work;
  }

  @GET
  public Map<String, Object> search(@Context UriInfo uri, @Context SecurityContext security) {
    SearchRequest request = SearchRequest.parse(uri.getQueryParameters());
    SearchResult result = work.search().search(subject(security), request);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("criterion", result.criterion().parameter());
    List<Map<String, Object>> claims = new ArrayList<>();
    for (Hit hit : result.hits()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("claim", ClaimView.of(hit.record().claim()));
      item.put("decision", DecisionView.of(hit.record().decision()));
      CaseOutcome outcome = result.outcomes().get(hit.record().claim().getClaimId());
      if (outcome != null) {
        item.put("outcome", OutcomeResource.view(outcome));
      }
      if (hit.similarity().isPresent()) {
        item.put("similarity", Math.round(hit.similarity().getAsDouble() * 1000) / 1000.0);
      }
      claims.add(item);
    }
    body.put("results", claims);
    List<Map<String, Object>> claimants = new ArrayList<>();
    for (Map.Entry<String, List<Link>> entry : result.links().entrySet()) {
      Map<String, Object> claimant = new LinkedHashMap<>();
      claimant.put("claimant_id", entry.getKey());
      List<Map<String, Object>> links = new ArrayList<>();
      for (Link link : entry.getValue()) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("claimant_id", link.claimantId());
        view.put("via", link.via().label());
        view.put("shared_claims", link.sharedClaims());
        links.add(view);
      }
      claimant.put("links", links);
      claimants.add(claimant);
    }
    body.put("claimants", claimants);
    result.nextCursor().ifPresent(cursor -> body.put("next_cursor", cursor));
    return body;
  }

  /** The token's subject: who is audited. */
  static String subject(SecurityContext security) {
    if (security.getUserPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
      return token.getSubject();
    }
    return security.getUserPrincipal().getName();
  }
}
