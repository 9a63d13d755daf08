package io.insightmesh.decisions.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.internal.ComparisonFunctions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import io.insightmesh.decisions.features.FeatureSchema;
import io.insightmesh.decisions.features.FeatureVector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongBinaryOperator;

/**
 * Rules as trees of Java closures, built once from the syntax tree CEL's checker produced, for the
 * part of CEL that rules over a {@link FeatureSchema} use: constants, the schema's variables, the
 * logical operators and the conditional, comparisons and arithmetic on ints, doubles and strings,
 * {@code in} over a list or a map, {@code size}, map indexing, {@code double()} of an int, and the
 * string tests {@code startsWith}, {@code endsWith} and {@code contains}. A rule using anything
 * else (a macro such as {@code exists}, {@code has}, another function) has no closure, and its
 * ruleset is evaluated by CEL's interpreter alone.
 *
 * <p><b>Why.</b> CEL 0.14's interpreter resolves each call's overload and gathers its arguments on
 * every evaluation: the shipped ruleset cost 2.4 µs a claim on its own and 11 % of the engine's
 * event loop at saturation; the library's planner runtime measured slower still (3.2 µs). The
 * closures dispatch on the overload once, when the rule is compiled (ADR 0017).
 *
 * <p><b>Exactness.</b> Each closure implements the overload the checker chose, with the standard
 * library's semantics (CEL's own comparison functions for int against double, code points for a
 * string's size). Wherever CEL could answer with an error or an unknown, or a value's edge makes
 * its semantics subtle (an unbound variable, a missing map key, integer overflow, division by zero,
 * a NaN), the closure does not guess: it throws {@link Fallback}, and the claim is evaluated by
 * CEL's programs, which report rule errors as before. So a closure either answers what CEL answers
 * or leaves the claim to CEL.
 */
final class RuleClosures {
  private RuleClosures() {}

  /** One compiled expression. */
  @FunctionalInterface
  interface Closure {
    /**
     * The expression's value on these features.
     *
     * @throws Fallback where CEL, not the closure, must decide
     */
    Object eval(FeatureVector features);
  }

  /** Thrown where CEL's interpreter must evaluate the claim instead; carries no stack. */
  static final class Fallback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Fallback INSTANCE = new Fallback();

