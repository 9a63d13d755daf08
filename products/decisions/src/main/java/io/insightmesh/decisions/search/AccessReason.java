package io.insightmesh.decisions.search;

import io.insightmesh.decisions.features.Nino;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for the reason a caller gives for reading personal data (a search, a block list's
 * entries): a short case reference. The audit log keeps the reason in clear beside a salted
 * fingerprint of what was read, so a reason that carried a National Insurance number or a bank
 * account would put personal data in the log that the fingerprint exists to keep out.
 */
public final class AccessReason {
  /** The rule for a missing or malformed reason. */
  public static final String FORM_RULE =
      "is required: 1 to 100 letters, digits, spaces or . _ : / # - (e.g. a case reference)";

  /** The rule for a reason that looks like someone's National Insurance number or account. */
  public static final String PERSONAL_DATA_RULE =
      "must not contain a National Insurance number or a bank account (it is audited in clear);"
          + " give a case reference";

  private static final Pattern FORM = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 ._:/#-]{0,99}$");
  private static final Pattern WORD_SEPARATORS = Pattern.compile("[^A-Za-z0-9]+");
  private static final Pattern NINO = Pattern.compile(Nino.FORMAT);
  // A sort code and an account number, as the bank_account criterion and block list take them.
  private static final Pattern BANK_ACCOUNT = Pattern.compile("^[0-9]{14}$");
  // The longest run of words worth joining: a bank account's 14 digits.
  private static final int LONGEST_CANDIDATE = 14;

  private AccessReason() {}

  /**
   * The rule {@code reason} breaks, if any: {@link #FORM_RULE} if it is null or malformed, {@link
   * #PERSONAL_DATA_RULE} if it holds what looks like a National Insurance number or a bank account
   * (any case, spaced or split by separators, e.g. {@code ab 12 34 56 c} or {@code 11-22-33
   * 12345678}).
   */
  public static Optional<String> brokenRule(String reason) {
    if (!isWellFormed(reason)) {
      return Optional.of(FORM_RULE);
    }
    if (holdsPersonalData(reason)) {
      return Optional.of(PERSONAL_DATA_RULE);
    }
    return Optional.empty();
  }

  /** Whether {@code reason} is given and keeps to {@link #FORM_RULE}. */
  static boolean isWellFormed(String reason) {
    return reason != null && FORM.matcher(reason).matches();
  }

  /**
   * People write these values in groups ({@code AB 12 34 56 C}, {@code 11-22-33 12345678}), so each
   * run of consecutive words is joined and compared whole. Joining whole words only, rather than
   * searching the reason with its separators removed, keeps {@code case AB 123456 closed} from
   * reading as {@code AB123456C}.
   */
  private static boolean holdsPersonalData(String reason) {
    String[] words = WORD_SEPARATORS.split(reason.toUpperCase(Locale.ROOT));
    // "sort code 40-00-00 account 87654321": the account's groups with words between them.
    String[] numbers =
        java.util.Arrays.stream(words)
            .filter(word -> !word.isEmpty() && word.chars().allMatch(Character::isDigit))
            .toArray(String[]::new);
    return holdsPersonalData(words) || holdsPersonalData(numbers);
  }

  private static boolean holdsPersonalData(String[] words) {
    for (int first = 0; first < words.length; first++) {
      StringBuilder candidate = new StringBuilder(LONGEST_CANDIDATE);
      for (int last = first;
          last < words.length && candidate.length() + words[last].length() <= LONGEST_CANDIDATE;
          last++) {
        candidate.append(words[last]);
        if (NINO.matcher(candidate).matches()
            || (BANK_ACCOUNT.matcher(candidate).matches()
                && writtenAsAccount(words, first, last))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the 14 digits of {@code words[first..last]} are written as a bank account is: whole, or
   * a sort code (six digits, or three pairs) and an eight-digit account number. Other groupings (a
   * case reference stamped {@code 20240612-000017}) are not read as one.
   */
  private static boolean writtenAsAccount(String[] words, int first, int last) {
    if (first == last) {
      return true;
    }
    if (words[last].length() != 8) {
      return false;
    }
    int sortCodeWords = last - first;
    return (sortCodeWords == 1 && words[first].length() == 6)
        || (sortCodeWords == 3
            && words[first].length() == 2
            && words[first + 1].length() == 2
            && words[first + 2].length() == 2);
  }

  /** The letters and digits of {@code text}, upper case: the value without case or separators. */
  static String folded(String text) {
    return WORD_SEPARATORS.matcher(text).replaceAll("").toUpperCase(Locale.ROOT);
  }
}
