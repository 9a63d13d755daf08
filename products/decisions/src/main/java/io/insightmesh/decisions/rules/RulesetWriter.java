package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Writes a ruleset in the YAML form {@link RulesetLoader} reads, so that {@code
 * RulesetLoader.parse(RulesetWriter.yaml(ruleset), ...)} equals the ruleset. Every text is quoted:
 * an unquoted {@code yes} or {@code 1.0} would read back as a boolean or number.
 */
public final class RulesetWriter {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private RulesetWriter() {}

  /** The ruleset as YAML, preceded by the given comment lines (each written after {@code # }). */
  public static String yaml(Ruleset ruleset, String... comments) {
    requireNonNull(ruleset, "ruleset is null");
    ObjectNode root = YAML.createObjectNode();
    root.put("version", ruleset.version().toString());
    root.put("flag_threshold", ruleset.flagThreshold());
    ArrayNode rules = root.putArray("rules");
    for (Rule rule : ruleset.rules()) {
      ObjectNode node = rules.addObject();
      node.put("id", rule.id());
      node.put("code", rule.code());
      node.put("action", rule.action().name());
      node.put("weight", rule.weight());
      node.put("text", rule.text());
      if (!rule.description().isEmpty()) {
        node.put("description", rule.description());
      }
      node.put("expression", rule.expression());
    }
    StringBuilder text = new StringBuilder();
    for (String comment : comments) {
      for (String line : comment.split("\n", -1)) {
        text.append("# ").append(line).append('\n');
      }
    }
    try {
      return text.append(YAML.writeValueAsString(root)).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A ruleset tree always serialises", e);
    }
  }
}
