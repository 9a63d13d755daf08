package io.insightmesh.decisions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.decisions.cases.CaseOutcome;
import io.insightmesh.decisions.cases.CaseStats;
import io.insightmesh.decisions.cases.OutcomeRequest;
import io.insightmesh.decisions.cases.RuleStats;
import io.insightmesh.decisions.cases.Verdict;
import io.insightmesh.decisions.service.CaseWork;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Case outcomes: {@code POST /api/v1/cases/{claim_id}/outcome} records what a case worker found,
 * {@code GET /api/v1/cases/stats} derives rule precision and decision rates from them.
 */
@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
public class OutcomeResource {
  private final CaseWork work;

  public OutcomeResource(CaseWork work) {
    this.work = work;
  }

  @POST
  @Path("/{claim_id}/outcome")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({"case-worker", "admin"})
  public Response record(
      @PathParam("claim_id") String claimId, JsonNode body, @Context SecurityContext security) {
    OutcomeRequest request = OutcomeRequest.parse(body);
    CaseOutcome outcome = work.cases().record(SearchResource.subject(security), claimId, request);
    return Response.status(201).type(MediaType.APPLICATION_JSON).entity(view(outcome)).build();
  }

  @GET
  @Path("/stats")
  @RolesAllowed({"case-worker", "analyst", "admin"})
  public Map<String, Object> stats() {
    CaseStats stats = work.stats();
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> decisions = new LinkedHashMap<>();
    decisions.put("total", stats.totalDecisions());
    Map<String, Object> rates = new LinkedHashMap<>();
    for (Outcome decision : Outcome.values()) {
      decisions.put(decision.name(), stats.decisions().get(decision));
      rates.put(decision.name().toLowerCase(Locale.ROOT), number(stats.rate(decision)));
    }
    body.put("decisions", decisions);
    body.put("rates", rates);
    Map<String, Object> outcomes = new LinkedHashMap<>();
    long total = 0;
    for (Verdict verdict : Verdict.values()) {
      long count = stats.outcomes().get(verdict);
      outcomes.put(verdict.name(), count);
      total += count;
    }
    outcomes.put("total", total);
    body.put("outcomes", outcomes);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (RuleStats rule : stats.rules()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("rule_id", rule.ruleId());
      view.put("fired", rule.fired());
      view.put("outcomes_known", rule.outcomesKnown());
      view.put("confirmed_fraud", rule.confirmedFraud());
      view.put("precision", number(rule.precision()));
      rules.add(view);
    }
    body.put("rules", rules);
    return body;
  }

  static Map<String, Object> view(CaseOutcome outcome) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("claim_id", outcome.claimId());
    view.put("outcome", outcome.verdict().name());
    view.put("reason", outcome.reason());
    view.put("recorded_by", outcome.recordedBy());
    view.put("recorded_at", outcome.recordedAt().toString());
    view.put("supersedes", outcome.supersedes());
    return view;
  }

  /** A ratio, or null while it is undefined (JSON has no NaN). */
  private static Double number(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
