package io.insightmesh.catalog.lineage;

import java.util.regex.Pattern;

/**
 * SQL text without its values: string literals, comments and numbers replaced, names kept.
 *
 * <p>Query texts come from more than one dialect. Trino escapes a quote in a string by doubling it
 * and takes a backslash literally; Spark SQL also escapes with a backslash, and reads double quotes
 * as a string where Trino reads a name. A pattern over the text that gets one quote wrong leaves
 * every later literal in the clear ({@code -- don't} in a comment, {@code "analyst's count"},
 * {@code 'O\'Brien'}). So the text is read twice, once with each escape rule, and whatever either
 * reading takes for a literal or a comment is replaced: a value stays only where both readings
 * agree it is not one. Double-quoted text is replaced too, names included: a Spark query may hold a
 * value there, and losing a quoted name costs the reader less than keeping a NINO. Backtick-quoted
 * text is a name in every dialect that has it, and stays.
 */
final class SqlLiterals {
  private static final Pattern NUMBER =
      Pattern.compile(
          "(?<![A-Za-z0-9_$.])[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![A-Za-z0-9_$])");

  private SqlLiterals() {}

  /** {@code sql} with each literal, comment and number replaced by a placeholder. */
  static String redact(String sql) {
    boolean[] hidden = hidden(sql, false);
    boolean[] backslashes = hidden(sql, true);
    for (int i = 0; i < hidden.length; i++) {
      hidden[i] |= backslashes[i];
    }
    StringBuilder out = new StringBuilder(sql.length());
    int start = 0;
    for (int i = 0; i <= sql.length(); i++) {
      boolean boundary = i == sql.length() || (i > 0 && hidden[i] != hidden[i - 1]);
      if (!boundary) {
        continue;
      }
      if (i > start) {
        String run = sql.substring(start, i);
        out.append(hidden[start] ? placeholder(run) : NUMBER.matcher(run).replaceAll("?"));
      }
      start = i;
    }
    return out.toString();
  }

  private static String placeholder(String run) {
    if (run.startsWith("--")) {
      return "--?";
    }
    if (run.startsWith("/*")) {
      return "/*?*/";
    }
    return run.startsWith("\"") ? "\"?\"" : "'?'";
  }

  /**
   * Per character, whether one reading of {@code sql} takes it for part of a string literal, a
   * double-quoted text or a comment (its delimiters included); {@code backslashEscapes}: whether a
   * backslash in a string escapes the next character. An unterminated literal or comment runs to
   * the end.
   */
  private static boolean[] hidden(String sql, boolean backslashEscapes) {
    boolean[] hidden = new boolean[sql.length()];
    int length = sql.length();
    int i = 0;
    while (i < length) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"') {
        end = quoted(sql, i, c, backslashEscapes);
      } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
        // The line's end stays: what follows is not the comment's.
        int newline = sql.indexOf('\n', i);
        end = newline < 0 ? length : newline;
      } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        end = close < 0 ? length : close + 2;
      } else if (c == '`') {
        // A name: skipped whole, so that a quote inside it starts nothing.
        int close = sql.indexOf('`', i + 1);
        i = close < 0 ? length : close + 1;
        continue;
      } else {
        i++;
        continue;
      }
      for (int j = i; j < end; j++) {
        hidden[j] = true;
      }
      i = end;
    }
    return hidden;
  }

  /** The index after the literal that opens at {@code open} with {@code quote}. */
  private static int quoted(String sql, int open, char quote, boolean backslashEscapes) {
    int i = open + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }
}
