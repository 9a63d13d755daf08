package io.insightmesh.catalog.registry;

/** Helpers for echoing request text back in error messages and checking free text. */
final class Texts {
  private static final int MAX_ECHO = 64;

  private Texts() {}

  /**
   * {@code text} shortened to 64 characters with control characters escaped, so an error message
   * cannot forge log lines or grow without bound.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(MAX_ECHO)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return text.codePointCount(0, text.length()) > MAX_ECHO ? out + "…" : out.toString();
  }

  /**
   * Whether {@code text} holds a control character other than tab and line breaks. PostgreSQL
   * refuses NUL in text, and the others only ever arrive by mistake or malice.
   */
  static boolean hasControlCharacter(String text) {
    return text.chars()
        .anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
  }
}
