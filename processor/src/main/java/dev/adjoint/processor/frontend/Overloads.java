package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Type;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import javax.lang.model.element.ExecutableElement;

/**
 * Java's choice of the most specific applicable overload, for primitive arguments. A float is a
 * double in the IR, so which arguments are floats is said apart ({@code floatArg}), and a
 * {@code float} parameter is a double parameter that takes floats, ints and longs only.
 */
final class Overloads {
  private Overloads() {}

  static Optional<ExecutableElement> choose(List<ExecutableElement> candidates, List<Type> args) {
    return choose(candidates, args, i -> false);
  }

  /**
   * As Java chooses: among the methods applicable with the arguments as they are (a varargs
   * method taking its array), else among the varargs methods applicable with the trailing
   * arguments gathered into the array (see {@link #gathersVarargs}).
   */
  static Optional<ExecutableElement> choose(List<ExecutableElement> candidates, List<Type> args,
      IntPredicate floatArg) {
    Optional<ExecutableElement> direct = mostSpecific(candidates.stream()
        .filter(m -> applies(m, args, floatArg)).toList());
    if (direct.isPresent() || candidates.stream().anyMatch(m -> applies(m, args, floatArg))) {
      return direct;
    }
    return mostSpecific(candidates.stream().filter(m -> appliesGathering(m, args, floatArg)).toList());
  }

  /** Whether the call of {@code method}, chosen by {@link #choose}, gathers trailing arguments into its varargs array. */
  static boolean gathersVarargs(ExecutableElement method, List<Type> args, IntPredicate floatArg) {
    return method.isVarArgs() && !applies(method, args, floatArg);
  }

  /** Whether {@code method}'s parameter {@code i} is a {@code float}. */
  static boolean isFloat(ExecutableElement method, int i) {
    return i < method.getParameters().size()
        && method.getParameters().get(i).asType().getKind() == javax.lang.model.type.TypeKind.FLOAT;
  }

  private static Optional<ExecutableElement> mostSpecific(List<ExecutableElement> applicable) {
    List<ExecutableElement> mostSpecific = applicable.stream()
        .filter(m -> applicable.stream().allMatch(other -> other == m || moreSpecific(m, other)))
        .toList();
    return mostSpecific.size() == 1 ? Optional.of(mostSpecific.get(0)) : Optional.empty();
  }

  private static boolean appliesGathering(ExecutableElement method, List<Type> args, IntPredicate floatArg) {
    int fixed = method.getParameters().size() - 1;
    if (!method.isVarArgs() || args.size() < fixed) {
      return false;
    }
    for (int i = 0; i < args.size(); i++) {
      javax.lang.model.type.TypeMirror declared = method.getParameters().get(Math.min(i, fixed)).asType();
      if (i >= fixed && declared instanceof javax.lang.model.type.ArrayType array) {
        declared = array.getComponentType();
      }
      if (!passes(args.get(i), floatArg.test(i), declared)) {
        return false;
      }
    }
    return true;
  }

  private static boolean applies(ExecutableElement method, List<Type> args, IntPredicate floatArg) {
    if (method.getParameters().size() != args.size()) {
      return false;
    }
    for (int i = 0; i < args.size(); i++) {
      if (!passes(args.get(i), floatArg.test(i), method.getParameters().get(i).asType())) {
        return false;
      }
    }
    return true;
  }

  /** Whether an argument of type {@code arg} (a float if {@code isFloat}) converts to {@code param} on a call. */
  private static boolean passes(Type arg, boolean isFloat, javax.lang.model.type.TypeMirror param) {
    if (param.getKind() == javax.lang.model.type.TypeKind.FLOAT) {
      return isFloat || arg == dev.adjoint.processor.ir.Primitive.INT || arg == dev.adjoint.processor.ir.Primitive.LONG;
    }
    Type type = paramType(param);
    if (isFloat) {
      return type == dev.adjoint.processor.ir.Primitive.DOUBLE;
    }
    return type != null && arg != null && Primitives.assignable(arg, type);
  }

  /** A primitive or array type, or a record (an argument of a record type matches it exactly). */
  private static Type paramType(javax.lang.model.type.TypeMirror type) {
    Type t = Primitives.typeOf(type);
    return t != null ? t : Records.irType(type);
  }

  private static boolean moreSpecific(ExecutableElement a, ExecutableElement b) {
    for (int i = 0; i < a.getParameters().size(); i++) {
      javax.lang.model.type.TypeMirror declared = a.getParameters().get(i).asType();
      boolean isFloat = declared.getKind() == javax.lang.model.type.TypeKind.FLOAT;
      if (!passes(isFloat ? dev.adjoint.processor.ir.Primitive.DOUBLE : paramType(declared), isFloat,
          b.getParameters().get(i).asType())) {
        return false;
      }
    }
    return true;
  }
}
