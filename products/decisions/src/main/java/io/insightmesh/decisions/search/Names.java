package io.insightmesh.decisions.search;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Name matching: normalisation, word trigrams and a bounded Damerau-Levenshtein distance.
 *
 * <p>A name is normalised to lower-case letters and digits without accents, one space between
 * words, at most {@link #MAX_LENGTH} characters: {@code " O'Brien, SEÁN "} becomes {@code "o brien
 * sean"}. Its trigrams are those of each word padded as PostgreSQL's pg_trgm pads them (two spaces
 * before, one after), so word order does not matter and short words still have trigrams.
 */
final class Names {
  /** Names are matched on their first 64 normalised characters: bounds memory and distance work. */
  static final int MAX_LENGTH = 64;

  private Names() {}

  static String normalise(String name) {
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(Math.min(decomposed.length(), MAX_LENGTH));
    boolean space = true;
    for (int i = 0; i < decomposed.length() && out.length() < MAX_LENGTH; i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toLowerCase(c));
        space = false;
      } else if (!space) {
        out.append(' ');
        space = true;
      }
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ' ') {
      end--;
    }
    return out.substring(0, end).toLowerCase(Locale.ROOT);
  }

  /** The distinct trigrams of a normalised name, each packed into a long, sorted. */
  static long[] trigrams(String normalised) {
    long[] grams = new long[normalised.length() * 2 + 4];
    int count = 0;
    int start = 0;
    while (start < normalised.length()) {
      int end = normalised.indexOf(' ', start);
      if (end < 0) {
        end = normalised.length();
      }
      // "  word " as pg_trgm pads a word.
      char[] padded = new char[end - start + 3];
      padded[0] = ' ';
      padded[1] = ' ';
      normalised.getChars(start, end, padded, 2);
      padded[padded.length - 1] = ' ';
      for (int i = 0; i + 2 < padded.length; i++) {
        if (count == grams.length) {
          grams = Arrays.copyOf(grams, count * 2);
        }
        grams[count++] = ((long) padded[i] << 32) | ((long) padded[i + 1] << 16) | padded[i + 2];
      }
      start = end + 1;
    }
    Arrays.sort(grams, 0, count);
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      if (distinct == 0 || grams[distinct - 1] != grams[i]) {
        grams[distinct++] = grams[i];
      }
    }
    return Arrays.copyOf(grams, distinct);
  }

  /**
   * The Damerau-Levenshtein distance (optimal string alignment: insertions, deletions,
   * substitutions and transpositions of neighbours) between two strings, or {@code bound + 1} if it
   * is above {@code bound}. O(|a|·|b|) time at worst, O(|b|) space; strings whose lengths differ by
   * more than the bound cost nothing.
   */
  static int distance(String a, String b, int bound) {
    if (Math.abs(a.length() - b.length()) > bound) {
      return bound + 1;
    }
    int columns = b.length() + 1;
    int[] before = new int[columns];
    int[] previous = new int[columns];
    int[] current = new int[columns];
    for (int j = 0; j < columns; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMinimum = current[0];
      char ca = a.charAt(i - 1);
      for (int j = 1; j < columns; j++) {
        char cb = b.charAt(j - 1);
        int cost = ca == cb ? 0 : 1;
        int value = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current[j] = value;
        rowMinimum = Math.min(rowMinimum, value);
      }
      if (rowMinimum > bound) {
        return bound + 1;
      }
      int[] recycled = before;
      before = previous;
      previous = current;
      current = recycled;
    }
    return Math.min(previous[columns - 1], bound + 1);
  }
}
