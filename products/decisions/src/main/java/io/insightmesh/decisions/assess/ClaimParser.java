package io.insightmesh.decisions.assess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.spec.FieldNames;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.contracts.spec.QualityRule;
import io.insightmesh.contracts.spec.TextForms;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Turns a submitted claim (JSON, the claims contract's field names) into the contract's {@link
 * Claim}, checking every field against the contract — its types, required fields and quality rules
 * — and reporting every broken rule at once, by field and rule, never by value.
 *
 * <p>The rules come from the shipped claims contract, so the engine refuses exactly what the claims
 * product would reject; fields the contract does not know are refused too, so a misspelt optional
 * field is not silently dropped.
 */
public final class ClaimParser {
  /** Far above any real value of the contract's strings; bounds what a request can make us hold. */
  static final int MAX_TEXT_LENGTH = 256;

  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, Schema.Field> fields = new HashMap<>();

  /**
   * Per thread, a matcher for each regex rule, reset for every value: a matcher per value allocated
   * its state afresh, a third of the bytes reading a claim allocated (RequestPathBenchmark: 3.6 to
   * 2.4 KB a claim).
   */
  private final ThreadLocal<Matcher[]> matchers;

  /** Each field's index in {@link #slots}. */
  private final Map<String, Integer> positions = new HashMap<>();

  /** The contract's fields in schema order, each with what converting it needs, resolved once. */
  private final Slot[] slots;

  private record Slot(
      Schema.Field field, Schema type, LogicalType logical, boolean optional, Check[] checks) {}

  /**
   * A quality rule of a field; a regex's pattern compiled once, and its matcher's index in {@link
   * #matchers} (-1 for other rules).
   */
  private record Check(QualityRule rule, Pattern pattern, int matcher) {}

  public ClaimParser() {
    this(ProductDescriptors.builtIn("claims.claims"));
  }

  ClaimParser(ProductDescriptor contract) {
    for (Schema.Field field : Claim.getClassSchema().getFields()) {
      fields.put(field.name(), field);
    }
    Map<String, List<Check>> checks = new HashMap<>();
    int patterns = 0;
    for (QualityRule rule : contract.qualityRules()) {
      String field = fieldOf(rule);
      if (field != null && fields.containsKey(field)) {
        Check check =
            rule instanceof QualityRule.Regex regex
                ? new Check(rule, Pattern.compile(regex.pattern()), patterns++)
                : new Check(rule, null, -1);
        checks.computeIfAbsent(field, key -> new ArrayList<>()).add(check);
      }
    }
    int matcherCount = patterns;
    this.matchers = ThreadLocal.withInitial(() -> new Matcher[matcherCount]);
    List<Slot> resolved = new ArrayList<>();
    for (Schema.Field field : Claim.getClassSchema().getFields()) {
      Schema type = nonNull(field.schema());
      resolved.add(
          new Slot(
              field,
              type,
              type.getLogicalType(),
              field.schema().isNullable(),
              checks.getOrDefault(field.name(), List.of()).toArray(new Check[0])));
    }
    this.slots = resolved.toArray(new Slot[0]);
    for (int i = 0; i < slots.length; i++) {
      positions.put(slots[i].field().name(), i);
    }
  }

  /**
   * @throws InvalidClaimException listing every field that breaks the contract
   */
  public Claim parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw notAnObject();
    }
    JsonNode[] values = new JsonNode[slots.length];
    Set<String> unknown = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> entries = json.fields(); entries.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = entries.next();
      Integer slot = positions.get(entry.getKey());
      if (slot == null) {
        unknown.add(entry.getKey());
      } else {
        values[slot] = entry.getValue();
      }
    }
    return parse(values, unknown);
  }

  /**
   * The claim in a request body, read token by token: the same checks and errors as {@link
   * #parse(JsonNode)} without building a tree of the whole body first (that tree, then reading it,
   * was a tenth of the engine's CPU per claim). A field's value is still a {@link JsonNode}, but
   * only a scalar; an array or object in a field's place stands as an empty one, which the field's
   * type refuses.
   *
   * @throws InvalidClaimException listing every field that breaks the contract
   * @throws JsonProcessingException if the body is not JSON
   */
  public Claim parse(byte[] body) throws IOException {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notAnObject();
      }
      JsonNode[] values = new JsonNode[slots.length];
      Set<String> unknown = null;
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        Integer slot = positions.get(name);
        if (slot == null) {
          if (unknown == null) {
            unknown = new HashSet<>();
          }
          unknown.add(name);
          parser.skipChildren();
        } else {
          if (values[slot] != null) {
            // Given before (a JSON null is a NullNode). Which of two values the submitter meant is
            // anyone's guess; the batch's reader, with Jackson's duplicate detection, refuses the
            // same.
            throw new JsonParseException(parser, "Duplicate field '" + name + "'");
          }
          values[slot] = scalar(parser, token);
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) {
        // nextFieldName() returned null on something other than the object's end.
        throw new JsonParseException(parser, "expected a field name or the end of the object");
      }
      if (parser.nextToken() != null) {
        // A second claim, or anything else, after the first: deciding the first alone would
        // acknowledge a request whose rest was never read.
        throw new JsonParseException(parser, "Trailing content after the claim");
      }
      return parse(values, unknown == null ? Set.of() : unknown);
    }
  }

  /** The value under the parser as the node a tree would hold, arrays and objects left empty. */
  private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      throw new JsonParseException(parser, "unexpected end of the body");
    }
    switch (token) {
      case VALUE_STRING:
        return TextNode.valueOf(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return IntNode.valueOf(parser.getIntValue());
          case LONG:
            return LongNode.valueOf(parser.getLongValue());
          default:
            return BigIntegerNode.valueOf(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        // A tree reads a fraction as a double too (not USE_BIG_DECIMAL_FOR_FLOATS).
        return DoubleNode.valueOf(parser.getDoubleValue());
      case VALUE_TRUE:
        return BooleanNode.TRUE;
      case VALUE_FALSE:
        return BooleanNode.FALSE;
      case VALUE_NULL:
        return NullNode.getInstance();
      case START_ARRAY:
        parser.skipChildren();
        return JsonNodeFactory.instance.arrayNode();
      case START_OBJECT:
        parser.skipChildren();
        return JsonNodeFactory.instance.objectNode();
      default:
        throw new JsonParseException(parser, "unexpected " + token);
    }
  }

  private static InvalidClaimException notAnObject() {
    return new InvalidClaimException(
        List.of(new FieldError("$", "type", "must be a JSON object with the claim's fields")));
  }

  /** {@code values}: per slot, the field's value as submitted, or null if absent. */
  private Claim parse(JsonNode[] values, Set<String> unknown) {
    List<FieldError> errors = new ArrayList<>();
    for (String name : unknown) {
      errors.add(unknownField(name));
    }
    Claim claim = new Claim();
    for (int i = 0; i < slots.length; i++) {
      Slot slot = slots[i];
      Schema.Field field = slot.field();
      JsonNode node = values[i];
      Object value = null;
      if (node != null && !node.isNull()) {
        value = convert(slot, node, errors);
      }
      if (value == null) {
        if (!slot.optional() && !hasError(errors, field.name())) {
          errors.add(new FieldError(field.name(), "not-null", "is required"));
        }
        continue;
      }
      if (slot.checks().length == 0 || check(slot, value, errors)) {
        claim.put(field.pos(), value);
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidClaimException(errors);
    }
    return claim;
  }

  private Object convert(Slot slot, JsonNode node, List<FieldError> errors) {
    Schema type = slot.type();
    LogicalType logical = slot.logical();
    String name = slot.field().name();
    try {
      if (type.getType() == Schema.Type.ENUM) {
        String text = text(name, node, errors);
        if (text == null) {
          return null;
        }
        if (!type.getEnumSymbols().contains(text)) {
          errors.add(
              new FieldError(name, "allowed-values", "must be one of " + type.getEnumSymbols()));
          return null;
        }
        return Scheme.valueOf(text);
      }
      if (logical instanceof LogicalTypes.TimestampMicros
          || logical instanceof LogicalTypes.TimestampMillis) {
        String text = text(name, node, errors);
        if (text == null) {
          return null;
        }
        // Four-digit years (TextForms): every such instant fits the contract's Avro type.
        return instant(text);
      }
      if (logical instanceof LogicalTypes.Date) {
        String text = text(name, node, errors);
        if (text == null) {
          return null;
        }
        // Four-digit years: Avro's date conversion casts the epoch day to an int, which these
        // always fit (the JDK's parser also reads years past that range, written as another date).
        return date(text);
      }
      if (logical instanceof LogicalTypes.Decimal decimal) {
        BigDecimal number;
        if (node.isNumber()) {
          number = node.decimalValue();
        } else {
          String text = text(name, node, errors);
          if (text == null) {
            return null;
          }
          number = new BigDecimal(text);
        }
        // Before any rescaling: 1E100000000 is a short text, but setScale would build all of its
        // hundred million digits, holding the thread that answers every claim for minutes.
        if (number.signum() != 0
            && number.precision() - number.scale() > decimal.getPrecision() - decimal.getScale()) {
          errors.add(
              new FieldError(
                  name, "decimal", "has more than " + decimal.getPrecision() + " digits"));
          return null;
        }
        if (number.scale() > decimal.getScale()
            && number.stripTrailingZeros().scale() > decimal.getScale()) {
          errors.add(
              new FieldError(
                  name, "decimal", "has more than " + decimal.getScale() + " decimal places"));
          return null;
        }
        BigDecimal scaled = number.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
        if (scaled.precision() > decimal.getPrecision()) {
          errors.add(
              new FieldError(
                  name, "decimal", "has more than " + decimal.getPrecision() + " digits"));
          return null;
        }
        return scaled;
      }
      switch (type.getType()) {
        case STRING:
          return text(name, node, errors);
        case INT:
          if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add(new FieldError(name, "type", "must be a whole number"));
            return null;
          }
          return node.intValue();
        default:
          throw new IllegalStateException("The claims contract has a " + type + " field " + name);
      }
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(
              name,
              "type",
              logical instanceof LogicalTypes.Date
                  ? "must be a date, yyyy-mm-dd"
                  : "must be an ISO-8601 instant with an offset, e.g. 2020-05-13T08:00:00Z"));
      return null;
    } catch (NumberFormatException | ArithmeticException e) {
      errors.add(new FieldError(name, "type", "must be a decimal number"));
      return null;
    }
  }

  /**
   * {@code OffsetDateTime.parse(text).toInstant()}, reading the form claims come in ({@code
   * 2020-05-13T08:00:00Z}) directly: the formatter costs several times the rest of a field. Any
   * other form of {@link TextForms#INSTANT}, or an impossible date or time, goes to the formatter,
   * so the result and the error are the formatter's.
   */
  static Instant instant(String text) {
    if (text.length() == 20
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && text.charAt(19) == 'Z'
        && isDate(text)) {
      int hour = digits(text, 11, 13);
      int minute = digits(text, 14, 16);
      int second = digits(text, 17, 19);
      if (hour >= 0 && minute >= 0 && second >= 0) {
        try {
          return LocalDateTime.of(
                  digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10), hour, minute, second)
              .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
          // Out of range: the formatter says how.
        }
      }
    }
    if (!TextForms.isInstant(text)) {
      // The JDK also takes offsets with seconds and five-digit years; the claims pipeline does not.
      throw new DateTimeParseException("Not the contract's form of an instant", text, 0);
    }
    return OffsetDateTime.parse(text).toInstant();
  }

  /** {@code LocalDate.parse(text)}, reading {@code yyyy-mm-dd} directly (see {@link #instant}). */
  static LocalDate date(String text) {
    if (text.length() == 10 && isDate(text)) {
      try {
        return LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
      } catch (DateTimeException e) {
        // Out of range: the formatter says how.
      }
    }
    if (!TextForms.isDate(text)) {
      throw new DateTimeParseException("Not the contract's form of a date", text, 0);
    }
    return LocalDate.parse(text);
  }

  /** Whether {@code text} starts {@code dddd-dd-dd}. */
  private static boolean isDate(String text) {
    return text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && digits(text, 0, 4) >= 0
        && digits(text, 5, 7) >= 0
        && digits(text, 8, 10) >= 0;
  }

  /** The ASCII digits {@code text[from, to)} as a number, or -1 if one is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String text(String name, JsonNode node, List<FieldError> errors) {
    if (!node.isTextual()) {
      errors.add(new FieldError(name, "type", "must be a string"));
      return null;
    }
    String text = node.textValue();
    if (text.length() > MAX_TEXT_LENGTH) {
      errors.add(
          new FieldError(name, "length", "is longer than " + MAX_TEXT_LENGTH + " characters"));
      return null;
    }
    return text;
  }

  private boolean check(Slot slot, Object value, List<FieldError> errors) {
    String name = slot.field().name();
    boolean ok = true;
    for (Check check : slot.checks()) {
      QualityRule rule = check.rule();
      if (rule instanceof QualityRule.Regex) {
        if (!matches(check, value.toString())) {
          errors.add(new FieldError(name, "regex", "does not match the contract's pattern"));
          ok = false;
        }
      } else if (rule instanceof QualityRule.AllowedValues allowed) {
        if (!allowed.values().contains(value.toString())) {
          errors.add(new FieldError(name, "allowed-values", "must be one of " + allowed.values()));
          ok = false;
        }
      } else if (rule instanceof QualityRule.Range range) {
        // The same number as new BigDecimal(value.toString()), without printing and reading it.
        BigDecimal number =
            value instanceof BigDecimal decimal
                ? decimal
                : value instanceof Integer whole
                    ? BigDecimal.valueOf(whole)
                    : new BigDecimal(value.toString());
        if (range.min().isPresent() && number.compareTo(range.min().get()) < 0
            || range.max().isPresent() && number.compareTo(range.max().get()) > 0) {
          errors.add(
              new FieldError(
                  name,
                  "range",
                  "must be between "
                      + range.min().map(BigDecimal::toPlainString).orElse("-∞")
                      + " and "
                      + range.max().map(BigDecimal::toPlainString).orElse("∞")));
          ok = false;
        }
      }
    }
    return ok;
  }

  private boolean matches(Check check, String text) {
    Matcher[] mine = matchers.get();
    Matcher matcher = mine[check.matcher()];
    if (matcher == null) {
      matcher = check.pattern().matcher(text);
      mine[check.matcher()] = matcher;
    } else {
      matcher.reset(text);
    }
    boolean matches = matcher.matches();
    // A matcher holds its input: a claimant's NINO or bank account must not stay behind.
    matcher.reset("");
    return matches;
  }

  private static boolean hasError(List<FieldError> errors, String field) {
    return errors.stream().anyMatch(error -> error.field().equals(field));
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(branch -> branch.getType() != Schema.Type.NULL)
        .findFirst()
        .orElseThrow();
  }

  private static String fieldOf(QualityRule rule) {
    if (rule instanceof QualityRule.Regex regex) {
      return regex.field();
    } else if (rule instanceof QualityRule.AllowedValues allowed) {
      return allowed.field();
    } else if (rule instanceof QualityRule.Range range) {
      return range.field();
    }
    return null;
  }

  /**
   * An unknown field, named only when it is a slip of a contract field's name: a body keyed by
   * values (a NINO, a name) must not have them quoted back ({@link FieldNames}).
   */
  private FieldError unknownField(String name) {
    return FieldNames.meant(name, positions.keySet())
        .map(
            meant ->
                new FieldError(
                    name,
                    "unknown-field",
                    "is not a field of the claims contract; did you mean " + meant + "?"))
        .orElseGet(
            () ->
                new FieldError(
                    "(an unknown field)",
                    "unknown-field",
                    "is not a field of the claims contract (its name is not repeated: it may be a"
                        + " value)"));
  }
}
