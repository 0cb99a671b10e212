package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.DerivativeRule;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.report.Message;
import dev.adjoint.processor.report.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The users' derivative rules ({@code @DerivativeOf}) of this compilation, by the method each
 * describes. Each rule's signature is checked against its target when it is registered; a rule
 * that does not fit is reported on the rule and not used.
 */
public final class CustomRules {
  public static final String ANNOTATION = "dev.adjoint.DerivativeOf";

  private final Elements elements;
  private final com.sun.source.util.Trees trees;
  private final Map<String, DerivativeRule> byTarget = new HashMap<>();
  private final Map<String, ExecutableElement> ruleElements = new HashMap<>();

  public CustomRules(Elements elements, com.sun.source.util.Trees trees) {
    this.elements = elements;
    this.trees = trees;
  }

  /** Registers the rules among {@code annotated}; returns what is wrong with the others. */
  public List<Problem> register(Iterable<? extends Element> annotated) {
    List<Problem> problems = new ArrayList<>();
    for (ExecutableElement rule : ElementFilter.methodsIn(annotated)) {
      try {
        add(rule);
      } catch (Bad bad) {
        problems.add(new Problem(originOf(rule), bad.getMessage()));
      }
    }
    return problems;
  }

  /** The rule of {@code method}, if a user wrote one. */
  public Optional<DerivativeRule> of(ExecutableElement method) {
    return Optional.ofNullable(byTarget.get(key(method)));
  }

  /** The rule method itself, as javac sees it. */
  ExecutableElement element(DerivativeRule rule) {
    return ruleElements.get(ruleKey(rule));
  }

  /** A rule method by what it describes too: one class may hold overloads of a rule's name. */
  private static String ruleKey(DerivativeRule rule) {
    return rule.ruleOwner() + "." + rule.rule() + " of " + rule.targetOwner() + "#" + rule.target() + rule.params();
  }

  private dev.adjoint.processor.ir.Origin originOf(ExecutableElement rule) {
    var path = trees.getPath(rule);
    return path == null ? dev.adjoint.processor.ir.Origin.NONE
        : new TreeOrigin(path.getLeaf(), path.getCompilationUnit());
  }

  private static final class Bad extends RuntimeException {
    Bad(Message message, Object... args) {
      super(message.format(args), null, false, false);
    }
  }

