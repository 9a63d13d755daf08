package io.insightmesh.decisions.search;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.spec.FieldNames;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A checked search: one criterion with its index key, why it is made, and which page.
 *
 * @param criterion what is searched by
 * @param key the searched value as the index keys it (personal data: never logged)
 * @param reason why, e.g. a case reference
 * @param limit the most claims in the page
 * @param offset where the page starts
 */
public record SearchRequest(Criterion criterion, String key, String reason, int limit, int offset) {
  /** The page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 20;

  /** The largest page. */
  public static final int MAX_LIMIT = 100;

  static final String SEARCHED_VALUE_RULE =
      "must not contain the searched value, in any case or spacing (it is audited in clear, the"
          + " value only as a fingerprint); give a case reference";
  private static final String CURSOR_PREFIX = "o:";
  private static final Set<String> CONTROL = Set.of("reason", "limit", "cursor");
  private static final List<String> PARAMETERS =
      Stream.concat(Stream.of(Criterion.values()).map(Criterion::parameter), CONTROL.stream())
          .toList();
  private static final String CRITERIA =
      Stream.of(Criterion.values()).map(Criterion::parameter).collect(Collectors.joining("|"));

  /** Checks for nulls. */
  public SearchRequest {
    requireNonNull(criterion, "criterion is null");
    requireNonNull(key, "key is null");
    requireNonNull(reason, "reason is null");
  }

  @Override
  public String toString() {
    return "SearchRequest["
        + criterion.parameter()
        + ", limit="
        + limit
        + ", offset="
        + offset
        + "]";
  }

  /**
   * Checks the query parameters of a search.
   *
   * @throws InvalidSearchException naming the first parameter that breaks a rule, and the rule
   */
  public static SearchRequest parse(Map<String, List<String>> parameters) {
    requireNonNull(parameters, "parameters is null");
    Criterion criterion = null;
    String value = null;
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      boolean isCriterion = Stream.of(Criterion.values()).anyMatch(c -> c.parameter().equals(name));
      if (!isCriterion && !CONTROL.contains(name)) {
        // Named only as a slip of a known parameter: a query keyed by a value (a NINO, a name)
        // must not get it back.
        Optional<String> meant = FieldNames.meant(name, PARAMETERS);
        throw new InvalidSearchException(
            meant.isPresent() ? name : "an unknown parameter",
            "is not a search parameter"
                + meant.map(known -> " (did you mean " + known + "?)").orElse("")
                + "; use one of "
                + CRITERIA
                + " with reason, and optionally limit and cursor");
      }
      if (parameter.getValue().size() != 1) {
        throw new InvalidSearchException(name, "must be given once");
      }
      if (isCriterion) {
        if (criterion != null) {
          throw new InvalidSearchException(CRITERIA, "exactly one is required");
        }
        criterion = Criterion.ofParameter(name);
        value = parameter.getValue().get(0);
      }
    }
    if (criterion == null) {
      throw new InvalidSearchException(CRITERIA, "exactly one is required");
    }
    String key = criterion.parse(value);
    String reason = single(parameters, "reason");
    // The searched value before the shapes of personal data: a reason quoting the NINO searched for
    // breaks both rules, and this one tells the case worker that it was the value they searched.
    if (AccessReason.isWellFormed(reason) && criterion.appearsIn(key, reason)) {
      throw new InvalidSearchException("reason", SEARCHED_VALUE_RULE);
    }
    Optional<String> broken = AccessReason.brokenRule(reason);
    if (broken.isPresent()) {
      throw new InvalidSearchException("reason", broken.get());
    }
    int limit = DEFAULT_LIMIT;
    String limitText = single(parameters, "limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new InvalidSearchException("limit", "must be an integer from 1 to " + MAX_LIMIT);
      }
    }
    String cursor = single(parameters, "cursor");
    int offset = cursor == null ? 0 : offset(cursor);
    return new SearchRequest(criterion, key, reason, limit, offset);
  }

  /** The cursor a page hands out for the page starting at {@code offset}. */
  public static String cursor(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((CURSOR_PREFIX + offset).getBytes(UTF_8));
  }

  private static int offset(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), UTF_8);
      if (text.startsWith(CURSOR_PREFIX)) {
        int offset = Integer.parseInt(text.substring(CURSOR_PREFIX.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the one answer for every cursor we did not issue.
    }
    throw new InvalidSearchException("cursor", "must be a next_cursor this API returned");
  }

  private static String single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
