package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Type;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/** Java's choice of the most specific applicable overload, for primitive arguments. */
final class Overloads {
  private Overloads() {}

  /**
   * As Java chooses: among the methods applicable with the arguments as they are (a varargs
   * method taking its array), else among the varargs methods applicable with the trailing
   * arguments gathered into the array (see {@link #gathersVarargs}).
   */
  static Optional<ExecutableElement> choose(List<ExecutableElement> candidates, List<Type> args) {
    Optional<ExecutableElement> direct = mostSpecific(candidates.stream().filter(m -> applies(m, args)).toList());
    if (direct.isPresent() || candidates.stream().anyMatch(m -> applies(m, args))) {
      return direct;
    }
    return mostSpecific(candidates.stream().filter(m -> appliesGathering(m, args)).toList());
  }

  /** Whether the call of {@code method}, chosen by {@link #choose}, gathers trailing arguments into its varargs array. */
  static boolean gathersVarargs(ExecutableElement method, List<Type> args) {
    return method.isVarArgs() && !applies(method, args);
  }

  private static Optional<ExecutableElement> mostSpecific(List<ExecutableElement> applicable) {
    List<ExecutableElement> mostSpecific = applicable.stream()
        .filter(m -> applicable.stream().allMatch(other -> other == m || moreSpecific(m, other)))
        .toList();
    return mostSpecific.size() == 1 ? Optional.of(mostSpecific.get(0)) : Optional.empty();
  }

  private static boolean appliesGathering(ExecutableElement method, List<Type> args) {
    int fixed = method.getParameters().size() - 1;
    if (!method.isVarArgs() || args.size() < fixed) {
      return false;
    }
    for (int i = 0; i < args.size(); i++) {
      Type param = paramType(method.getParameters().get(Math.min(i, fixed)).asType());
      if (i >= fixed && param instanceof dev.adjoint.processor.ir.ArrayType array) {
        param = array.component();
      }
      if (param == null || args.get(i) == null || !Primitives.assignable(args.get(i), param)) {
        return false;
      }
    }
    return true;
  }

  private static boolean applies(ExecutableElement method, List<Type> args) {
    if (method.getParameters().size() != args.size()) {
      return false;
    }
    for (int i = 0; i < args.size(); i++) {
      Type param = paramType(method.getParameters().get(i).asType());
      if (param == null || args.get(i) == null || !Primitives.assignable(args.get(i), param)) {
        return false;
      }
    }
    return true;
  }

  /** A primitive or array type, or a record (an argument of a record type matches it exactly). */
  private static Type paramType(javax.lang.model.type.TypeMirror type) {
    Type t = Primitives.typeOf(type);
    return t != null ? t : Records.irType(type);
  }

  private static boolean moreSpecific(ExecutableElement a, ExecutableElement b) {
    for (int i = 0; i < a.getParameters().size(); i++) {
      if (!Primitives.assignable(paramType(a.getParameters().get(i).asType()),
          paramType(b.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }
}
