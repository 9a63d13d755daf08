package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PositionAutomatonTest {
  /** The patterns of the built-in contracts, and a few more shapes the subset allows. */
  private static final List<String> PATTERNS =
      List.of(
          "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
          "^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$",
          "^[0-9]{10}$",
          "^([0-9]{8}|(SC|NI|OC)[0-9]{6})$",
          "^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$",
          "^[0-9]{6}$",
          "^[0-9]{8}$",
          "SEISS|CJRS",
          "a+b*(?:cd)?e{2,}",
          "\\d{2}\\.\\d?[x\\-y]",
          "^(ab|a)(bc|c)?$",
          "[-a-c]x[q-]",
          "");

  @Test
  void decidesExactlyWhatJavaRegexDecides() {
    Random random = new Random(42);
    String alphabet = "0123456789abcdefxyzABCDEGHJNPRSTWZ -.\n\r\u0085\u2028\u00e9q";
    for (String pattern : PATTERNS) {
      PositionAutomaton automaton = PositionAutomaton.compile(pattern).orElseThrow();
      Pattern java = Pattern.compile("^(?:" + pattern + ")$");
      Pattern spark = Pattern.compile(ContractPatterns.wholeText(pattern));
      List<String> texts = new ArrayList<>(samples(pattern, random));
      for (int count = 0; count < 20_000; count++) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(14);
        for (int index = 0; index < length; index++) {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        texts.add(text.toString());
      }
      int matched = 0;
      for (String text : texts) {
        boolean expected = java.matcher(text).matches();
        assertThat(automaton.matches(text)).as("%s on %s", pattern, text).isEqualTo(expected);
        // Spark's rlike searches: the regex it runs where the automaton does not compile.
        assertThat(spark.matcher(text).find())
            .as("rlike %s on %s", pattern, text)
            .isEqualTo(expected);
        matched += expected ? 1 : 0;
      }
      assertThat(matched).as("texts matching %s", pattern).isPositive();
    }
  }

  /** Valid values, and each with a line terminator, a space or a stray character added. */
  private static List<String> samples(String pattern, Random random) {
    List<String> valid =
        List.of(
            "0c1d2e3f-aaaa-4bbb-8ccc-0123456789ab",
            "AB123456C",
            "1234567890",
            "12345678",
            "SC123456",
            "SW1A 1AA",
            "M1 1AE",
            "EC1A1BB",
            "123456",
            "SEISS",
            "CJRS",
            "aabee",
            "acdeee",
            "12.x",
            "12.3-",
            "abc",
            "ab",
            "-xq",
            "bx-",
            "");
    List<String> texts = new ArrayList<>();
    for (String text : valid) {
      texts.add(text);
      texts.add(text + "\n");
      texts.add(text + "\r\n");
      texts.add(text + "\n\n");
      texts.add(text + "\r");
      texts.add(text + "\u2029");
      texts.add("\n" + text);
      texts.add(text + " ");
      texts.add(text.toLowerCase());
      texts.add(text + "\u00e9");
      if (!text.isEmpty()) {
        texts.add(text.substring(0, random.nextInt(text.length())));
      }
    }
    return texts;
  }

  @Test
  void aValueWithALineTerminatorAfterItDoesNotMatch() {
    // Java's $ takes one line terminator before the end; the engine refuses these as NINOs.
    PositionAutomaton nino =
        PositionAutomaton.compile("^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")
            .orElseThrow();
    assertThat(nino.matches("AB123456C")).isTrue();
    assertThat(nino.matches("AB123456C\n")).isFalse();
    assertThat(nino.matches("AB123456C\r\n")).isFalse();
    assertThat(Pattern.compile(ContractPatterns.wholeText("^[0-9]{6}$")).matcher("123456\r").find())
        .isFalse();
  }

  @Test
  void leavesEverythingBeyondThePlainSubsetToJava() {
    for (String pattern :
        List.of(
            "a.c",
            "[^0-9]",
            "\\w+",
            "(?i)abc",
            "a*?",
            "a++",
            "(?=a)a",
            "(a)\\1",
            "a$b",
            "[]a]",
            "[a-z&&[^b]]",
            "\\p{L}",
            "é",
            "(a?)*",
            "a{64}",
            "a{2,1}",
            "(ab")) {
      assertThat(PositionAutomaton.compile(pattern)).as(pattern).isEmpty();
    }
  }

  @Test
  void travelsToSparkExecutorsIntact() throws Exception {
    PositionAutomaton automaton = PositionAutomaton.compile(PATTERNS.get(1)).orElseThrow();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(automaton);
    }
    PositionAutomaton copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (PositionAutomaton) in.readObject();
    }
    assertThat(copy.matches("AB123456C")).isTrue();
    assertThat(copy.matches("AB123456")).isFalse();
    assertThat(copy.matches(null)).isNull();
  }
}
