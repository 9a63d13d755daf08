package io.insightmesh.sdk.publish;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A contract pattern compiled to a position automaton (Glushkov's construction) over ASCII, which
 * decides a full match in a few operations per character, without {@code java.util.regex}'s
 * matcher, its allocation or its backtracking.
 *
 * <p>It decides exactly what {@code Pattern.compile("^(?:" + pattern + ")$").matcher(text)
 * .matches()} decides: the whole text, as the scoring engine judges the same rules. Java's {@code
 * $} alone would also accept one line terminator at the very end, and {@code AB123456C\n} is not a
 * NINO. Only the plain part of the regex language that contract patterns use compiles: literals,
 * {@code \d}, escaped punctuation, character classes with ranges, groups, alternation and the
 * greedy quantifiers {@code ? * + {n} {n,} {n,m}}, with {@code ^} and {@code $} only at the
 * pattern's two ends. Anything else (dot, negated classes, other escapes, flags, lazy or possessive
 * quantifiers, look-arounds, patterns of more than 63 positions) does not compile, and the caller
 * keeps {@code java.util.regex}.
 */
final class PositionAutomaton implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_POSITIONS = 63;
  private static final int MAX_EXPANSION = 1_000;

  /** Per ASCII character, the positions that accept it. */
  private final long[] accepting;

  /** Per position, the positions that may come next. */
  private final long[] follow;

  private final long first;
  private final long last;
  private final boolean nullable;

  private PositionAutomaton(
      long[] accepting, long[] follow, long first, long last, boolean nullable) {
    this.accepting = accepting;
    this.follow = follow;
    this.first = first;
    this.last = last;
    this.nullable = nullable;
  }

  /** The automaton of {@code pattern}, or empty when it uses anything beyond the plain subset. */
  static Optional<PositionAutomaton> compile(String pattern) {
    try {
      String core = pattern;
      if (core.startsWith("^")) {
        core = core.substring(1);
      }
      if (core.endsWith("$") && !escapedAt(core, core.length() - 1)) {
        core = core.substring(0, core.length() - 1);
      }
      Parser parser = new Parser(core);
      Node tree = parser.alternation();
      if (parser.index != core.length()) {
        return Optional.empty();
      }
      Node expanded = tree.expand();
      Builder builder = new Builder();
      Node.Sets sets = expanded.build(builder);
      if (builder.positions > MAX_POSITIONS) {
        return Optional.empty();
      }
      return Optional.of(
          new PositionAutomaton(
              builder.accepting, builder.follow, sets.first(), sets.last(), sets.nullable()));
    } catch (Unsupported e) {
      return Optional.empty();
    }
  }

  /** Whether {@code text} matches in full; null for null. */
  Boolean matches(String text) {
    if (text == null) {
      return null;
    }
    return matches(text, text.length());
  }

  private boolean matches(String text, int length) {
    if (length == 0) {
      return nullable;
    }
    char character = text.charAt(0);
    if (character >= 128) {
      return false;
    }
    long state = first & accepting[character];
    for (int index = 1; index < length && state != 0; index++) {
      character = text.charAt(index);
      if (character >= 128) {
        return false;
      }
      long next = 0;
      for (long remaining = state; remaining != 0; remaining &= remaining - 1) {
        next |= follow[Long.numberOfTrailingZeros(remaining)];
      }
      state = next & accepting[character];
    }
    return (state & last) != 0;
  }

  private static boolean escapedAt(String text, int index) {
    int backslashes = 0;
    for (int at = index - 1; at >= 0 && text.charAt(at) == '\\'; at--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** A construct outside the plain subset. */
  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  /** Positions handed out while building, with what each accepts and what may follow it. */
  private static final class Builder {
    final long[] accepting = new long[128];
    final long[] follow = new long[MAX_POSITIONS];
    int positions;

    int position(boolean[] characters) {
      if (positions >= MAX_POSITIONS) {
        throw new Unsupported();
      }
      int position = positions++;
      for (int character = 0; character < 128; character++) {
        if (characters[character]) {
          accepting[character] |= 1L << position;
        }
      }
      return position;
    }

    void follow(long from, long to) {
      for (long remaining = from; remaining != 0; remaining &= remaining - 1) {
        follow[Long.numberOfTrailingZeros(remaining)] |= to;
      }
    }
  }

  /** The regex's syntax tree. */
  private sealed interface Node {
    record Sets(boolean nullable, long first, long last) {}

    /** The same language with counted repetitions written out. */
    Node expand();

    Sets build(Builder builder);

    /** One character out of a set (a position). */
    record Characters(boolean[] accepted) implements Node {
      @Override
      public Node expand() {
        return this;
      }

      @Override
      public Sets build(Builder builder) {
        long position = 1L << builder.position(accepted);
        return new Sets(false, position, position);
      }
    }

    record Empty() implements Node {
      @Override
      public Node expand() {
        return this;
      }

      @Override
      public Sets build(Builder builder) {
        return new Sets(true, 0, 0);
      }
    }

    record Sequence(List<Node> parts) implements Node {
      @Override
      public Node expand() {
        return new Sequence(parts.stream().map(Node::expand).toList());
      }

      @Override
      public Sets build(Builder builder) {
        Sets sets = new Sets(true, 0, 0);
        for (Node part : parts) {
          Sets next = part.build(builder);
          builder.follow(sets.last(), next.first());
          sets =
              new Sets(
                  sets.nullable() && next.nullable(),
                  sets.nullable() ? sets.first() | next.first() : sets.first(),
                  next.nullable() ? sets.last() | next.last() : next.last());
        }
        return sets;
      }
    }

    record Choice(List<Node> options) implements Node {
      @Override
      public Node expand() {
        return new Choice(options.stream().map(Node::expand).toList());
      }

      @Override
      public Sets build(Builder builder) {
        boolean nullable = false;
        long first = 0;
        long last = 0;
        for (Node option : options) {
          Sets sets = option.build(builder);
          nullable |= sets.nullable();
          first |= sets.first();
          last |= sets.last();
        }
        return new Sets(nullable, first, last);
      }
    }

    /** Zero or more times. */
    record Star(Node body) implements Node {
      @Override
      public Node expand() {
        return new Star(body.expand());
      }

      @Override
      public Sets build(Builder builder) {
        Sets sets = body.build(builder);
        // Java guards loops whose body can match nothing in ways an automaton does not mimic.
        if (sets.nullable()) {
          throw new Unsupported();
        }
        builder.follow(sets.last(), sets.first());
        return new Sets(true, sets.first(), sets.last());
      }
    }

    /** Between min and max times (max -1: unbounded). */
    record Repeat(Node body, int min, int max) implements Node {
      @Override
      public Node expand() {
        Node expanded = body.expand();
        List<Node> parts = new ArrayList<>();
        for (int count = 0; count < min; count++) {
          parts.add(expanded);
        }
        if (max < 0) {
          parts.add(new Star(expanded));
        } else {
          for (int count = min; count < max; count++) {
            parts.add(new Choice(List.of(expanded, new Empty())));
          }
        }
        if (parts.size() > MAX_EXPANSION) {
          throw new Unsupported();
        }
        return new Sequence(parts);
      }

      @Override
      public Sets build(Builder builder) {
        throw new IllegalStateException("expand() first");
      }
    }
  }

  /** A recursive-descent parser of the plain subset; throws {@link Unsupported} beyond it. */
  private static final class Parser {
    private final String text;
    int index;

    Parser(String text) {
      this.text = text;
    }

    Node alternation() {
      List<Node> options = new ArrayList<>();
      options.add(sequence());
      while (index < text.length() && text.charAt(index) == '|') {
        index++;
        options.add(sequence());
      }
      return options.size() == 1 ? options.get(0) : new Node.Choice(options);
    }

    private Node sequence() {
      List<Node> parts = new ArrayList<>();
      while (index < text.length() && text.charAt(index) != '|' && text.charAt(index) != ')') {
        parts.add(quantified(atom()));
      }
      return parts.isEmpty() ? new Node.Empty() : new Node.Sequence(parts);
    }

    private Node quantified(Node atom) {
      if (index >= text.length()) {
        return atom;
      }
      char character = text.charAt(index);
      Node result;
      if (character == '?') {
        index++;
        result = new Node.Repeat(atom, 0, 1);
      } else if (character == '*') {
        index++;
        result = new Node.Repeat(atom, 0, -1);
      } else if (character == '+') {
        index++;
        result = new Node.Repeat(atom, 1, -1);
      } else if (character == '{') {
        index++;
        int min = number();
        int max = min;
        if (peek() == ',') {
          index++;
          max = peek() == '}' ? -1 : number();
        }
        expect('}');
        if (max >= 0 && max < min) {
          throw new Unsupported();
        }
        result = new Node.Repeat(atom, min, max);
      } else {
        return atom;
      }
      // Lazy, possessive or stacked quantifiers.
      if (index < text.length() && "?+*{".indexOf(text.charAt(index)) >= 0) {
        throw new Unsupported();
      }
      return result;
    }

    private int number() {
      int start = index;
      while (index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
        index++;
      }
      if (index == start || index - start > 4) {
        throw new Unsupported();
      }
      return Integer.parseInt(text.substring(start, index));
    }

    private Node atom() {
      char character = text.charAt(index++);
      switch (character) {
        case '(':
          if (peek() == '?') {
            if (index + 1 < text.length() && text.charAt(index + 1) == ':') {
              index += 2;
            } else {
              throw new Unsupported();
            }
          }
          Node inner = alternation();
          expect(')');
          return inner;
        case '[':
          return characterClass();
        case '\\':
          return new Node.Characters(escape());
        case '.':
        case '^':
        case '$':
        case ')':
        case ']':
        case '{':
        case '}':
        case '?':
        case '*':
        case '+':
        case '|':
          throw new Unsupported();
        default:
          return new Node.Characters(single(character));
      }
    }

    private Node characterClass() {
      boolean[] accepted = new boolean[128];
      if (peek() == '^') {
        throw new Unsupported();
      }
      boolean firstItem = true;
      while (true) {
        if (index >= text.length()) {
          throw new Unsupported();
        }
        char character = text.charAt(index++);
        if (character == ']') {
          // Java reads a ']' that opens a class differently from other engines: left to Java.
          if (firstItem) {
            throw new Unsupported();
          }
          return new Node.Characters(accepted);
        }
        firstItem = false;
        if (character == '[' || (character == '&' && peek() == '&')) {
          throw new Unsupported();
        }
        if (character == '\\') {
          boolean[] escaped = escape();
          for (int at = 0; at < 128; at++) {
            accepted[at] |= escaped[at];
          }
          continue;
        }
        if (peek() == '-' && index + 1 < text.length() && text.charAt(index + 1) != ']') {
          index++;
          char end = text.charAt(index++);
          if (end == '\\' || end == '[' || end < character) {
            throw new Unsupported();
          }
          for (char at = character; at <= end; at++) {
            accepted[checked(at)] = true;
          }
          continue;
        }
        accepted[checked(character)] = true;
      }
    }

    private boolean[] escape() {
      if (index >= text.length()) {
        throw new Unsupported();
      }
      char character = text.charAt(index++);
      if (character == 'd') {
        boolean[] digits = new boolean[128];
        for (char digit = '0'; digit <= '9'; digit++) {
          digits[digit] = true;
        }
        return digits;
      }
      // Only escaped punctuation stands for itself; letters and digits are classes, anchors or
      // references.
      if (Character.isLetterOrDigit(character)) {
        throw new Unsupported();
      }
      return single(character);
    }

    private static boolean[] single(char character) {
      boolean[] accepted = new boolean[128];
      accepted[checked(character)] = true;
      return accepted;
    }

    /** Printable ASCII only: a line terminator or any other control character is left to Java. */
    private static int checked(char character) {
      if (character < 0x20 || character >= 0x7f) {
        throw new Unsupported();
      }
      return character;
    }

    private char peek() {
      return index < text.length() ? text.charAt(index) : '\0';
    }

    private void expect(char character) {
      if (peek() != character) {
        throw new Unsupported();
      }
      index++;
    }
  }
}
