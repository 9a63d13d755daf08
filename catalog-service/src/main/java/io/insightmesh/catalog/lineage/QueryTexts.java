package io.insightmesh.catalog.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps values out of the query texts and error messages lineage events carry (DESIGN.md §7: PII
 * never reaches lineage events or query texts stored by the platform). Events name tables and
 * columns; the values they hold only appear as literals: {@code WHERE nino = 'AB123456C'} in a
 * {@code sql} facet or Trino's query plan, or a rejected value quoted in an error message.
 *
 * <p>In run and job facets, string values under the keys {@code query}, {@code query_plan} and
 * {@code queryPlan} lose their SQL literals and comments (quoted strings become {@code '?'},
 * numbers {@code ?}, comments {@code --?}; see {@link SqlLiterals}); values under {@code message},
 * {@code errorMessage} and {@code stackTrace} lose quoted text, values shaped like a NINO, a
 * postcode, a date, a sort code, an e-mail or IP address, and numbers of four or more digits (an
 * unquoted name in a message is not recognised: the SDK's own messages never carry one).
 * Column-lineage transformation descriptions lose their SQL literals. The {@code
 * environment-variables} run facet is dropped whole: its values are the producer's environment.
 * This is a best effort over the facets producers are known to send; custom facets are stored as
 * sent.
 */
final class QueryTexts {
  private static final Set<String> SQL_KEYS = Set.of("query", "query_plan", "queryPlan");
  private static final Set<String> MESSAGE_KEYS = Set.of("message", "errorMessage", "stackTrace");
  private static final Set<String> DROPPED_FACETS = Set.of("environment-variables");

  private static final Pattern SINGLE_QUOTED = Pattern.compile("'(?:[^']|'')*'|'[^']*$");
  private static final Pattern DOUBLE_QUOTED =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|\"[^\"]*$");
  private static final Pattern LONG_NUMBER = Pattern.compile("[0-9]{4,}");

  /**
   * Personal values that error messages quote without quotes ({@code Value cannot be cast to date:
   * 12/05/1980}), by their shapes: a NINO, a UK postcode, a date or sort code, an e-mail address,
   * an IP address. Each becomes {@code ?}; what is left of a message names tables, columns, types
   * and the failure.
   */
  private static final List<Pattern> VALUE_SHAPES =
      List.of(
          // Bounded runs: an unbounded one before the @ rescans a long token from each of its
          // characters, and a message may be megabytes.
          Pattern.compile("[\\w.+-]{1,64}@[\\w-]{1,63}(?:\\.[\\w-]{1,63}){1,8}"),
          Pattern.compile("\\b[0-9]{1,3}(?:\\.[0-9]{1,3}){3}\\b"),
          Pattern.compile(
              "(?i)\\b(?:(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:[0-9a-f]{0,4})"),
          Pattern.compile("\\b[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]?\\b"),
          Pattern.compile("\\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\\b"),
          // Dates with a four-digit year, or day and month first; not dotted versions (3.5.10).
          Pattern.compile(
              "\\b(?:[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}|[0-9]{1,2}[-/][0-9]{1,2}[-/][0-9]{2,4}"
                  + "|[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4})\\b"));

  private QueryTexts() {}

  /** {@code sql} without its literals and comments ({@link SqlLiterals}). */
  static String redactSql(String sql) {
    return SqlLiterals.redact(sql);
  }

  /** {@code message} without quoted text, values of personal shapes and long numbers. */
  static String redactMessage(String message) {
    String withoutSingle = SINGLE_QUOTED.matcher(message).replaceAll("'?'");
    String redacted = DOUBLE_QUOTED.matcher(withoutSingle).replaceAll("\"?\"");
    for (Pattern shape : VALUE_SHAPES) {
      redacted = shape.matcher(redacted).replaceAll("?");
    }
    return LONG_NUMBER.matcher(redacted).replaceAll("?");
  }

  /** Redacts a run's or job's facets in place. */
  static void redactFacets(ObjectNode facets) {
    if (facets == null) {
      return;
    }
    DROPPED_FACETS.forEach(facets::remove);
    redact(facets, null);
  }

  /** Redacts a column-lineage transformation's description in place. */
  static void redactDescription(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value != null && value.isTextual()) {
      node.put(field, redactSql(value.textValue()));
    }
  }

  private static void redact(JsonNode node, String key) {
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      object.fields().forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> entry : entries) {
        JsonNode value = entry.getValue();
        if (value.isTextual()) {
          String redacted = redactText(entry.getKey(), value.textValue());
          if (redacted != null) {
            object.set(entry.getKey(), TextNode.valueOf(redacted));
          }
        } else {
          redact(value, entry.getKey());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int index = 0; index < array.size(); index++) {
        JsonNode value = array.get(index);
        if (value.isTextual() && key != null) {
          String redacted = redactText(key, value.textValue());
          if (redacted != null) {
            array.set(index, TextNode.valueOf(redacted));
          }
        } else {
          redact(value, key);
        }
      }
    }
  }

  private static String redactText(String key, String text) {
    if (SQL_KEYS.contains(key)) {
      return redactSql(text);
    }
    if (MESSAGE_KEYS.contains(key)) {
      return redactMessage(text);
    }
    return null;
  }
}
