package io.insightmesh.contracts.spec;

import java.util.regex.Pattern;

/**
 * The text forms a contract's typed values are submitted in, wherever they are read: the scoring
 * engine parsing a claim and the claims pipeline checking a landing file must accept the same
 * texts, or a claim scored in real time could be rejected by the batch product (or the other way
 * round). Stricter than the JDK's and Spark's parsers, which also take five-digit years, offsets
 * with seconds, or a time with no offset at all.
 */
public final class TextForms {
  /** A date, {@code yyyy-mm-dd}. */
  public static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";

  /**
   * An instant: an ISO-8601 date and time with its offset, seconds and fraction optional ({@code
   * 2020-05-13T08:00:00Z}, {@code 2020-05-13T09:00+01:00}).
   */
  public static final String INSTANT =
      DATE + "T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})";

  /** A whole number in decimal digits, optionally signed. */
  public static final String WHOLE_NUMBER = "[+-]?[0-9]+";

  private static final Pattern DATE_PATTERN = Pattern.compile(DATE);
  private static final Pattern INSTANT_PATTERN = Pattern.compile(INSTANT);

  private TextForms() {}

  public static boolean isDate(CharSequence text) {
    return DATE_PATTERN.matcher(text).matches();
  }

  public static boolean isInstant(CharSequence text) {
    return INSTANT_PATTERN.matcher(text).matches();
  }
}
