package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads rulesets from YAML:
 *
 * <pre>{@code
 * version: 2026.11.1          # <year>.<month>.<revision>
 * flag_threshold: 0.5         # risk score that FLAGs a claim no rule rejects
 * rules:
 *   - id: over-cap
 *     code: OVER_CAP
 *     action: REJECT          # REJECT, FLAG or SCORE
 *     weight: 0.9             # 0 to 1, added to the risk score when it fires
 *     text: The amount claimed is above the scheme's cap.   # for case workers
 *     description: ...        # optional, for analysts
 *     expression: claim.has_cap && claim.amount_claimed > claim.cap
 * }</pre>
 *
 * Unknown fields are refused (a misspelt {@code weigth} must not silently mean weight 0). Every
 * error names the source, the rule (by id, or by position when it has none) and the field. Input is
 * bounded: at most {@value #MAX_BYTES} bytes. The shipped ruleset is {@value #SHIPPED} on the class
 * path.
 */
public final class RulesetLoader {
  /** The shipped ruleset's class path resource. */
  public static final String SHIPPED = "rules/ruleset.yaml";

  /** The largest ruleset file read, in bytes. */
  public static final int MAX_BYTES = 1 << 20;

  // A key given twice (a rule's weight, its expression) would otherwise keep the last silently.
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> RULESET_FIELDS = Set.of("version", "flag_threshold", "rules");
  private static final Set<String> CHANGE_FIELDS = Set.of("version", "upserts", "removals");
  private static final Set<String> RULE_FIELDS =
      Set.of("id", "code", "text", "description", "expression", "action", "weight");

  private RulesetLoader() {}

  /**
   * The ruleset shipped in this module.
   *
   * @throws InvalidRulesetException if it is missing or invalid (a packaging bug)
   */
  public static Ruleset shipped() {
    try (InputStream in = RulesetLoader.class.getClassLoader().getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new InvalidRulesetException("Ruleset " + SHIPPED + " is not on the class path");
      }
      return load(in, SHIPPED);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ruleset " + SHIPPED, e);
    }
  }

  /**
   * Reads a ruleset file.
   *
   * @throws InvalidRulesetException if it is too large, not YAML, or not a valid ruleset
   * @throws UncheckedIOException if it cannot be read
   */
  public static Ruleset load(Path file) {
    requireNonNull(file, "file is null");
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ruleset " + file, e);
    }
  }

  /**
   * Reads a ruleset from a stream, which it does not close.
   *
   * @param source names the input in error messages
   * @throws InvalidRulesetException if it is too large, not YAML, or not a valid ruleset
   * @throws UncheckedIOException if it cannot be read
   */
  public static Ruleset load(InputStream in, String source) {
    requireNonNull(in, "in is null");
    requireNonNull(source, "source is null");
    byte[] bytes;
    try {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ruleset " + source, e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new InvalidRulesetException(
          "Ruleset " + source + " is larger than " + MAX_BYTES + " bytes");
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), source);
  }

  /**
   * Parses a ruleset from YAML text.
   *
   * @param source names the input in error messages
   * @throws InvalidRulesetException if it is too large, not YAML, or not a valid ruleset
   */
  public static Ruleset parse(String yaml, String source) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(source, "source is null");
    String where = "Ruleset " + source;
    JsonNode root = tree(yaml, where);
    if (root == null || !root.isObject()) {
      throw new InvalidRulesetException(
          where + " must be a mapping with fields version, flag_threshold and rules");
    }
    refuseUnknown(root, RULESET_FIELDS, where);
    try {
      RulesetVersion version = RulesetVersion.parse(text(root, "version", where));
      double threshold = number(root, "flag_threshold", where);
      JsonNode rulesNode = root.get("rules");
      if (rulesNode == null || !rulesNode.isArray()) {
        throw new InvalidRulesetException(where + ": field rules must be a list of rules");
      }
      List<Rule> rules = new ArrayList<>(rulesNode.size());
      for (int i = 0; i < rulesNode.size(); i++) {
        rules.add(rule(rulesNode.get(i), where, i));
      }
      return new Ruleset(version, threshold, rules);
    } catch (InvalidRulesetException e) {
      if (e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new InvalidRulesetException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a rule change from YAML or JSON text (JSON is YAML):
   *
   * <pre>{@code
   * version: 2026.11.2          # of the resulting ruleset
   * upserts:                    # rules to add or replace by id, as in a ruleset; may be absent
   *   - id: ...
   * removals: [ip-burst]        # ids of rules to remove; may be absent
   * }</pre>
   *
   * @param source names the input in error messages
   * @throws InvalidRulesetException if it is too large, not YAML, or not a valid change
   */
  public static RuleChange parseChange(String yaml, String source) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(source, "source is null");
    String where = "Rule change " + source;
    JsonNode root = tree(yaml, where);
    if (root == null || !root.isObject()) {
      throw new InvalidRulesetException(
          where + " must be a mapping with fields version, upserts and removals");
    }
    refuseUnknown(root, CHANGE_FIELDS, where);
    try {
      RulesetVersion version = RulesetVersion.parse(text(root, "version", where));
      List<Rule> upserts = new ArrayList<>();
      JsonNode upsertsNode = root.get("upserts");
      if (upsertsNode != null && !upsertsNode.isNull()) {
        if (!upsertsNode.isArray()) {
          throw new InvalidRulesetException(where + ": field upserts must be a list of rules");
        }
        if (upsertsNode.size() > Ruleset.MAX_RULES) {
          throw new InvalidRulesetException(
              where + ": field upserts holds more than " + Ruleset.MAX_RULES + " rules");
        }
        for (int i = 0; i < upsertsNode.size(); i++) {
          upserts.add(rule(upsertsNode.get(i), where, "upserts", i));
        }
      }
      List<String> removals = new ArrayList<>();
      JsonNode removalsNode = root.get("removals");
      if (removalsNode != null && !removalsNode.isNull()) {
        if (!removalsNode.isArray()) {
          throw new InvalidRulesetException(where + ": field removals must be a list of rule ids");
        }
        for (int i = 0; i < removalsNode.size(); i++) {
          JsonNode id = removalsNode.get(i);
          if (!id.isTextual() || !id.asText().matches(Rule.ID_FORMAT)) {
            throw new InvalidRulesetException(
                where + ": field removals[" + i + "] must be a rule id matching " + Rule.ID_FORMAT);
          }
          removals.add(id.asText());
        }
      }
      if (upserts.isEmpty() && removals.isEmpty()) {
        throw new InvalidRulesetException(
            where + ": fields upserts and removals are both empty: a change must change a rule");
      }
      return new RuleChange(version, upserts, removals);
    } catch (InvalidRulesetException e) {
      if (e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new InvalidRulesetException(where + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode tree(String yaml, String where) {
    if (yaml.length() > MAX_BYTES) {
      throw new InvalidRulesetException(where + " is larger than " + MAX_BYTES + " characters");
    }
    // JSON is read as JSON: YAML would refuse a JSON document indented with tabs.
    boolean json = yaml.stripLeading().startsWith("{");
    try {
      return json ? JSON.readTree(yaml) : YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new InvalidRulesetException(
          where + " is not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
    }
  }

  private static Rule rule(JsonNode node, String ruleset, int index) {
    return rule(node, ruleset, "rules", index);
  }

  private static Rule rule(JsonNode node, String ruleset, String list, int index) {
    String position = list + "[" + index + "]";
    if (node == null || !node.isObject()) {
      throw new InvalidRulesetException(ruleset + ": " + position + " must be a mapping");
    }
    JsonNode idNode = node.get("id");
    String where =
        ruleset
            + ": rule "
            + (idNode != null && idNode.isTextual()
                ? idNode.asText() + " (" + position + ")"
                : position);
    refuseUnknown(node, RULE_FIELDS, where);
    String action = text(node, "action", where);
    RuleAction parsedAction;
    try {
      parsedAction = RuleAction.valueOf(action.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRulesetException(
          where + ": field action must be REJECT, FLAG or SCORE, was '" + action + "'");
    }
    JsonNode description = node.get("description");
    if (description != null && !description.isNull() && !description.isTextual()) {
      throw new InvalidRulesetException(where + ": field description must be text");
    }
    String id = text(node, "id", where);
    String code = text(node, "code", where);
    String text = text(node, "text", where);
    String expression = text(node, "expression", where);
    double weight = number(node, "weight", where);
    try {
      return new Rule(
          id,
          code,
          text,
          description == null || description.isNull() ? "" : description.asText(),
          expression,
          parsedAction,
          weight);
    } catch (InvalidRulesetException e) {
      // The model's own checks name the rule and field; add the source.
      throw new InvalidRulesetException(ruleset + ": " + e.getMessage(), e);
    }
  }

  private static void refuseUnknown(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new InvalidRulesetException(
            where + ": field " + name + " is unknown; known fields are " + sorted(known));
      }
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidRulesetException(where + ": field " + field + " is required");
    }
    if (!value.isValueNode() || value.isBoolean()) {
      throw new InvalidRulesetException(where + ": field " + field + " must be text");
    }
    return value.asText();
  }

  private static double number(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidRulesetException(where + ": field " + field + " is required");
    }
    if (!value.isNumber()) {
      throw new InvalidRulesetException(
          where + ": field " + field + " must be a number, was '" + value.asText() + "'");
    }
    return value.asDouble();
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
