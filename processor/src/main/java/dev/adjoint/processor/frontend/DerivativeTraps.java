package dev.adjoint.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.report.Trap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The derivative traps of a {@code @Differentiable} method, read from its source: exact
 * comparisons of differentiated values, truncations whose zero derivative reaches the result,
 * branches that make the result piecewise (once per method), differentiated parameters that no
 * arithmetic carries to the result, and the kinks of {@code abs}, {@code max} and {@code min}.
 *
 * <p>Which values are differentiated is read here by variable name, without regard to order: a
 * floating-point variable is active if anything it is given depends on a differentiated
 * parameter. That is coarser than the IR's activity analysis, and enough for a warning; the
 * trees keep the positions the IR does not.
 */
public final class DerivativeTraps {
  private static final Set<String> KINKED = Set.of("abs", "max", "min");

  private final ExecutableElement method;
  private final MethodTree tree;
  private final CompilationUnitTree unit;
  /** Variables of a floating type or an array of one (where the source says so), by name. */
  private final Set<String> real = new HashSet<>();
  private final Set<String> active = new HashSet<>();
  /** For each variable, the variables whose derivative flows into it. */
  private final Map<String, Set<String>> carriedFrom = new HashMap<>();
  /** For each variable, the variables its value depends on in any way (indices, truncations too). */
  private final Map<String, Set<String>> dependsOn = new HashMap<>();
  private final List<Trap> traps = new ArrayList<>();

  private DerivativeTraps(ExecutableElement method, MethodTree tree, CompilationUnitTree unit) {
    this.method = method;
    this.tree = tree;
    this.unit = unit;
  }

  /** The traps of {@code method}, whose source is {@code tree} in {@code unit}, in source order. */
  public static List<Trap> find(ExecutableElement method, MethodTree tree, CompilationUnitTree unit) {
    if (tree.getBody() == null) {
      return List.of();
    }
    DerivativeTraps finder = new DerivativeTraps(method, tree, unit);
    finder.readVariables();
    finder.propagate();
    return finder.report();
  }

  // ---------------------------------------------------------------- what is differentiated

