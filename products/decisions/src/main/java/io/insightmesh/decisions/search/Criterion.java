package io.insightmesh.decisions.search;

import io.insightmesh.decisions.features.DeviceId;
import io.insightmesh.decisions.features.Nino;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a case worker can search claims by: one query parameter each. {@link #parse(String)} checks
 * a searched value and brings it to the form the index keys it by ({@link #key(String)}), so {@code
 * ab 12 34 56 c} finds {@code AB123456C}.
 */
public enum Criterion {
  CLAIM_ID(
      "claim_id",
      "must be a UUID (8-4-4-4-12 hexadecimal digits)",
      "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
  NINO(
      "nino", "must be a National Insurance number (two letters, six digits, A to D)", Nino.FORMAT),
  BANK_ACCOUNT(
      "bank_account",
      "must be <sort code>-<account number>: 6 digits (dashes allowed), a dash, 8 digits",
      "^[0-9]{6}-[0-9]{8}$"),
  POSTCODE(
      "postcode",
      "must be a UK postcode (e.g. SW1A 1AA)",
      "^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$"),
  DEVICE("device", "must be 1 to 128 letters, digits or . _ : -", DeviceId.FORMAT),
  NAME("name", "must be 2 to 100 characters with at least 2 letters", null);

  /** The longest name query; longer ones are refused rather than silently cut. */
  public static final int MAX_NAME_QUERY = 100;

  private final String parameter;
  private final String rule;
  private final Pattern pattern;

  Criterion(String parameter, String rule, String pattern) {
    this.parameter = parameter;
    this.rule = rule;
    this.pattern = pattern == null ? null : Pattern.compile(pattern);
  }

  /** The query parameter, e.g. {@code bank_account}. */
  public String parameter() {
    return parameter;
  }

  /** What a value must look like, for error messages. */
  public String rule() {
    return rule;
  }

  /**
   * The criterion searched by {@code parameter}.
   *
   * @throws IllegalArgumentException if no criterion has that parameter
   */
  public static Criterion ofParameter(String parameter) {
    for (Criterion criterion : values()) {
      if (criterion.parameter.equals(parameter)) {
        return criterion;
      }
    }
    throw new IllegalArgumentException("No search criterion " + parameter);
  }

  /**
   * Checks a searched value and returns its index key.
   *
   * @throws InvalidSearchException naming the parameter and the rule if the value breaks it
   */
  public String parse(String value) {
    if (value == null || value.isBlank() || value.length() > 256) {
      throw new InvalidSearchException(parameter, rule);
    }
    String key;
    if (this == NAME) {
      if (value.length() > MAX_NAME_QUERY) {
        throw new InvalidSearchException(parameter, rule);
      }
      key = key(value);
      if (key.chars().filter(Character::isLetter).count() < 2) {
        throw new InvalidSearchException(parameter, rule);
      }
      return key;
    }
    key = key(value);
    if (!pattern.matcher(key).matches()) {
      throw new InvalidSearchException(parameter, rule);
    }
    return key;
  }

  /**
   * The index key of a value as a claim carries it: the same person's value written differently
   * (case, spaces, dashes in sort codes) has one key. Never fails; {@link #parse} validates.
   */
  public String key(String value) {
    String stripped = value.strip();
    switch (this) {
      case CLAIM_ID:
        return stripped.toLowerCase(Locale.ROOT);
      case NINO:
      case POSTCODE:
        return stripped.replace(" ", "").toUpperCase(Locale.ROOT);
      case BANK_ACCOUNT:
        int split = stripped.lastIndexOf('-');
        if (split < 0) {
          return stripped;
        }
        return stripped.substring(0, split).replace("-", "").replace(" ", "")
            + '-'
            + stripped.substring(split + 1);
      case DEVICE:
        return stripped;
      case NAME:
        return Names.normalise(stripped);
      default:
        throw new IllegalStateException("Unknown criterion " + this);
    }
  }

  /**
   * Whether {@code text} carries the value whose index key is {@code key}, written in any form this
   * criterion accepts or one close to it: case, spaces and separators are ignored ({@code case ab
   * 12-34-56 c} carries {@code AB123456C}); a bank account is carried by its account number alone,
   * which is the part that identifies it; a name by all of its words, in any order, as name search
   * ignores word order.
   */
  boolean appearsIn(String key, String text) {
    if (this == NAME) {
      Set<String> words = new HashSet<>(List.of(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
      return words.containsAll(List.of(key.split(" ")));
    }
    String value =
        AccessReason.folded(this == BANK_ACCOUNT ? key.substring(key.indexOf('-') + 1) : key);
    if (this == NINO && value.length() > 8) {
      // Without its suffix letter a NINO still names its holder, and is often written so.
      value = value.substring(0, 8);
    }
    if (value.isEmpty()) {
      // A device id of separators only: nothing to fold, so only the value as given can carry it.
      return text.contains(key);
    }
    return AccessReason.folded(text).contains(value);
  }

  /** The bank account key of a claim's sort code and account number. */
  static String bankAccountKey(String sortCode, String accountNumber) {
    return sortCode.replace("-", "").replace(" ", "") + '-' + accountNumber.strip();
  }
}
