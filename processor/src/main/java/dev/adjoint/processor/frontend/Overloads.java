package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Type;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/** Java's choice of the most specific applicable overload, for primitive arguments. */
final class Overloads {
  private Overloads() {}

  static Optional<ExecutableElement> choose(List<ExecutableElement> candidates, List<Type> args) {
    List<ExecutableElement> applicable = candidates.stream().filter(m -> applies(m, args)).toList();
    List<ExecutableElement> mostSpecific = applicable.stream()
        .filter(m -> applicable.stream().allMatch(other -> other == m || moreSpecific(m, other)))
        .toList();
    return mostSpecific.size() == 1 ? Optional.of(mostSpecific.get(0)) : Optional.empty();
  }

  private static boolean applies(ExecutableElement method, List<Type> args) {
    if (method.isVarArgs() || method.getParameters().size() != args.size()) {
      return false;
    }
    for (int i = 0; i < args.size(); i++) {
      Type param = Primitives.typeOf(method.getParameters().get(i).asType());
      if (param == null || args.get(i) == null || !Primitives.assignable(args.get(i), param)) {
        return false;
      }
    }
    return true;
  }

  private static boolean moreSpecific(ExecutableElement a, ExecutableElement b) {
    for (int i = 0; i < a.getParameters().size(); i++) {
      if (!Primitives.assignable(Primitives.typeOf(a.getParameters().get(i).asType()),
          Primitives.typeOf(b.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }
}
