package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ruleset's version, {@code <year>.<month>.<revision>} ({@code 2026.11.1}): calendar versioning,
 * because a ruleset changes with the fraud seen, not with an API. Ordered numerically.
 *
 * @param year four digits
 * @param month 1 to 12
 * @param revision 1 or more, within the month
 */
public record RulesetVersion(int year, int month, int revision)
    implements Comparable<RulesetVersion> {
  private static final Pattern FORMAT = Pattern.compile("([0-9]{4})\\.([0-9]{1,2})\\.([0-9]{1,6})");
  private static final Comparator<RulesetVersion> ORDER =
      Comparator.comparingInt(RulesetVersion::year)
          .thenComparingInt(RulesetVersion::month)
          .thenComparingInt(RulesetVersion::revision);

  /**
   * Validates the parts.
   *
   * @throws InvalidRulesetException if the year is not four digits, the month not 1 to 12 or the
   *     revision below 1
   */
  public RulesetVersion {
    if (year < 1000 || year > 9999) {
      throw new InvalidRulesetException(
          "Ruleset version: year " + year + " must have four digits (<year>.<month>.<revision>)");
    }
    if (month < 1 || month > 12) {
      throw new InvalidRulesetException(
          "Ruleset version: month " + month + " must be 1 to 12 (<year>.<month>.<revision>)");
    }
    if (revision < 1) {
      throw new InvalidRulesetException(
          "Ruleset version: revision " + revision + " must be at least 1");
    }
  }

  /**
   * Parses {@code <year>.<month>.<revision>}.
   *
   * @throws InvalidRulesetException if the text does not have that form
   */
  public static RulesetVersion parse(String text) {
    requireNonNull(text, "text is null");
    Matcher matcher = FORMAT.matcher(text);
    if (!matcher.matches()) {
      throw new InvalidRulesetException(
          "Ruleset version '" + text + "' does not have the form <year>.<month>.<revision>");
    }
    return new RulesetVersion(
        Integer.parseInt(matcher.group(1)),
        Integer.parseInt(matcher.group(2)),
        Integer.parseInt(matcher.group(3)));
  }

  /** Whether this version is greater than the other. */
  public boolean isAfter(RulesetVersion other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(RulesetVersion other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return year + "." + month + "." + revision;
  }
}
