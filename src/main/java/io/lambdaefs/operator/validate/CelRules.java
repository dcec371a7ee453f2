package io.lambdaefs.operator.validate;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Evaluates a CRD's {@code x-kubernetes-validations} with a real CEL implementation, as the API
 * server does on create: {@code self} is the value at the rule's level; transition rules (those
 * that read {@code oldSelf}) are skipped because a new object has no old self.
 */
final class CelRules {
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

  // The API server's CEL environment has the standard macros (has, all, exists, map, filter).
  private final Cel cel =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private final Map<String, CelAbstractSyntaxTree> compiled = new ConcurrentHashMap<>();

  /**
   * The error of one rule at {@code path}, or empty when the rule holds (or does not apply on
   * create).
   */
  Optional<ValidationError> check(String path, ValidationRule rule, Object self) {
    if (OLD_SELF.matcher(rule.getRule()).find()) {
      return Optional.empty();
    }
    String where =
        rule.getFieldPath() == null || rule.getFieldPath().isBlank()
            ? path
            : path + (rule.getFieldPath().startsWith(".") ? "" : ".") + rule.getFieldPath();
    Map<String, Object> vars = Map.of("self", toCel(self));
    Object result;
    try {
      result = cel.createProgram(ast(rule.getRule())).eval(vars);
    } catch (CelValidationException | CelEvaluationException e) {
      return Optional.of(
          new ValidationError(
              where, "rule " + rule.getRule() + " could not be evaluated: " + e.getMessage()));
    }
    if (Boolean.TRUE.equals(result)) {
      return Optional.empty();
    }
    return Optional.of(new ValidationError(where, message(rule, vars)));
  }

  /**
   * The rule's message; its messageExpression when that evaluates to a string; else the rule
   * itself.
   */
  private String message(ValidationRule rule, Map<String, Object> vars) {
    if (rule.getMessageExpression() != null && !rule.getMessageExpression().isBlank()) {
      try {
        Object m = cel.createProgram(ast(rule.getMessageExpression())).eval(vars);
        if (m instanceof String s && !s.isBlank()) {
          return s;
        }
      } catch (CelValidationException | CelEvaluationException e) {
        // The API server falls back to message (or the rule) when messageExpression fails.
      }
    }
    return rule.getMessage() != null && !rule.getMessage().isBlank()
        ? rule.getMessage()
        : "failed rule: " + rule.getRule();
  }

  private CelAbstractSyntaxTree ast(String expression) throws CelValidationException {
    CelAbstractSyntaxTree ast = compiled.get(expression);
    if (ast == null) {
      ast = cel.compile(expression).getAst();
      compiled.put(expression, ast);
    }
    return ast;
  }

  /** JSON values as CEL sees them: integers are int (Java long), other numbers double. */
  static Object toCel(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), toCel(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(toCel(v)));
      return out;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof BigDecimal || value instanceof Float) {
      return ((Number) value).doubleValue();
    }
    return value;
  }
}
