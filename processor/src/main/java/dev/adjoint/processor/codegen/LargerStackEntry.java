package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The public {@code mVjp} of a method below which a recursion runs, made to survive any depth its
 * primal survives. A recursion's {@code mForward} and {@code mReverse} frames are larger than the
 * primal's, so such a recursion can overflow the stack in the gradient where the primal does not:
 * {@code mVjp} then runs its sweeps (the method as generated, renamed {@code mVjpSweeps}) again on a
 * thread with a larger stack ({@code LargerStack}), which costs only the calls that overflow.
 *
 * <p>The aborted attempt must leave nothing behind. The tape restores itself ({@code exit()} in a
 * {@code finally}); a scalar adjoint is added to the caller's only at the end of the sweeps, past any
 * call that could overflow; but an array parameter's adjoint is the caller's array, added to as the
 * reverse sweep runs. With array parameters, the sweeps therefore add into an adjoint object of
 * their own, added to the caller's once they are done.
 */
final class LargerStackEntry {
  private static final ClassName LARGER_STACK = ClassName.get("dev.adjoint.runtime", "LargerStack");

  private LargerStackEntry() {}

  /** Whether a recursion may run below {@code f}: it makes a call that is part of one or leads to one. */
  static boolean applies(Function f) {
    boolean[] found = {false};
    Walk.statements(f.body(), s -> {
      for (Expr e : Walk.expressions(s)) {
        found[0] |= recursionBelow(e);
      }
    });
    return found[0];
  }

  private static boolean recursionBelow(Expr e) {
    if (e instanceof Expr.Call c && c.callee().reachesRecursion()) {
      return true;
    }
    return Derivatives.children(e).stream().anyMatch(LargerStackEntry::recursionBelow);
  }

  /** {@code vjp} (public {@code mVjp}) as the private sweeps and the public entry calling them. */
  static List<MethodSpec> wrap(MethodSpec vjp, Function f, ClassName adjointClass, String adjointParam) {
    String sweepsName = vjp.name() + "Sweeps";
    MethodSpec sweeps = MethodSpec.methodBuilder(sweepsName)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(vjp.returnType())
        .addParameters(vjp.parameters())
        .addJavadoc("The sweeps of {@link #$L}, which runs them again on a larger stack if they overflow.\n",
            vjp.name())
        .addCode(vjp.code())
        .build();
    List<Var> arrays = f.activeParams().stream().filter(p -> p.type().isArray()).toList();
    CodeBlock.Builder body = CodeBlock.builder();
    String overflow = fresh("overflow", vjp);
    if (arrays.isEmpty()) {
      String args = arguments(vjp, adjointParam);
      body.beginControlFlow("try")
          .addStatement("return $N($L)", sweepsName, args)
          .nextControlFlow("catch ($T $N)", StackOverflowError.class, overflow)
          .add("// Deeper than this thread's stack holds with the gradient's frames.\n")
          .addStatement("return $T.retry($N, () -> $N($L))", LARGER_STACK, overflow, sweepsName, args)
          .endControlFlow();
    } else {
      String own = fresh(adjointParam + "OfSweeps", vjp);
      String again = fresh(adjointParam + "OfRetry", vjp);
      String value = fresh("value", vjp);
      body.add("// The caller's adjoint arrays are added to only once the sweeps are done: an overflow\n")
          .add("// aborts them halfway, and they run again on a larger stack.\n")
          .addStatement("$T $N = new $T()", adjointClass, own, adjointClass)
          .addStatement("$T $N", vjp.returnType(), value)
          .beginControlFlow("try")
          .addStatement("$N = $N($L)", value, sweepsName, arguments(vjp, own))
          .nextControlFlow("catch ($T $N)", StackOverflowError.class, overflow)
          .addStatement("$T $N = new $T()", adjointClass, again, adjointClass)
          .addStatement("$N = $T.retry($N, () -> $N($L))", value, LARGER_STACK, overflow, sweepsName,
              arguments(vjp, again))
          .addStatement("$N = $N", own, again)
          .endControlFlow();
      for (Var p : f.activeParams()) {
        if (!p.type().isArray()) {
          body.addStatement("$N.$N += $N.$N", adjointParam, p.name(), own, p.name());
          continue;
        }
        body.beginControlFlow("if ($N.$N != null)", own, p.name())
            .beginControlFlow("if ($N.$N == null)", adjointParam, p.name())
            .addStatement("$N.$N = $N.$N", adjointParam, p.name(), own, p.name())
            .nextControlFlow("else")
            .addStatement("$T.addScaled($N.$N, 1.0, $N.$N)", JavaTypes.SHAPES, adjointParam, p.name(), own, p.name())
            .endControlFlow()
            .endControlFlow();
      }
      body.addStatement("return $N", value);
    }
    MethodSpec entry = MethodSpec.methodBuilder(vjp.name())
        .addModifiers(vjp.modifiers())
        .returns(vjp.returnType())
        .addParameters(vjp.parameters())
        .addJavadoc(vjp.javadoc())
        .addCode(body.build())
        .build();
    return List.of(entry, sweeps);
  }

  /**
   * {@code method}, which keeps nothing of its caller's (it makes its own adjoint objects, as
   * {@code mHvp} does), as a private method run again on a larger stack if it overflows, and the
   * public entry calling it.
   */
  static List<MethodSpec> retrying(MethodSpec method) {
    String sweepsName = method.name() + "Sweeps";
    MethodSpec sweeps = MethodSpec.methodBuilder(sweepsName)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(method.returnType())
        .addParameters(method.parameters())
        .addJavadoc("The work of {@link #$L}, which runs it again on a larger stack if it overflows.\n", method.name())
        .addCode(method.code())
        .build();
    String overflow = fresh("overflow", method);
    String args = method.parameters().stream().map(ParameterSpec::name).collect(Collectors.joining(", "));
    CodeBlock body = CodeBlock.builder()
        .beginControlFlow("try")
        .addStatement("return $N($L)", sweepsName, args)
        .nextControlFlow("catch ($T $N)", StackOverflowError.class, overflow)
        .add("// Deeper than this thread's stack holds with the second-order frames.\n")
        .addStatement("return $T.retry($N, () -> $N($L))", LARGER_STACK, overflow, sweepsName, args)
        .endControlFlow()
        .build();
    MethodSpec entry = MethodSpec.methodBuilder(method.name())
        .addModifiers(method.modifiers())
        .returns(method.returnType())
        .addParameters(method.parameters())
        .addJavadoc(method.javadoc())
        .addCode(body)
        .build();
    return List.of(entry, sweeps);
  }

  /** {@code base}, or with a number after it, unlike every parameter name of {@code vjp}. */
  private static String fresh(String base, MethodSpec vjp) {
    return new LocalNames(vjp.parameters().stream().map(ParameterSpec::name).toList()).fresh(base);
  }

  /** The parameters of {@code vjp} as arguments, with {@code adjoint} for its adjoint object. */
  private static String arguments(MethodSpec vjp, String adjoint) {
    List<ParameterSpec> params = vjp.parameters();
    return params.stream()
        .map(p -> p == params.get(params.size() - 1) ? adjoint : p.name())
        .collect(Collectors.joining(", "));
  }
}