    private Fallback() {
      super("left to CEL", null, false, false);
    }
  }

  /**
   * The closure of a checked rule expression over the schema's variables, or empty if it uses
   * anything the closures do not implement.
   */
  static Optional<Closure> compile(CelAbstractSyntaxTree ast, FeatureSchema schema) {
    if (!ast.isChecked()) {
      return Optional.empty();
    }
    return Optional.ofNullable(new Builder(ast, schema).build(ast.getExpr()));
  }

  /** Builds closures for one syntax tree; null from any method means "not implemented". */
  private static final class Builder {
    private final CelAbstractSyntaxTree ast;
    private final FeatureSchema schema;

    Builder(CelAbstractSyntaxTree ast, FeatureSchema schema) {
      this.ast = ast;
      this.schema = schema;
    }

    Closure build(CelExpr expr) {
      switch (expr.getKind()) {
        case CONSTANT:
          return constant(expr.constant());
        case IDENT:
          return variable(expr);
        case SELECT:
          // The checker resolves a declared dotted name (claim.amount_claimed) to a reference; a
          // selection without one reads a field of a value, and has() tests one: neither is here.
          return expr.select().testOnly() ? null : variable(expr);
        case CALL:
          return call(expr);
        default:
          return null;
      }
    }

    private static Closure constant(CelConstant constant) {
      Object value;
      switch (constant.getKind()) {
        case BOOLEAN_VALUE:
          value = constant.booleanValue();
          break;
        case INT64_VALUE:
          value = constant.int64Value();
          break;
        case DOUBLE_VALUE:
          value = constant.doubleValue();
          break;
        case STRING_VALUE:
          value = constant.stringValue();
          break;
        default:
          return null;
      }
      return features -> value;
    }

    private Closure variable(CelExpr expr) {
      Optional<CelReference> reference = ast.getReference(expr.id());
      if (reference.isEmpty()
          || !reference.get().overloadIds().isEmpty()
          || reference.get().value().isPresent()) {
        return null;
      }
      int index = schema.indexOrMinusOne(reference.get().name());
      if (index < 0) {
        return null;
      }
      return features -> {
        Object value = features.value(index);
        if (value == null) {
          // Unbound (the profile's variables without a profile): CEL answers with an unknown.
          throw Fallback.INSTANCE;
        }
        return value;
      };
    }

    private Closure call(CelExpr expr) {
      Optional<CelReference> reference = ast.getReference(expr.id());
      if (reference.isEmpty() || reference.get().overloadIds().size() != 1) {
        return null;
      }
      CelExpr.CelCall call = expr.call();
      int arity = call.args().size() + (call.target().isPresent() ? 1 : 0);
      Closure[] args = new Closure[arity];
      CelType[] types = new CelType[arity];
      int next = 0;
      if (call.target().isPresent()) {
        types[next] = ast.getType(call.target().get().id()).orElse(SimpleType.DYN);
        args[next++] = build(call.target().get());
      }
      for (CelExpr arg : call.args()) {
        types[next] = ast.getType(arg.id()).orElse(SimpleType.DYN);
        args[next++] = inListOperand(call, arg) ? list(arg) : build(arg);
      }
      for (Closure arg : args) {
        if (arg == null) {
          return null;
        }
      }
      return overload(reference.get().overloadIds().get(0), args, types);
    }

    /** The right operand of {@code in} over a list literal is built as a list. */
    private static boolean inListOperand(CelExpr.CelCall call, CelExpr arg) {
      return call.function().equals("@in")
          && call.args().size() == 2
          && call.args().get(1) == arg
          && arg.getKind() == CelExpr.ExprKind.Kind.LIST;
    }

    private Closure list(CelExpr expr) {
      if (!expr.list().optionalIndices().isEmpty()) {
        return null;
      }
      List<CelExpr> elements = expr.list().elements();
      Closure[] items = new Closure[elements.size()];
      for (int i = 0; i < items.length; i++) {
        items[i] = build(elements.get(i));
        if (items[i] == null) {
          return null;
        }
      }
      boolean constant = true;
      for (CelExpr element : elements) {
        constant &= element.getKind() == CelExpr.ExprKind.Kind.CONSTANT;
      }
      if (constant) {
        // claim.scheme in ['CJRS', 'BBL']: the list is the same for every claim.
        Object[] values = new Object[items.length];
        for (int i = 0; i < items.length; i++) {
          values[i] = items[i].eval(null);
        }
        List<Object> list = List.of(values);
        return features -> list;
      }
      return features -> {
        Object[] values = new Object[items.length];
        for (int i = 0; i < items.length; i++) {
          values[i] = items[i].eval(features);
        }
        return List.of(values);
      };
    }

    private static Closure overload(String id, Closure[] a, CelType[] types) {
      switch (id) {
        case "logical_and":
          return f -> bool(a[0].eval(f)) ? a[1].eval(f) : Boolean.FALSE;
        case "logical_or":
          return f -> bool(a[0].eval(f)) ? Boolean.TRUE : a[1].eval(f);
        case "logical_not":
          return f -> !bool(a[0].eval(f));
        case "conditional":
          return f -> bool(a[0].eval(f)) ? a[1].eval(f) : a[2].eval(f);
        case "equals":
          return equality(a, types, true);
        case "not_equals":
          return equality(a, types, false);
        case "in_list":
          return membership(a, types);
        case "in_map":
          return f -> map(a[1].eval(f)).containsKey(a[0].eval(f));
        case "index_map":
          return f -> {
            Object value = map(a[0].eval(f)).get(a[1].eval(f));
            if (value == null) {
              throw Fallback.INSTANCE; // CEL: no such key
            }
            return value;
          };
        case "size_string":
        case "string_size":
          return f -> {
            String s = (String) a[0].eval(f);
            return (long) s.codePointCount(0, s.length());
          };
        case "size_map":
        case "map_size":
          return f -> (long) map(a[0].eval(f)).size();
        case "starts_with_string":
          return f -> ((String) a[0].eval(f)).startsWith((String) a[1].eval(f));
        case "ends_with_string":
          return f -> ((String) a[0].eval(f)).endsWith((String) a[1].eval(f));
        case "contains_string":
          return f -> ((String) a[0].eval(f)).contains((String) a[1].eval(f));
        case "int64_to_double":
          return f -> (double) integer(a[0].eval(f));
        case "add_string":
          return f -> (String) a[0].eval(f) + a[1].eval(f);
        default:
          Closure arithmetic = arithmetic(id, a);
          return arithmetic != null ? arithmetic : comparison(id, a);
      }
    }

    private static Closure arithmetic(String id, Closure[] a) {
      switch (id) {
        case "add_int64":
          return f -> exact(Math::addExact, integer(a[0].eval(f)), integer(a[1].eval(f)));
        case "subtract_int64":
          return f -> exact(Math::subtractExact, integer(a[0].eval(f)), integer(a[1].eval(f)));
        case "multiply_int64":
          return f -> exact(Math::multiplyExact, integer(a[0].eval(f)), integer(a[1].eval(f)));
        case "divide_int64":
          return f -> {
            long x = integer(a[0].eval(f));
            long y = integer(a[1].eval(f));
            if (y == 0 || (x == Long.MIN_VALUE && y == -1)) {
              throw Fallback.INSTANCE; // CEL: division by zero, overflow
            }
            return x / y;
          };
        case "modulo_int64":
          return f -> {
            long x = integer(a[0].eval(f));
            long y = integer(a[1].eval(f));
            if (y == 0 || (x == Long.MIN_VALUE && y == -1)) {
              throw Fallback.INSTANCE;
            }
            return x % y;
          };
        case "negate_int64":
          return f -> exact(Math::subtractExact, 0L, integer(a[0].eval(f)));
        case "add_double":
          return f -> real(a[0].eval(f)) + real(a[1].eval(f));
        case "subtract_double":
          return f -> real(a[0].eval(f)) - real(a[1].eval(f));
        case "multiply_double":
          return f -> real(a[0].eval(f)) * real(a[1].eval(f));
        case "divide_double":
          return f -> real(a[0].eval(f)) / real(a[1].eval(f));
        case "negate_double":
          return f -> -real(a[0].eval(f));
        default:
          return null;
      }
    }

    /**
     * {@code <}, {@code <=}, {@code >}, {@code >=} on ints, doubles, strings, and int with double.
     */
    private static Closure comparison(String id, Closure[] a) {
      String operator;
      String operands;
      if (id.startsWith("less_equals_")) {
        operator = "<=";
        operands = id.substring("less_equals_".length());
      } else if (id.startsWith("less_")) {
        operator = "<";
        operands = id.substring("less_".length());
      } else if (id.startsWith("greater_equals_")) {
        operator = ">=";
        operands = id.substring("greater_equals_".length());
      } else if (id.startsWith("greater_")) {
        operator = ">";
        operands = id.substring("greater_".length());
      } else {
        return null;
      }
      Comparison compare;
      switch (operands) {
        case "int64":
          compare = f -> Long.compare(integer(a[0].eval(f)), integer(a[1].eval(f)));
          break;
        case "string":
          // As CEL's standard library compares strings.
          compare = f -> ((String) a[0].eval(f)).compareTo((String) a[1].eval(f));
          break;
        case "double":
          compare = f -> ordered(real(a[0].eval(f)), real(a[1].eval(f)));
          break;
        case "int64_double":
          compare =
              f ->
                  ComparisonFunctions.compareIntDouble(
                      integer(a[0].eval(f)), notNaN(real(a[1].eval(f))));
          break;
        case "double_int64":
          compare =
              f ->
                  ComparisonFunctions.compareDoubleInt(
                      notNaN(real(a[0].eval(f))), integer(a[1].eval(f)));
          break;
        default:
          return null;
      }
      switch (operator) {
        case "<":
          return f -> compare.apply(f) < 0;
        case "<=":
          return f -> compare.apply(f) <= 0;
        case ">":
          return f -> compare.apply(f) > 0;
        default:
          return f -> compare.apply(f) >= 0;
      }
    }

    private static Closure equality(Closure[] a, CelType[] types, boolean equal) {
      CelType type = types[0];
      if (!type.equals(types[1])) {
        return null;
      }
      if (type.equals(SimpleType.DOUBLE)) {
        return f -> equalDoubles(real(a[0].eval(f)), real(a[1].eval(f))) == equal;
      }
      if (type.equals(SimpleType.INT)
          || type.equals(SimpleType.STRING)
          || type.equals(SimpleType.BOOL)) {
        return f -> a[0].eval(f).equals(a[1].eval(f)) == equal;
      }
      return null;
    }

    private static Closure membership(Closure[] a, CelType[] types) {
      CelType element = types[0];
      boolean doubles = element.equals(SimpleType.DOUBLE);
      if (!doubles
          && !element.equals(SimpleType.INT)
          && !element.equals(SimpleType.STRING)
          && !element.equals(SimpleType.BOOL)) {
        return null;
      }
      return f -> {
        Object value = a[0].eval(f);
        for (Object item : (List<?>) a[1].eval(f)) {
          if (!item.getClass().equals(value.getClass())) {
            throw Fallback.INSTANCE; // a list of mixed types: CEL's heterogeneous equality
          }
          if (doubles ? equalDoubles(real(value), real(item)) : value.equals(item)) {
            return true;
          }
        }
        return false;
      };
    }

    @FunctionalInterface
    private interface Comparison {
      int apply(FeatureVector features);
    }
  }

  private static boolean bool(Object value) {
    return (Boolean) value;
  }

  private static long integer(Object value) {
    return (Long) value;
  }

  private static double real(Object value) {
    return (Double) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> map(Object value) {
    return (Map<Object, Object>) value;
  }

  /** An int operation that CEL refuses on overflow: left to CEL. */
  private static long exact(LongBinaryOperator operation, long x, long y) {
    try {
      return operation.applyAsLong(x, y);
    } catch (ArithmeticException overflow) {
      throw Fallback.INSTANCE;
    }
  }

  /** Ordering of two doubles as CEL's double comparisons (primitive operators) see it. */
  private static int ordered(double x, double y) {
    if (Double.isNaN(x) || Double.isNaN(y)) {
      // Every primitive comparison with NaN is false, which no sign of a compare can express.
      throw Fallback.INSTANCE;
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }

  private static double notNaN(double value) {
    if (Double.isNaN(value)) {
      throw Fallback.INSTANCE;
    }
    return value;
  }

  /**
   * Equality of doubles as CEL's runtime has it for numbers ({@code -0.0 == 0.0}, which {@code
   * RuleClosuresTest} holds to CEL); NaN, where CEL's answer can depend on whether both sides are
   * one boxed value, is left to CEL.
   */
  private static boolean equalDoubles(double x, double y) {
    if (Double.isNaN(x) || Double.isNaN(y)) {
      throw Fallback.INSTANCE;
    }
    return x == y;
  }
}
