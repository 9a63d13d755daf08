package io.insightmesh.contracts.spec;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * What an error may say of a name its sender used where a contract field was expected. Such a name
 * is the sender's text, and not always a name: a CSV read without its header row names its columns
 * after the first row's values (a NINO, a date of birth), and a JSON body may be keyed by values.
 * Errors never quote values, so a name is quoted only when it is close to one of the contract's own
 * names: a typo, whose correction is then offered.
 */
public final class FieldNames {
  private FieldNames() {}

  /** How the contracts' names are written; a value seldom is (a NINO, a capitalised name). */
  private static final java.util.regex.Pattern NAME_LIKE =
      java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /**
   * The known name {@code name} is a slip of, if one is close enough to say so: the same but for
   * case, or, written as contract names are (lower case, digits, underscores), within two edits of
   * exactly one known name of six characters or more, or one letter missing, added or swapped with
   * its neighbour of a shorter one.
   */
  public static Optional<String> meant(String name, Collection<String> known) {
    requireNonNull(name, "name is null");
    requireNonNull(known, "known is null");
    String lower = name.toLowerCase(Locale.ROOT);
    if (!NAME_LIKE.matcher(name).matches()) {
      return known.stream().filter(lower::equalsIgnoreCase).findFirst();
    }
    String closest = null;
    int closestDistance = Integer.MAX_VALUE;
    boolean tied = false;
    for (String candidate : known) {
      int allowed = candidate.length() >= 6 ? 2 : 1;
      // A short word one letter off a short name is as likely a value (nina, nino): short names
      // take only a letter missing, added or two swapped.
      int distance =
          distance(lower, candidate.toLowerCase(Locale.ROOT), allowed, candidate.length() >= 6);
      if (distance > allowed) {
        continue;
      }
      if (distance < closestDistance) {
        closest = candidate;
        closestDistance = distance;
        tied = false;
      } else if (distance == closestDistance) {
        tied = true;
      }
    }
    return tied ? Optional.empty() : Optional.ofNullable(closest);
  }

  /**
   * How {@code name} may appear in an error: as given if it is a slip of a known name (with that
   * name offered), else as {@code unnamed}.
   */
  public static String describe(String name, Collection<String> known, String unnamed) {
    return meant(name, known).map(near -> name + " (did you mean " + near + "?)").orElse(unnamed);
  }

  /**
   * The edits (insertions, deletions, substitutions, swaps of neighbours) from {@code a} to {@code
   * b}, or {@code limit + 1} once it is sure to be more than {@code limit}.
   */
  private static int distance(String a, String b, int limit, boolean substitutions) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : substitutions ? 1 : limit + 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return Math.min(d[a.length()][b.length()], limit + 1);
  }
}
