package io.insightmesh.decisions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.insightmesh.decisions.admin.RulesetUpdate;
import io.insightmesh.decisions.features.Feature;
import io.insightmesh.decisions.features.FeatureType;
import io.insightmesh.decisions.rules.Rule;
import io.insightmesh.decisions.rules.Ruleset;
import java.util.List;
import java.util.function.Function;

/**
 * The ruleset in force as {@code GET /api/v1/rules} answers it, with the CEL variables rules may
 * read, so analysts can write rules against it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RulesetView(
    @JsonProperty("version") String version,
    @JsonProperty("flag_threshold") double flagThreshold,
    @JsonProperty("rules") List<RuleView> rules,
    @JsonProperty("variables") List<VariableView> variables) {

  /** One rule, fields as in the ruleset's YAML; no description for readers not shown them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleView(
      @JsonProperty("id") String id,
      @JsonProperty("code") String code,
      @JsonProperty("text") String text,
      @JsonProperty("description") String description,
      @JsonProperty("expression") String expression,
      @JsonProperty("action") String action,
      @JsonProperty("weight") double weight) {}

  /** One CEL variable: its name as rules write it, its CEL type and what it holds. */
  public record VariableView(
      @JsonProperty("name") String name,
      @JsonProperty("type") String type,
      @JsonProperty("description") String description) {}

  /** What an accepted change did. */
  public record UpdateView(
      @JsonProperty("previous_version") String previousVersion,
      @JsonProperty("version") String version,
      @JsonProperty("flag_threshold") double flagThreshold,
      @JsonProperty("added") List<String> added,
      @JsonProperty("modified") List<String> modified,
      @JsonProperty("removed") List<String> removed) {
    static UpdateView of(RulesetUpdate update) {
      return new UpdateView(
          update.previousVersion().toString(),
          update.version().toString(),
          update.flagThreshold(),
          update.added(),
          update.modified(),
          update.removed());
    }
  }

  /** The ruleset whole, as analysts and admins read it. */
  static RulesetView of(Ruleset ruleset, List<Feature> variables) {
    return of(ruleset, variables, Rule::description);
  }

  /** The ruleset without the rules' descriptions, the analysts' own notes. */
  static RulesetView withoutDescriptions(Ruleset ruleset, List<Feature> variables) {
    return of(ruleset, variables, rule -> null);
  }

  private static RulesetView of(
      Ruleset ruleset, List<Feature> variables, Function<Rule, String> description) {
    return new RulesetView(
        ruleset.version().toString(),
        ruleset.flagThreshold(),
        ruleset.rules().stream().map(rule -> rule(rule, description.apply(rule))).toList(),
        variables.stream()
            .map(
                feature -> new VariableView(feature.name(), celType(feature.type()), feature.doc()))
            .toList());
  }

  private static RuleView rule(Rule rule, String description) {
    return new RuleView(
        rule.id(),
        rule.code(),
        rule.text(),
        description,
        rule.expression(),
        rule.action().name(),
        rule.weight());
  }

  /** The type as CEL names it, which is what an analyst writes against. */
  static String celType(FeatureType type) {
    switch (type) {
      case BOOL:
        return "bool";
      case INT:
        return "int";
      case DOUBLE:
        return "double";
      case STRING:
        return "string";
      case MAP_STRING_INT:
        return "map(string, int)";
      default:
        throw new AssertionError(type);
    }
  }
}
