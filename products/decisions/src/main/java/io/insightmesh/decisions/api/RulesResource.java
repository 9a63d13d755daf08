package io.insightmesh.decisions.api;

import io.insightmesh.decisions.api.RulesetView.UpdateView;
import io.insightmesh.decisions.features.Feature;
import io.insightmesh.decisions.rules.Rule;
import io.insightmesh.decisions.rules.RuleChange;
import io.insightmesh.decisions.rules.Ruleset;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.rules.RulesetWriter;
import io.insightmesh.decisions.service.Administration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * The rules API. {@code GET /api/v1/rules}: the ruleset in force and the variables rules may read
 * (JSON), or the ruleset alone in its YAML form ({@code Accept: application/yaml}), ready to edit
 * and {@code PUT} back. {@code PUT /api/v1/rules}: a whole new ruleset, YAML or JSON. {@code POST
 * /api/v1/rules/changes}: rules to add or replace and rule ids to remove. A change answers 200 only
 * once it is durable and in force.
 *
 * <p>Rules' descriptions are the analysts' own notes (why a threshold is where it is, what a rule
 * is after), written on the rules guide's promise that case workers never see them: only analysts
 * and admins read them; every other reader gets the rules without.
 */
@Path("/api/v1/rules")
public class RulesResource {
  static final String YAML = "application/yaml";

  private final Administration administration;

  public RulesResource(Administration administration) {
    this.administration = administration;
  }

  @GET
  @Produces({MediaType.APPLICATION_JSON, YAML, "text/yaml"})
  @RolesAllowed({"analyst", "pii-analyst", "case-worker", "admin", "scoring-engine"})
  public Response get(@Context HttpHeaders headers, @Context SecurityContext security) {
    Ruleset ruleset = administration.rules().current().ruleset();
    boolean notes = readsDescriptions(security);
    if (prefersYaml(headers)) {
      return Response.ok(RulesetWriter.yaml(notes ? ruleset : withoutDescriptions(ruleset)), YAML)
          .build();
    }
    List<Feature> variables = administration.rules().variables();
    return Response.ok(
            notes
                ? RulesetView.of(ruleset, variables)
                : RulesetView.withoutDescriptions(ruleset, variables),
            MediaType.APPLICATION_JSON)
        .build();
  }

  /** Analysts, who write the notes, and admins; a role added later does not see them unasked. */
  private static boolean readsDescriptions(SecurityContext security) {
    return security.isUserInRole("analyst")
        || security.isUserInRole("pii-analyst")
        || security.isUserInRole("admin");
  }

  /** The ruleset with every description empty, which its YAML form leaves out. */
  private static Ruleset withoutDescriptions(Ruleset ruleset) {
    return new Ruleset(
        ruleset.version(),
        ruleset.flagThreshold(),
        ruleset.rules().stream()
            .map(
                rule ->
                    new Rule(
                        rule.id(),
                        rule.code(),
                        rule.text(),
                        "",
                        rule.expression(),
                        rule.action(),
                        rule.weight()))
            .toList());
  }

  @PUT
  @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({"analyst", "admin"})
  public UpdateView replace(
      String body, @QueryParam("dry-run") String dryRun, @Context SecurityContext security) {
    Ruleset proposed = RulesetLoader.parse(body, "in the request body");
    return UpdateView.of(
        dryRun(dryRun)
            ? administration.rules().tryReplace(proposed, principal(security))
            : administration.rules().replace(proposed, principal(security)));
  }

  @POST
  @Path("/changes")
  @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({"analyst", "admin"})
  public UpdateView change(
      String body, @QueryParam("dry-run") String dryRun, @Context SecurityContext security) {
    RuleChange change = RulesetLoader.parseChange(body, "in the request body");
    return UpdateView.of(
        dryRun(dryRun)
            ? administration.rules().tryChange(change, principal(security))
            : administration.rules().change(change, principal(security)));
  }

  /**
   * Whether a change is only to be checked ({@code ?dry-run=true}): compiled and compared with the
   * ruleset in force, answered as if made, and neither put in force, stored nor audited.
   */
  private static boolean dryRun(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new InvalidParameterException("dry-run", "must be true or false");
  }

  static String principal(SecurityContext security) {
    return security.getUserPrincipal().getName();
  }

  private static boolean prefersYaml(HttpHeaders headers) {
    for (MediaType accepted : headers.getAcceptableMediaTypes()) {
      if (accepted.isWildcardType() || accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
        return false;
      }
      if (accepted.getSubtype().equals("yaml") || accepted.getSubtype().equals("x-yaml")) {
        return true;
      }
    }
    return false;
  }
}