  private void add(ExecutableElement rule) {
    String ruleName = ((TypeElement) rule.getEnclosingElement()).getSimpleName() + "." + rule.getSimpleName();
    if (!rule.getModifiers().contains(Modifier.STATIC)) {
      throw new Bad(Message.RULE_NOT_STATIC, ruleName);
    }
    if (rule.getModifiers().contains(Modifier.PRIVATE)) {
      throw new Bad(Message.RULE_PRIVATE, ruleName);
    }
    AnnotationMirror mirror = rule.getAnnotationMirrors().stream()
        .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION))
        .findFirst().orElseThrow();
    TypeElement targetClass = null;
    String methodName = null;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      Object value = e.getValue().getValue();
      if (e.getKey().getSimpleName().contentEquals("value") && value instanceof DeclaredType type) {
        targetClass = (TypeElement) type.asElement();
      } else if (e.getKey().getSimpleName().contentEquals("method")) {
        methodName = value.toString();
      }
    }
    if (targetClass == null || methodName == null) {
      // javac reports the annotation's own errors (a class that does not exist, say).
      return;
    }
    ExecutableElement target = target(rule, targetClass, methodName, ruleName);
    DerivativeRule built = rule.getReturnType().getKind() == TypeKind.DOUBLE ? jvp(rule, target, ruleName)
        : rule.getReturnType().getKind() == TypeKind.VOID ? vjp(rule, target, ruleName)
        : null;
    if (built == null) {
      throw new Bad(Message.RULE_SIGNATURE, ruleName, describe(target),
          "it returns " + rule.getReturnType() + ": a JVP rule returns double, a VJP rule void");
    }
    DerivativeRule earlier = byTarget.get(key(target));
    if (earlier != null && !earlier.equals(built)) {
      throw new Bad(Message.RULE_DUPLICATE, describe(target), earlier.displayName(), ruleName);
    }
    byTarget.put(key(target), built);
    ruleElements.put(ruleKey(built), rule);
  }

  /** The static method of {@code owner} named so whose parameters the rule's first ones repeat. */
  private ExecutableElement target(ExecutableElement rule, TypeElement owner, String name, String ruleName) {
    ExecutableElement best = null;
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(owner))) {
      if (!m.getSimpleName().contentEquals(name) || !m.getModifiers().contains(Modifier.STATIC)
          || m.getParameters().size() > rule.getParameters().size()) {
        continue;
      }
      boolean repeats = true;
      for (int i = 0; i < m.getParameters().size(); i++) {
        repeats &= sameType(m.getParameters().get(i).asType(), rule.getParameters().get(i).asType());
      }
      if (repeats && (best == null || m.getParameters().size() > best.getParameters().size())) {
        best = m;
      }
    }
    if (best == null) {
      throw new Bad(Message.RULE_NO_TARGET, ruleName, owner.getQualifiedName(), name);
    }
    return best;
  }

  private DerivativeRule jvp(ExecutableElement rule, ExecutableElement target, String ruleName) {
    if (target.getReturnType().getKind() != TypeKind.DOUBLE) {
      throw new Bad(Message.RULE_SIGNATURE, ruleName, describe(target),
          "a JVP rule is for a method returning double; write a VJP rule (returning void) for one returning an array");
    }
    List<Type> params = params(target, ruleName);
    int tangents = 0;
    for (Type p : params) {
      if (p instanceof ArrayType) {
        throw new Bad(Message.RULE_SIGNATURE, ruleName, describe(target),
            "a JVP rule is for a method of numbers; write a VJP rule (returning void) for one with array parameters");
      }
      tangents += p == Primitive.DOUBLE ? 1 : 0;
    }
    List<? extends VariableElement> extra = rule.getParameters().subList(params.size(), rule.getParameters().size());
    if (extra.size() != tangents || extra.stream().anyMatch(p -> p.asType().getKind() != TypeKind.DOUBLE)) {
      throw new Bad(Message.RULE_SIGNATURE, ruleName, describe(target), "after the " + params.size()
          + " parameters of the method, a JVP rule takes one double tangent for each of its " + tangents
          + " double parameters, and nothing else");
    }
    return new DerivativeRule(DerivativeRule.Kind.JVP, TypeRefs.of((TypeElement) target.getEnclosingElement(), elements),
        target.getSimpleName().toString(), params, Primitive.DOUBLE,
        TypeRefs.of((TypeElement) rule.getEnclosingElement(), elements), rule.getSimpleName().toString(), false);
  }

  private DerivativeRule vjp(ExecutableElement rule, ExecutableElement target, String ruleName) {
    Type returns = Primitives.typeOf(target.getReturnType());
    if (returns == null || !returns.carriesDerivative() || !returns.equals(returns.derivative())) {
      throw new Bad(Message.RULE_SIGNATURE, ruleName, describe(target),
          "a VJP rule is for a method returning double, double[] or double[][]");
    }
    List<Type> params = params(target, ruleName);
    List<Type> expected = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i) == Primitive.DOUBLE) {
        throw new Bad(Message.RULE_SIGNATURE, ruleName, describe(target), "its parameter "
            + target.getParameters().get(i).getSimpleName() + " is a double, whose adjoint a void rule cannot hand"
            + " back; write a JVP rule if all parameters are numbers, or pass the double in a double[]");
      }
      if (params.get(i).carriesDerivative()) {
        expected.add(params.get(i));
      }
    }
    List<Type> extra = new ArrayList<>();
    for (VariableElement p : rule.getParameters().subList(params.size(), rule.getParameters().size())) {
      extra.add(Primitives.typeOf(p.asType()));
    }
    boolean takesResult = extra.size() == expected.size() + 2;
    List<Type> wanted = new ArrayList<>();
    if (takesResult) {
      wanted.add(returns);
    }
    wanted.add(returns);
    wanted.addAll(expected);
    if (!extra.equals(wanted)) {
      throw new Bad(Message.RULE_SIGNATURE, ruleName, describe(target), "after the " + params.size()
          + " parameters of the method, a VJP rule takes the result (" + returns.javaName()
          + ", optional), the result's adjoint (" + returns.javaName() + ") and one adjoint for each of its "
          + expected.size() + " double array parameters, of the same type, in order");
    }
    return new DerivativeRule(DerivativeRule.Kind.VJP, TypeRefs.of((TypeElement) target.getEnclosingElement(), elements),
        target.getSimpleName().toString(), params, returns,
        TypeRefs.of((TypeElement) rule.getEnclosingElement(), elements), rule.getSimpleName().toString(), takesResult);
  }

  private List<Type> params(ExecutableElement target, String ruleName) {
    List<Type> params = new ArrayList<>();
    for (VariableElement p : target.getParameters()) {
      Type type = Primitives.typeOf(p.asType());
      if (type == null || (type instanceof dev.adjoint.processor.ir.ArrayType a && a.floats())) {
        throw new Bad(Message.RULE_SIGNATURE, ruleName, describe(target), "its parameter " + p.getSimpleName()
            + " has type " + p.asType() + "; rules describe methods of double, int, long and boolean values and arrays");
      }
      params.add(type);
    }
    return params;
  }

  private static boolean sameType(TypeMirror a, TypeMirror b) {
    return a.toString().equals(b.toString());
  }

  private static String describe(ExecutableElement m) {
    return ((TypeElement) m.getEnclosingElement()).getSimpleName() + "." + m.getSimpleName()
        + m.getParameters().stream().map(p -> p.asType().toString()).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
  }

  private static String key(ExecutableElement m) {
    return ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "#" + m.getSimpleName()
        + m.getParameters().stream().map(p -> p.asType().toString()).collect(java.util.stream.Collectors.joining(",", "(", ")"));
  }
}