  private void readVariables() {
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      String name = p.getSimpleName().toString();
      boolean record = Records.recordType(p.asType()) != null;
      if (isReal(p.asType()) || record) {
        real.add(name);
        if (!CalleeResolver.hasAnnotation(p, CalleeResolver.NO_DERIVATIVE)) {
          active.add(name);
        }
      }
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree v, Void unused) {
        if (isRealType(v.getType()) || "var".equals(String.valueOf(v.getType()))) {
          real.add(v.getName().toString());
        }
        return super.visitVariable(v, unused);
      }
    }.scan(tree.getBody(), null);
  }

  private static boolean isReal(TypeMirror type) {
    while (type.getKind() == TypeKind.ARRAY) {
      type = ((javax.lang.model.type.ArrayType) type).getComponentType();
    }
    return type.getKind() == TypeKind.DOUBLE || type.getKind() == TypeKind.FLOAT;
  }

  private static boolean isRealType(Tree type) {
    while (type instanceof com.sun.source.tree.ArrayTypeTree array) {
      type = array.getType();
    }
    return type instanceof PrimitiveTypeTree p
        && (p.getPrimitiveTypeKind() == TypeKind.DOUBLE || p.getPrimitiveTypeKind() == TypeKind.FLOAT);
  }

  /** Activity and the two dependences, to a fixed point over every assignment in the body. */
  private void propagate() {
    for (boolean changed = true; changed; ) {
      boolean[] grew = {false};
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitVariable(VariableTree v, Void unused) {
          if (v.getInitializer() != null) {
            grew[0] |= flow(v.getName().toString(), v.getInitializer(), List.of());
          }
          return super.visitVariable(v, unused);
        }

        @Override
        public Void visitAssignment(AssignmentTree a, Void unused) {
          grew[0] |= flow(root(a.getVariable()), a.getExpression(), indices(a.getVariable()));
          return super.visitAssignment(a, unused);
        }

        @Override
        public Void visitCompoundAssignment(CompoundAssignmentTree a, Void unused) {
          grew[0] |= flow(root(a.getVariable()), a.getExpression(), indices(a.getVariable()));
          return super.visitCompoundAssignment(a, unused);
        }

        @Override
        public Void visitEnhancedForLoop(EnhancedForLoopTree f, Void unused) {
          grew[0] |= flow(f.getVariable().getName().toString(), f.getExpression(), List.of());
          return super.visitEnhancedForLoop(f, unused);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          // A helper given arrays may write into them what it computes from all its arguments.
          if (!isMath(call)) {
            for (ExpressionTree arg : call.getArguments()) {
              String name = root(arg);
              if (name != null && real.contains(name)) {
                for (ExpressionTree other : call.getArguments()) {
                  grew[0] |= flow(name, other, List.of());
                }
              }
            }
          }
          return super.visitMethodInvocation(call, unused);
        }
      }.scan(tree.getBody(), null);
      changed = grew[0];
    }
  }

  /** {@code target} is given {@code value} (at {@code indices}); whether anything was learnt. */
  private boolean flow(String target, ExpressionTree value, List<ExpressionTree> indices) {
    if (target == null) {
      return false;
    }
    boolean grew = false;
    if (real.contains(target) && isActive(value)) {
      grew |= active.add(target);
    }
    Set<String> carried = new HashSet<>();
    mentions(value, true, carried);
    grew |= carriedFrom.computeIfAbsent(target, k -> new HashSet<>()).addAll(carried);
    Set<String> all = new HashSet<>();
    mentions(value, false, all);
    indices.forEach(i -> mentions(i, false, all));
    grew |= dependsOn.computeIfAbsent(target, k -> new HashSet<>()).addAll(all);
    return grew;
  }

  /** Whether {@code e}'s value depends, through arithmetic, on a differentiated parameter. */
  private boolean isActive(ExpressionTree e) {
    if (e instanceof ParenthesizedTree p) {
      return isActive(p.getExpression());
    }
    if (e instanceof IdentifierTree id) {
      return active.contains(id.getName().toString());
    }
    if (e instanceof ArrayAccessTree access) {
      return isActive(access.getExpression());
    }
    if (e instanceof BinaryTree b) {
      return switch (b.getKind()) {
        case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> isActive(b.getLeftOperand()) || isActive(b.getRightOperand());
        default -> false;
      };
    }
    if (e instanceof UnaryTree u) {
      return u.getKind() != Tree.Kind.LOGICAL_COMPLEMENT && isActive(u.getExpression());
    }
    if (e instanceof ConditionalExpressionTree c) {
      return isActive(c.getTrueExpression()) || isActive(c.getFalseExpression());
    }
    if (e instanceof TypeCastTree cast) {
      return !truncates(cast) && isActive(cast.getExpression());
    }
    if (e instanceof AssignmentTree a) {
      return isActive(a.getExpression());
    }
    if (e instanceof CompoundAssignmentTree a) {
      return isActive(a.getVariable()) || isActive(a.getExpression());
    }
    if (e instanceof MethodInvocationTree call) {
      if (isMath(call) && dev.adjoint.processor.rules.DerivativeTable.isPiecewiseConstant(name(call))) {
        return false;
      }
      if (call.getMethodSelect() instanceof MemberSelectTree select && call.getArguments().isEmpty()) {
        // p.x() of a record, a.clone() of an array
        return isActive(select.getExpression());
      }
      return call.getArguments().stream().anyMatch(this::isActive);
    }
    return false;
  }

  /**
   * The variables {@code e} mentions; with {@code carrying}, only those whose derivative its
   * value carries (not those only in indices, conditions, comparisons or truncations).
   */
  private void mentions(ExpressionTree e, boolean carrying, Set<String> out) {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void unused) {
        out.add(id.getName().toString());
        return null;
      }

      @Override
      public Void visitArrayAccess(ArrayAccessTree a, Void unused) {
        scan(a.getExpression(), null);
        return carrying ? null : scan(a.getIndex(), null);
      }

      @Override
      public Void visitTypeCast(TypeCastTree cast, Void unused) {
        return carrying && truncates(cast) ? null : super.visitTypeCast(cast, unused);
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        // a.length is a count, not a value of a
        return carrying && select.getIdentifier().contentEquals("length") ? null : super.visitMemberSelect(select, unused);
      }

      @Override
      public Void visitBinary(BinaryTree b, Void unused) {
        boolean arithmetic = switch (b.getKind()) {
          case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> true;
          default -> false;
        };
        return carrying && !arithmetic ? null : super.visitBinary(b, unused);
      }

      @Override
      public Void visitConditionalExpression(ConditionalExpressionTree c, Void unused) {
        if (!carrying) {
          scan(c.getCondition(), null);
        }
        scan(c.getTrueExpression(), null);
        return scan(c.getFalseExpression(), null);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (carrying && isMath(call) && dev.adjoint.processor.rules.DerivativeTable.isPiecewiseConstant(name(call))) {
          return null;
        }
        if (call.getMethodSelect() instanceof MemberSelectTree select) {
          scan(select.getExpression(), null);
        }
        return scan(call.getArguments(), null);
      }
    }.scan(e, null);
  }

  // ---------------------------------------------------------------- the traps

  private List<Trap> report() {
    // What the method writes into its array parameters is a result too: its callers read it.
    Set<String> outputs = returned(true);
    outputs.addAll(writtenParameters());
    Set<String> carriedToResult = closure(carriedFrom, outputs);
    Set<String> reachesResult = closure(dependsOn, returned(false));
    new TreeScanner<Void, Void>() {
      /** The variable the statement being scanned assigns; null in a return, a condition or a call statement. */
      private String target;
      private boolean piecewiseSaid;

      @Override
      public Void visitVariable(VariableTree v, Void unused) {
        return assigning(v.getName().toString(), () -> super.visitVariable(v, unused));
      }

      @Override
      public Void visitAssignment(AssignmentTree a, Void unused) {
        return assigning(root(a.getVariable()), () -> super.visitAssignment(a, unused));
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree a, Void unused) {
        return assigning(root(a.getVariable()), () -> super.visitCompoundAssignment(a, unused));
      }

      @Override
      public Void visitReturn(ReturnTree r, Void unused) {
        return assigning(null, () -> super.visitReturn(r, unused));
      }

      /** Scans with {@code variable} as the target of the statement, then puts the enclosing one back. */
      private Void assigning(String variable, Runnable scan) {
        String saved = target;
        target = variable;
        scan.run();
        target = saved;
        return null;
      }

      @Override
      public Void visitIf(IfTree t, Void unused) {
        condition(t.getCondition());
        return super.visitIf(t, unused);
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree t, Void unused) {
        condition(t.getCondition());
        return super.visitWhileLoop(t, unused);
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree t, Void unused) {
        condition(t.getCondition());
        return super.visitDoWhileLoop(t, unused);
      }

      @Override
      public Void visitForLoop(ForLoopTree t, Void unused) {
        if (t.getCondition() != null) {
          condition(t.getCondition());
        }
        return super.visitForLoop(t, unused);
      }

      @Override
      public Void visitConditionalExpression(ConditionalExpressionTree t, Void unused) {
        condition(t.getCondition());
        return super.visitConditionalExpression(t, unused);
      }

      private void condition(ExpressionTree c) {
        if (!piecewiseSaid && comparesActive(c)) {
          piecewiseSaid = true;
          add(Trap.Kind.PIECEWISE, tree, String.format("%s branches on differentiated values (first at '%s'): its"
              + " result is piecewise, and the derivative is that of the branch taken, one-sided where a"
              + " comparison is an equality", method.getSimpleName(), unparenthesized(c)));
        }
      }

      @Override
      public Void visitBinary(BinaryTree b, Void unused) {
        if ((b.getKind() == Tree.Kind.EQUAL_TO || b.getKind() == Tree.Kind.NOT_EQUAL_TO)
            && (isActive(b.getLeftOperand()) || isActive(b.getRightOperand()))) {
          add(Trap.Kind.EQUALITY, b, String.format("'%s' compares a differentiated value exactly: it holds at"
              + " isolated points, and the derivative there is that of the branch taken; compare with a"
              + " tolerance if that is what is meant", b));
        }
        return super.visitBinary(b, unused);
      }

      @Override
      public Void visitTypeCast(TypeCastTree cast, Void unused) {
        if (truncates(cast) && isActive(cast.getExpression()) && reaches()) {
          truncation(cast);
        }
        return super.visitTypeCast(cast, unused);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (isMath(call) && call.getArguments().stream().anyMatch(DerivativeTraps.this::isActive)) {
          String name = name(call);
          if (dev.adjoint.processor.rules.DerivativeTable.isPiecewiseConstant(name) && reaches()) {
            truncation(call);
          } else if (KINKED.contains(name)) {
            add(Trap.Kind.KINK, call, name.equals("abs")
                ? String.format("'%s' has a kink where its argument is 0; there Adjoint's derivative is 0 (that of"
                    + " signum)", call)
                : String.format("'%s' has a kink where its arguments are equal; there Adjoint gives each of them"
                    + " half the derivative", call));
          }
        }
        return super.visitMethodInvocation(call, unused);
      }

      /** Whether what the expression being scanned computes can reach the result. */
      private boolean reaches() {
        return target == null || reachesResult.contains(target);
      }

      private void truncation(Tree at) {
        add(Trap.Kind.TRUNCATION, at, String.format("'%s' truncates a differentiated value, so its derivative is 0:"
            + " what is computed from it does not change with that value as far as the derivative sees"
            + " (silently zero); keep the value a double if its change should count", at));
      }
    }.scan(tree.getBody(), null);
    for (int i = 0; i < method.getParameters().size(); i++) {
      String name = method.getParameters().get(i).getSimpleName().toString();
      if (active.contains(name) && !carriedToResult.contains(name)) {
        add(Trap.Kind.UNUSED, tree.getParameters().get(i), String.format("parameter %s is differentiated, but no"
            + " arithmetic carries it to the result: its partial is always 0; mark it @NoDerivative if that is"
            + " meant", name));
      }
    }
    return traps;
  }

  /** The parameters whose elements the body assigns. */
  private Set<String> writtenParameters() {
    Set<String> params = new HashSet<>();
    method.getParameters().forEach(p -> params.add(p.getSimpleName().toString()));
    Set<String> written = new HashSet<>();
    new TreeScanner<Void, Void>() {
      private void target(ExpressionTree t) {
        if (t instanceof ArrayAccessTree && params.contains(root(t))) {
          written.add(root(t));
        }
      }

      @Override
      public Void visitAssignment(AssignmentTree a, Void unused) {
        target(a.getVariable());
        return super.visitAssignment(a, unused);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree a, Void unused) {
        target(a.getVariable());
        return super.visitCompoundAssignment(a, unused);
      }
    }.scan(tree.getBody(), null);
    return written;
  }

  private boolean comparesActive(ExpressionTree c) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitBinary(BinaryTree b, Void unused) {
        switch (b.getKind()) {
          case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, EQUAL_TO, NOT_EQUAL_TO ->
              found[0] |= isActive(b.getLeftOperand()) || isActive(b.getRightOperand());
          default -> { }
        }
        return super.visitBinary(b, unused);
      }
    }.scan(c, null);
    return found[0];
  }

  /** The variables the returned values mention (carrying their derivative only, or in any way). */
  private Set<String> returned(boolean carrying) {
    Set<String> out = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree r, Void unused) {
        if (r.getExpression() != null) {
          mentions(r.getExpression(), carrying, out);
        }
        return null;
      }

      @Override
      public Void visitIf(IfTree t, Void unused) {
        if (!carrying) {
          mentions(t.getCondition(), false, out);
        }
        return super.visitIf(t, unused);
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree t, Void unused) {
        if (!carrying) {
          mentions(t.getCondition(), false, out);
        }
        return super.visitWhileLoop(t, unused);
      }

      @Override
      public Void visitForLoop(ForLoopTree t, Void unused) {
        if (!carrying && t.getCondition() != null) {
          mentions(t.getCondition(), false, out);
        }
        return super.visitForLoop(t, unused);
      }
    }.scan(tree.getBody(), null);
    return out;
  }

  private static Set<String> closure(Map<String, Set<String>> edges, Set<String> start) {
    Set<String> seen = new HashSet<>(start);
    java.util.Deque<String> work = new java.util.ArrayDeque<>(start);
    while (!work.isEmpty()) {
      for (String next : edges.getOrDefault(work.pop(), Set.of())) {
        if (seen.add(next)) {
          work.push(next);
        }
      }
    }
    return seen;
  }

  private void add(Trap.Kind kind, Tree at, String message) {
    traps.add(new Trap(kind, new TreeOrigin(at, unit), message));
  }

  // ---------------------------------------------------------------- trees

  private static boolean truncates(TypeCastTree cast) {
    return cast.getType() instanceof PrimitiveTypeTree p && switch (p.getPrimitiveTypeKind()) {
      case INT, LONG, SHORT, BYTE, CHAR -> true;
      default -> false;
    };
  }

  private static boolean isMath(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select
        && (select.getExpression().toString().equals("Math") || select.getExpression().toString().equals("StrictMath")
            || select.getExpression().toString().equals("java.lang.Math"));
  }

  private static String name(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select ? select.getIdentifier().toString()
        : call.getMethodSelect().toString();
  }

  /** The variable an assignment's target or an argument names ({@code a} of {@code a[i][j]}), else null. */
  private static String root(ExpressionTree e) {
    while (e instanceof ArrayAccessTree || e instanceof ParenthesizedTree) {
      e = e instanceof ArrayAccessTree a ? a.getExpression() : ((ParenthesizedTree) e).getExpression();
    }
    return e instanceof IdentifierTree id ? id.getName().toString() : null;
  }

  private static List<ExpressionTree> indices(ExpressionTree target) {
    List<ExpressionTree> out = new ArrayList<>();
    while (target instanceof ArrayAccessTree a) {
      out.add(a.getIndex());
      target = a.getExpression();
    }
    return out;
  }

  private static ExpressionTree unparenthesized(ExpressionTree e) {
    while (e instanceof ParenthesizedTree p) {
      e = p.getExpression();
    }
    return e;
  }
}
