package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.BytecodeSize;
import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.ir.Chunks;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.HvpFunction;
import dev.adjoint.processor.ir.JvpFunction;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.RecordType;
import dev.adjoint.processor.ir.StackType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts each generated method ({@code mVjp}, {@code mVjpInOut}, {@code mForward}, {@code
 * mReverse}) whose estimated bytecode ({@link BytecodeSize}) passes a budget into chunks,
 * private static methods of consecutive statements, so that HotSpot compiles them (it leaves
 * methods over 8,000 bytes to the interpreter) and javac accepts them (64 KB). The last pass:
 * the statements, and so the order of every push and pop on the tape, stay as reverse mode made
 * them; only the method they run in changes. See {@link ChunkedMethod} for how the chunks share
 * the method's locals.
 *
 * <p>Without {@link Optimization#SPLIT_METHODS}, only methods javac could not compile are cut.
 */
public final class MethodSplitting {
  /** The budget without the optimisation: javac's 64 KB, with room for the estimate's error. */
  static final int JAVAC_BUDGET = 40_000;

  private MethodSplitting() {}

  public static VjpFunction apply(VjpFunction vjp, Settings settings) {
    int budget = settings.on(Optimization.SPLIT_METHODS) ? settings.splitAbove() : JAVAC_BUDGET;
    Function f = vjp.primal();
    Set<String> taken = takenNames(vjp);
    List<Chunks> chunks = new ArrayList<>();
    List<Var> primalParams = f.params();
    String vjpName = vjp.inOut() ? Names.vjpInOutMethodName(f.name()) : Names.vjpMethodName(f.name());
    List<Stmt> body = cut(vjp.primal(), vjpName, vjp.body(), with(primalParams, vjp.seed()), result(vjp.value()),
        true, budget, taken, chunks);
    VjpFunction.Split split = vjp.split();
    if (split != null && !split.joint()) {
      List<Stmt> forward = cut(f, vjp.inOut() ? Names.forwardInOutMethodName(f.name()) : Names.forwardMethodName(f.name()),
          split.forward(), with(primalParams, split.tape()), result(vjp.value()), false, budget, taken, chunks);
      List<Stmt> reverse = cut(f, vjp.inOut() ? Names.reverseInOutMethodName(f.name()) : Names.reverseMethodName(f.name()),
          split.reverse(),
          with(with(primalParams, vjp.seed()), split.tape()), List.of(), false, budget, taken, chunks);
      split = new VjpFunction.Split(split.tape(), forward, split.carried(), reverse, false);
    }
    if (chunks.isEmpty()) {
      return vjp;
    }
    return new VjpFunction(f, vjp.seed(), vjp.adjointParam(), body, vjp.value(), vjp.inOut(), split, chunks);
  }

  /** Forward mode's {@code mJvp}, cut like the others (it has no tape and no adjoint). */
  public static JvpFunction apply(JvpFunction jvp, Settings settings) {
    int budget = settings.on(Optimization.SPLIT_METHODS) ? settings.splitAbove() : JAVAC_BUDGET;
    Function f = jvp.primal();
    Set<String> taken = new HashSet<>();
    f.params().forEach(p -> taken.add(p.name()));
    jvp.tangents().forEach(t -> taken.add(t.name()));
    Walk.mentionedVars(jvp.body()).forEach(v -> taken.add(v.name()));
    taken.add(f.owner().simpleNames().get(0));
    // What the method returns after its body: the variables of the value and the tangent.
    List<Var> after = new ArrayList<>();
    for (Expr e : java.util.Arrays.asList(jvp.value(), jvp.tangent())) {
      if (e != null) {
        Walk.nodes(e, node -> {
          if (node instanceof Expr.Read r) {
            after.add(r.var());
          }
        });
      }
    }
    List<Chunks> chunks = new ArrayList<>();
    List<Stmt> body = cut(f, Names.jvpMethodName(f.name()), jvp.body(), with(f.params(), jvp.tangents()), after,
        false, budget, taken, chunks);
    return chunks.isEmpty() ? jvp
        : new JvpFunction(f, jvp.tangents(), body, jvp.value(), jvp.tangent(), chunks);
  }

  /**
   * Forward mode over reverse mode's {@code mVjpTangent}, cut like the others: its chunks get
   * both adjoint objects.
   */
  public static HvpFunction apply(HvpFunction hvp, Settings settings) {
    int budget = settings.on(Optimization.SPLIT_METHODS) ? settings.splitAbove() : JAVAC_BUDGET;
    VjpFunction vjp = hvp.vjp();
    Function f = hvp.primal();
    Set<String> taken = takenNames(vjp);
    hvp.tangents().forEach(t -> taken.add(t.name()));
    taken.add(hvp.seedTangent().name());
    taken.add(hvp.adjointTangent());
    Walk.mentionedVars(hvp.body()).forEach(v -> taken.add(v.name()));
    HvpFunction.Split split = hvp.split();
    if (split != null) {
      Walk.mentionedVars(split.forward()).forEach(v -> taken.add(v.name()));
      Walk.mentionedVars(split.reverse()).forEach(v -> taken.add(v.name()));
    }
    List<Var> primalAndTangents = with(f.params(), hvp.tangents());
    List<Var> params = with(primalAndTangents, List.of(vjp.seed(), hvp.seedTangent()));
    List<Chunks> chunks = new ArrayList<>();
    List<Stmt> body = cut(f, hvp.methodName(), hvp.body(), params, valueAndTangent(vjp.value(), hvp.valueTangent()),
        false, budget, taken, chunks);
    if (split != null && !split.joint()) {
      Var tape = vjp.split().tape();
      List<Stmt> forward = cut(f, Names.forwardTangentMethodName(f.name()), split.forward(),
          with(primalAndTangents, tape), valueAndTangent(split.value(), split.valueTangent()), false, budget, taken,
          chunks);
      List<Stmt> reverse = cut(f, Names.reverseTangentMethodName(f.name()), split.reverse(), with(params, tape),
          List.of(), false, budget, taken, chunks);
      split = new HvpFunction.Split(forward, split.value(), split.valueTangent(), reverse, false);
    }
    return chunks.isEmpty() ? hvp : new HvpFunction(vjp, hvp.tangents(), hvp.seedTangent(), hvp.adjointTangent(), body,
        hvp.valueTangent(), split, chunks);
  }

  /** The variables a method returns after its body: its value and those its tangent reads. */
  private static List<Var> valueAndTangent(Var value, Expr tangent) {
    List<Var> after = new ArrayList<>(result(value));
    if (tangent != null) {
      Walk.nodes(tangent, node -> {
        if (node instanceof Expr.Read r) {
          after.add(r.var());
        }
      });
    }
    return after;
  }

  private static List<Var> result(Var value) {
    return value == null ? List.of() : List.of(value);
  }

  private static List<Var> with(List<Var> vars, List<Var> more) {
    List<Var> all = new ArrayList<>(vars);
    all.addAll(more);
    return all;
  }

  private static List<Stmt> cut(Function f, String method, List<Stmt> body, List<Var> params, List<Var> results,
      boolean sweepsMarked, int budget, Set<String> taken, List<Chunks> out) {
    if (BytecodeSize.of(body) <= budget) {
      return body;
    }
    // Each generated method has locals of its own: the name need only be fresh among the function's.
    String localsName = fresh("locals", new HashSet<>(taken));
    RecordType localsClass = new RecordType(f.owner().gradClass()
        .nested(FreshNames.capitalize(method) + "Locals"));
    Var locals = Var.synthetic(localsName, localsClass);
    ChunkedMethod cut = new ChunkedMethod(method, locals, budget / 2, sweepsMarked);
    List<Stmt> cutBody = cut.cut(body, params, results);
    out.add(new Chunks(method, localsClass, locals, cut.fields(), cut.chunks()));
    return cutBody;
  }

  private static List<Var> with(List<Var> vars, Var more) {
    List<Var> all = new ArrayList<>(vars);
    if (more != null) {
      all.add(more);
    }
    return all;
  }

  /** The names a local of the generated methods may have, so the shared object's never clashes. */
  private static Set<String> takenNames(VjpFunction vjp) {
    Set<String> taken = new HashSet<>();
    vjp.primal().params().forEach(p -> taken.add(p.name()));
    Walk.mentionedVars(vjp.body()).forEach(v -> taken.add(v.name()));
    if (vjp.split() != null) {
      Walk.mentionedVars(vjp.split().forward()).forEach(v -> taken.add(v.name()));
      Walk.mentionedVars(vjp.split().reverse()).forEach(v -> taken.add(v.name()));
    }
    taken.add(vjp.seed().name());
    taken.add(vjp.adjointParam());
    taken.add(vjp.primal().owner().simpleNames().get(0));
    return taken;
  }

  private static String fresh(String base, Set<String> taken) {
    String candidate = base;
    for (int i = 2; taken.contains(candidate); i++) {
      candidate = base + i;
    }
    taken.add(candidate);
    return candidate;
  }

  /** Whether a statement reads or writes the caller's adjoint storage, which chunks get as a parameter. */
  static boolean usesAdjointParameter(List<Stmt> statements) {
    boolean[] found = {false};
    Walk.statements(statements, s -> {
      if (s instanceof Stmt.AllocateOutput || s instanceof Stmt.AccumulateOutput) {
        found[0] = true;
      }
      for (Expr e : Walk.allExpressions(s)) {
        Walk.nodes(e, node -> found[0] |= node instanceof Expr.OutputField);
      }
    });
    return found[0];
  }

  /** Whether a declaration is one the tape's {@code Tape.local()} makes, which must stay first. */
  static boolean declaresTape(Stmt s) {
    return s instanceof Stmt.Declare d && d.init() == null && d.var().type() instanceof StackType;
  }
}
