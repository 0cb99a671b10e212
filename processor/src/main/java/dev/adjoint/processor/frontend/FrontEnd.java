package dev.adjoint.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Walk;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.RecordParam;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.report.Message;
import dev.adjoint.processor.report.ProblemException;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/** Entry point of the front end: one {@code @Differentiable} method to one IR {@link Function}. */
public final class FrontEnd {
  /** Whether {@code method} is a {@code @Differentiable} vector function: it returns {@code double[]}. */
  public static boolean isVectorFunction(javax.lang.model.element.ExecutableElement method) {
    return CalleeResolver.hasAnnotation(method, CalleeResolver.DIFFERENTIABLE)
        && CalleeResolver.returnsDoubleArray(method);
  }

  private final Trees trees;
  private final Elements elements;
  private final java.util.Set<ExecutableElement> discovered = new java.util.LinkedHashSet<>();
  private final CallGraph calls;

  /**
   * The array parameters of {@code method} that calls of it treat as written into (see {@link
   * CalleeResolver#writtenArrayParameters}).
   */
  public java.util.Set<String> writtenArrayParameters(javax.lang.model.element.ExecutableElement method) {
    return new CalleeResolver(elements, trees, m -> {}).writtenArrayParameters(method);
  }

  private final CustomRules rules;

  public FrontEnd(Trees trees, Elements elements, CustomRules rules) {
    this.trees = trees;
    this.elements = elements;
    this.rules = rules;
    this.calls = new CallGraph(elements, trees);
  }

  /**
   * Helpers without {@code @Differentiable} that the methods read so far call, and that are
   * to be differentiated implicitly; each is handed out once.
   */
  public java.util.List<ExecutableElement> takeDiscoveredHelpers() {
    java.util.List<ExecutableElement> helpers = java.util.List.copyOf(discovered);
    discovered.clear();
    return helpers;
  }

  /**
   * Reads {@code method}, or throws a {@link ProblemException} on the first construct Adjoint
   * cannot differentiate.
   */
  public Function read(ExecutableElement method) {
    TreePath path = trees.getPath(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree)) {
      throw new ProblemException(dev.adjoint.processor.ir.Origin.NONE, Message.NO_BODY, method.getSimpleName());
    }
    return new MethodReading(method, tree, path.getCompilationUnit()).read();
  }

  private static final Expr ZERO = new Expr.Constant(Primitive.DOUBLE, "0.0");
  private static final Expr ONE = new Expr.Constant(Primitive.DOUBLE, "1.0");

  /** A loop being read: its IR id and its label, if any. */
  private record LoopFrame(String id, String label, boolean isSwitch) {}

  /** The state of reading one method. */
  private final class MethodReading {
    private final ExecutableElement method;
    private final MethodTree tree;
    private final CompilationUnitTree unit;
    private final TypeElement owner;
    /** The object an instance method is called on, its generated methods' first parameter; else null. */
    private final Var receiver;
    private final Scope scope = new Scope();
    private final SourceText text;
    private final ExpressionReader expressions;
    private final NameResolver resolver;
    private final java.util.Deque<LoopFrame> loops = new java.util.ArrayDeque<>();
    private int loopCount;
    /** The method's {@code @CheckpointedLoop}, or null; the loop it names, by IR id, with its budget. */
    private final LoopCheckpoints checkpoint;
    private final java.util.Map<String, Integer> checkpointed = new java.util.LinkedHashMap<>();

    MethodReading(ExecutableElement method, MethodTree tree, CompilationUnitTree unit) {
      this.method = method;
      this.tree = tree;
      this.unit = unit;
      this.owner = (TypeElement) method.getEnclosingElement();
      this.checkpoint = LoopCheckpoints.of(method);
      this.receiver = method.getModifiers().contains(Modifier.STATIC) ? null
          : new Var(Receivers.name(owner, tree), Receivers.type(owner, elements), Var.Role.PARAMETER, true);
      this.text = new SourceText(unit, trees.getSourcePositions());
      this.resolver = new NameResolver(elements, owner, unit);
      this.expressions = new ExpressionReader(scope, resolver,
          new CalleeResolver(elements, trees, discovered::add, method, calls), text, new ExpressionReader.Reading(unit, owner, rules, receiver),
          elements, trees);
      expressions.readStatementsWith(this::statement);
    }

    private ProblemException problem(Tree at, Message message, Object... args) {
      return new ProblemException(new TreeOrigin(at, unit), message, args);
    }

    Function read() {
      checkSignature();
      List<Var> params = new ArrayList<>();
      List<RecordParam> records = new ArrayList<>();
      if (receiver != null) {
        params.add(receiver);
      }
      for (int i = 0; i < method.getParameters().size(); i++) {
        VariableElement p = method.getParameters().get(i);
        TypeElement record = Records.recordType(p.asType());
        if (record != null) {
          RecordParam expanded = recordParameter(p, record, tree.getParameters().get(i));
          params.addAll(expanded.vars());
          records.add(expanded);
        } else {
          params.add(parameter(p, tree.getParameters().get(i)));
        }
      }
      var rule = rules.of(method);
      if (rule.isPresent()) {
        return throughRule(expressions.usable(rule.get()), params);
      }
      if (tree.getBody() == null) {
        throw problem(tree, Message.NO_BODY, name());
      }
      if (checkpoint != null && checkpoint.snapshots() < 0) {
        throw new ProblemException(new TreeOrigin(tree, unit), Message.CHECKPOINT_SNAPSHOTS, checkpoint.snapshots());
      }
      List<Stmt> body = new ArrayList<>();
      block(tree.getBody(), body);
      checkFreshReturns(body);
      if (checkpoint != null && checkpointed.isEmpty()) {
        throw problem(tree, Message.CHECKPOINT_NO_LOOP, checkpoint.label(), name());
      }
      body = new ArrayList<>(DepthLimit.apply(body, scope));
      if (isVoidHelper()) {
        // A void helper (one that fills arrays) is differentiated as if it returned 0.
        body.add(new Stmt.Return(ZERO, ""));
      } else if (returnsCountWhileWritingArrays() && !endsInReturn(body)) {
        body.add(new Stmt.Return(ZERO, ""));
      } else if (!endsInReturn(body)) {
        throw problem(tree, Message.MISSING_RETURN, name());
      }
      TypeElement record = returnedRecord();
      dev.adjoint.processor.ir.Type returns = record != null ? RecordResults.CARRIER
          : isArrayHelper() ? Primitives.typeOf(method.getReturnType()) : Primitive.DOUBLE;
      var recordResult = record == null ? null
          : RecordResults.describe(record, new Records(elements, trees).components(record, tree, unit), elements);
      return new Function(TypeRefs.of(owner, elements), method.getSimpleName().toString(), params,
          returns, body, new TreeOrigin(tree, unit), method.isVarArgs(), receiver != null, records, recordResult,
          checkpointed);
    }

    /**
     * A method with a derivative rule of the user's, whose derivatives come from the rule: its
     * body is taken to be a call of itself through the rule, and is not read.
     */
    private Function throughRule(dev.adjoint.processor.ir.DerivativeRule rule, List<Var> params) {
      var origin = new TreeOrigin(tree, unit);
      List<Expr> args = params.stream().<Expr>map(Expr.Read::new).toList();
      Expr call = RuleCalls.call(rule, args, origin, List.of());
      List<Stmt> body = new ArrayList<>();
      String source = "return " + method.getSimpleName() + "(...); // through " + rule.displayName();
      if (call.type().isArray()) {
        Var result = scope.temporary("result", call.type());
        body.add(new Stmt.Declare(result, call, ""));
        call = new Expr.Read(result);
      }
      body.add(new Stmt.Return(call, source));
      return new Function(TypeRefs.of(owner, elements), method.getSimpleName().toString(), params, call.type(), body,
          origin, method.isVarArgs(), receiver != null, List.of());
    }

    /** What javac demands of a method returning a value, for the shapes Adjoint builds on. */
    private static boolean endsInReturn(List<Stmt> body) {
      if (body.isEmpty()) {
        return false;
      }
      Stmt last = body.get(body.size() - 1);
      if (last instanceof Stmt.If branch) {
        return endsInReturn(branch.then()) && endsInReturn(branch.otherwise());
      }
      return last instanceof Stmt.Return || last instanceof Stmt.Loop || last instanceof Stmt.Throw;
    }

    private String name() {
      return owner.getSimpleName() + "." + method.getSimpleName();
    }

    private void checkSignature() {
      var modifiers = method.getModifiers();
      if (!modifiers.contains(Modifier.STATIC)) {
        if (owner.getKind() == ElementKind.INTERFACE || owner.getKind() == ElementKind.ANNOTATION_TYPE) {
          throw problem(tree, Message.NOT_STATIC, name());
        }
        if (!owner.getTypeParameters().isEmpty()) {
          throw problem(tree, Message.GENERIC_RECEIVER, name(), owner.getSimpleName());
        }
        if (!Receivers.cannotBeOverridden(method, owner)) {
          throw problem(tree, Message.OVERRIDABLE_METHOD, name());
        }
      }
      String grad = TypeRefs.of(owner, elements).gradClass().qualifiedName();
      if (modifiers.contains(Modifier.PRIVATE)) {
        throw problem(tree, Message.PRIVATE_METHOD, name(), grad);
      }
      for (Element e = owner; e instanceof TypeElement type; e = e.getEnclosingElement()) {
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS
            || (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)
                && type.getKind() == ElementKind.CLASS
                && type.getEnclosingElement().getKind() != ElementKind.INTERFACE)) {
          throw problem(tree, Message.INNER_CLASS, type.getQualifiedName().length() > 0
              ? type.getQualifiedName() : "a local or anonymous class");
        }
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
          throw problem(tree, Message.PRIVATE_CLASS, name(), type.getSimpleName(), grad);
        }
      }
      if (!method.getTypeParameters().isEmpty()) {
        throw problem(tree, Message.GENERIC_METHOD, name());
      }
      if (method.getReturnType().getKind() != TypeKind.DOUBLE && method.getReturnType().getKind() != TypeKind.FLOAT
          && !isVoidHelper() && !isArrayHelper() && returnedRecord() == null
          && !returnsCountWhileWritingArrays()) {
        throw problem(tree.getReturnType() != null ? tree.getReturnType() : tree, Message.RETURN_TYPE, name(),
            method.getReturnType());
      }
    }

    /**
     * {@code Point p}: one parameter per component, {@code p_x} and {@code p_y}, which {@code
     * p.x()} and {@code p.y()} read; {@code @NoDerivative} on {@code p} holds them all constant.
     */
    private RecordParam recordParameter(VariableElement element, TypeElement record, VariableTree at) {
      String pName = element.getSimpleName().toString();
      var components = new Records(elements, trees).components(record, at, unit);
      boolean noDerivative = CalleeResolver.hasAnnotation(element, CalleeResolver.NO_DERIVATIVE);
      List<Var> vars = new ArrayList<>();
      List<Boolean> floats = new ArrayList<>();
      java.util.Map<String, Var> byName = new java.util.LinkedHashMap<>();
      for (Records.Component c : components) {
        String name = pName + "_" + c.name();
        if (name.equals("value") || scope.lookup(name) != null) {
          throw problem(at, Message.RECORD_NAME_CLASH, pName, name);
        }
        Var v = new Var(name, c.type(), Var.Role.PARAMETER, noDerivative);
        scope.declare(name, v);
        if (c.isFloat()) {
          scope.markFloat(v);
        }
        vars.add(v);
        floats.add(c.isFloat());
        byName.put(c.name(), v);
      }
      scope.declareRecord(pName, new Scope.RecordValue(record, byName));
      return new RecordParam(pName, TypeRefs.of(record, elements), components.stream().map(Records.Component::name)
          .toList(), vars, floats);
    }

    private Var parameter(VariableElement element, VariableTree at) {
      String pName = element.getSimpleName().toString();
      boolean isFloat = element.asType().getKind() == TypeKind.FLOAT;
      // A float is carried in a double, which holds it exactly (see Floats).
      dev.adjoint.processor.ir.Type type = isFloat ? Primitive.DOUBLE : Primitives.typeOf(element.asType());
      if (type == null) {
        throw problem(at, Message.PARAMETER_TYPE, pName, element.asType());
      }
      if (pName.equals("value")) {
        throw problem(at, Message.PARAMETER_NAMED_VALUE);
      }
      boolean noDerivative = CalleeResolver.hasAnnotation(element, CalleeResolver.NO_DERIVATIVE);
      Var v = new Var(pName, type, Var.Role.PARAMETER, noDerivative, isFloat);
      scope.declare(pName, v);
      if (isFloat) {
        scope.markFloat(v);
      }
      return v;
    }

    private void block(BlockTree block, List<Stmt> out) {
      scope.enterBlock();
      for (StatementTree statement : block.getStatements()) {
        statement(statement, out);
      }
      scope.exitBlock();
    }

    private void statement(StatementTree statement, List<Stmt> out) {
      switch (statement.getKind()) {
        case VARIABLE -> {
          int mark = out.size();
          declaration((VariableTree) statement, out);
          DeferredSteps.apply(out, mark);
        }
        case EXPRESSION_STATEMENT -> expressionStatement((ExpressionStatementTree) statement, out);
        case RETURN -> returnStatement((ReturnTree) statement, out);
        case BLOCK -> block((BlockTree) statement, out);
        // The derivative code leaves assertions out, as Java does by default (without -ea): a
        // condition is not evaluated, and its side effects, if any, do not happen.
        case EMPTY_STATEMENT, ASSERT -> { }
        case IF -> ifStatement((IfTree) statement, out);
        case WHILE_LOOP, DO_WHILE_LOOP, FOR_LOOP -> loop(statement, null, out);
        case ENHANCED_FOR_LOOP -> forEach((EnhancedForLoopTree) statement, null, out);
        case LABELED_STATEMENT -> {
          LabeledStatementTree labeled = (LabeledStatementTree) statement;
          if (!isLoop(labeled.getStatement())) {
            throw problem(statement, Message.STATEMENT, "a label on a statement that is not a loop",
                "label the loop that break or continue should leave");
          }
          if (labeled.getStatement() instanceof EnhancedForLoopTree forEach) {
            forEach(forEach, labeled.getLabel().toString(), out);
          } else {
            loop(labeled.getStatement(), labeled.getLabel().toString(), out);
          }
        }
        case BREAK -> out.add(new Stmt.Break(jumpTarget(statement, ((BreakTree) statement).getLabel()),
            text.of(statement)));
        case CONTINUE -> out.add(new Stmt.Continue(jumpTarget(statement, ((ContinueTree) statement).getLabel()),
            text.of(statement)));
        case SWITCH -> switchStatement((SwitchTree) statement, out);
        case THROW -> throwStatement((ThrowTree) statement, out);
        default -> throw problem(statement, Message.STATEMENT, "this statement",
            "a @Differentiable method may declare and assign variables, branch, loop and return");
      }
    }

    /** {@code throw new E("text " + x)} with E unchecked: runs as in the primal. */
    private void throwStatement(ThrowTree tree, List<Stmt> out) {
      if (tree.getExpression() instanceof NewClassTree created && created.getEnclosingExpression() == null
          && created.getClassBody() == null && created.getArguments().size() <= 1) {
        var type = resolver.resolveType(created.getIdentifier());
        if (type.isPresent() && isUnchecked(type.get())) {
          List<Object> message = new ArrayList<>();
          if (!created.getArguments().isEmpty()) {
            messageParts(created.getArguments().get(0), message, out);
          }
          out.add(new Stmt.Throw(TypeRefs.of(type.get(), elements), message, text.of(tree)));
          return;
        }
      }
      throw problem(tree, Message.STATEMENT, "this throw statement",
          "throw new SomeUncheckedException(\"text\" + value) with a message of strings and numbers");
    }

    private void messageParts(ExpressionTree tree, List<Object> parts, List<Stmt> out) {
      if (tree instanceof LiteralTree literal && literal.getValue() instanceof String string) {
        parts.add(string);
      } else if (tree.getKind() == Tree.Kind.PLUS && tree instanceof com.sun.source.tree.BinaryTree plus
          && containsString(plus)) {
        messageParts(plus.getLeftOperand(), parts, out);
        messageParts(plus.getRightOperand(), parts, out);
      } else {
        List<Stmt> effects = new ArrayList<>();
        Expr part = expressions.read(tree, effects);
        if (!effects.isEmpty()) {
          throw problem(tree, Message.STATEMENT, "an assignment inside a throw's message",
              "assign before the throw statement");
        }
        parts.add(part);
      }
    }

    private static boolean containsString(ExpressionTree tree) {
      if (tree instanceof LiteralTree literal) {
        return literal.getValue() instanceof String;
      }
      return tree.getKind() == Tree.Kind.PLUS && tree instanceof com.sun.source.tree.BinaryTree plus
          && (containsString(plus.getLeftOperand()) || containsString(plus.getRightOperand()));
    }

    private boolean isUnchecked(TypeElement type) {
      for (TypeElement t = type; t != null; ) {
        String name = t.getQualifiedName().toString();
        if (name.equals("java.lang.RuntimeException") || name.equals("java.lang.Error")) {
          return true;
        }
        var superclass = t.getSuperclass();
        t = superclass.getKind() == TypeKind.DECLARED
            ? (TypeElement) ((javax.lang.model.type.DeclaredType) superclass).asElement() : null;
      }
      return false;
    }

    private static boolean isLoop(StatementTree s) {
      return s.getKind() == Tree.Kind.WHILE_LOOP || s.getKind() == Tree.Kind.DO_WHILE_LOOP
          || s.getKind() == Tree.Kind.FOR_LOOP || s.getKind() == Tree.Kind.ENHANCED_FOR_LOOP;
    }

    /** A statement that is a block of its own, such as a branch or a loop body. */
    private List<Stmt> nested(StatementTree statement) {
      List<Stmt> out = new ArrayList<>();
      if (statement != null) {
        scope.enterBlock();
        statement(statement, out);
        scope.exitBlock();
      }
      return out;
    }

    private void ifStatement(IfTree tree, List<Stmt> out) {
      Expr condition = condition(tree.getCondition(), out);
      out.add(new Stmt.If(condition, nested(tree.getThenStatement()), nested(tree.getElseStatement()),
          "if " + text.of(tree.getCondition())));
    }

    /** A condition; the statements carrying out its side effects are appended to {@code effects}. */
    private Expr condition(ExpressionTree tree, List<Stmt> effects) {
      Expr condition = expressions.read(tree, effects);
      if (condition.type() != Primitive.BOOLEAN) {
        throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree) + " as a condition", "it is not a boolean");
      }
      return condition;
    }

    /**
     * A loop. A condition with side effects ({@code while (n-- > 0)}) has its effects run before
     * the loop and again at the end of every iteration, in the loop's update, which {@code
     * continue} does not skip and {@code break} does: {@code int nWas = n; n -= 1; while (nWas >
     * 0) { body; nWas = n; n -= 1; }}. A do-while loop runs them in its update only.
     */
    private void loop(StatementTree tree, String label, List<Stmt> out) {
      String id = "loop" + (++loopCount);
      loops.push(new LoopFrame(id, label, false));
      scope.enterBlock();
      try {
        if (tree instanceof WhileLoopTree w) {
          List<Stmt> effects = new ArrayList<>();
          Expr condition = condition(w.getCondition(), effects);
          out.addAll(effects);
          out.add(new Stmt.Loop(id, condition, nested(w.getStatement()), again(effects), true,
              "while " + text.of(w.getCondition())));
        } else if (tree instanceof DoWhileLoopTree d) {
          List<Stmt> body = nested(d.getStatement());
          List<Stmt> effects = new ArrayList<>();
          Expr condition = condition(d.getCondition(), effects);
          // The temporaries of the condition, declared where the condition can see them.
          Walk.statements(effects, s -> {
            if (s instanceof Stmt.Declare declared) {
              out.add(new Stmt.Declare(declared.var(), Exprs.zeroOf(declared.var().type()), ""));
            }
          });
          out.add(new Stmt.Loop(id, condition, body, again(effects), false,
              "do ... while " + text.of(d.getCondition())));
        } else {
          ForLoopTree f = (ForLoopTree) tree;
          for (StatementTree init : f.getInitializer()) {
            statement(init, out);
          }
          List<Stmt> effects = new ArrayList<>();
          Expr condition = f.getCondition() == null
              ? new Expr.Constant(Primitive.BOOLEAN, "true") : condition(f.getCondition(), effects);
          out.addAll(effects);
          List<Stmt> update = new ArrayList<>();
          for (ExpressionStatementTree step : f.getUpdate()) {
            expressionStatement(step, update);
          }
          update.addAll(again(effects));
          List<Stmt> body = nested(f.getStatement());
          String header = f.getCondition() == null ? "for (;;)" : "for (...; " + text.of(f.getCondition()) + "; ...)";
          out.add(new Stmt.Loop(id, condition, body, update, true, header));
        }
        markCheckpointed(tree, label, (Stmt.Loop) out.get(out.size() - 1), enclosingLoops() - 1);
      } finally {
        scope.exitBlock();
        loops.pop();
      }
    }

    /**
     * Notes {@code loop} as the method's checkpointed loop if its label is the one {@code
     * @CheckpointedLoop} names: a loop of the method's top level, which keeps its arrays (the
     * reverse sweep copies their contents, not where the variables point).
     */
    private void markCheckpointed(Tree tree, String label, Stmt.Loop loop, int outerLoops) {
      if (checkpoint == null || label == null || !label.equals(checkpoint.label())) {
        return;
      }
      if (outerLoops > 0) {
        throw problem(tree, Message.CHECKPOINT_NESTED, label);
      }
      List<Stmt> all = new ArrayList<>(loop.body());
      all.addAll(loop.update());
      java.util.Set<Var> inside = Walk.declaredVars(all);
      Walk.statements(all, s -> {
        if (s instanceof Stmt.Assign a && a.var().type().isArray() && !inside.contains(a.var())) {
          throw problem(tree, Message.CHECKPOINT_STATE, label, a.var().name());
        }
      });
      checkpointed.put(loop.id(), checkpoint.snapshots());
    }

    /**
     * The statements {@code effects} once more, as new statements (analyses tell statements
     * apart by identity), with their declarations turned into assignments of the variables
     * declared the first time.
     */
    private static List<Stmt> again(List<Stmt> effects) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : effects) {
        if (s instanceof Stmt.Declare d) {
          out.add(new Stmt.Assign(d.var(), null, d.init() != null ? d.init() : Exprs.zeroOf(d.var().type()), ""));
        } else if (s instanceof Stmt.Assign a) {
          out.add(new Stmt.Assign(a.var(), a.compound(), a.value(), ""));
        } else if (s instanceof Stmt.ArrayStore a) {
          out.add(new Stmt.ArrayStore(a.array(), a.index(), a.compound(), a.value(), ""));
        } else if (s instanceof Stmt.If i) {
          out.add(new Stmt.If(i.condition(), again(i.then()), again(i.otherwise()), ""));
        } else {
          throw new IllegalStateException("not a side effect of a condition: " + s);
        }
      }
      return out;
    }

    /**
     * {@code for (T x : array) body}, lowered to {@code int xIndex = 0; while (xIndex <
     * array.length) { T x = array[xIndex]; body; [update:] xIndex++; }}, the shape of a counted
     * loop, so {@code continue} still steps the counter. The array expression is evaluated once,
     * before the loop: a variable the body never assigns is used as it is, anything else is first
     * bound to a local. The loop variable is a copy of the element, which the body may assign;
     * where nothing can tell the copy from the element ({@link #readsElementInPlace}), the body
     * reads {@code array[xIndex]} instead. For {@code double[] row : m}, {@code row} is {@code
     * m[rowIndex]}, so writes through {@code row[j]} reach {@code m}.
     */
    private void forEach(EnhancedForLoopTree tree, String label, List<Stmt> out) {
      String id = "loop" + (++loopCount);
      VariableTree variable = tree.getVariable();
      String sourceName = variable.getName().toString();
      ExpressionTree arrayTree = tree.getExpression();
      Expr array;
      try {
        // Read as a right-hand side: a helper returning an array may be looped over, its result
        // being bound to a local below, as in double[] p = f(v).
        array = expressions.readStatementValue(arrayTree, out);
      } catch (ProblemException unreadable) {
        boolean wholeExpression = unreadable.problem().origin() instanceof TreeOrigin at
            && (at.tree() == arrayTree
                || arrayTree instanceof com.sun.source.tree.MethodInvocationTree call && at.tree() == call.getMethodSelect());
        if (!wholeExpression) {
          throw unreadable;
        }
        throw problem(arrayTree, Message.STATEMENT, "a for-each loop over "
            + NameResolver.describe(arrayTree), FOR_EACH_ARRAYS);
      }
      if (!(array.type() instanceof ArrayType arrayType)) {
        throw problem(tree.getExpression(), Message.STATEMENT, "a for-each loop over "
            + NameResolver.describe(tree.getExpression()), FOR_EACH_ARRAYS);
      }
      dev.adjoint.processor.ir.Type component = arrayType.component();
      Tree typeTree = variable.getType();
      boolean inferred = typeTree == null
          || (typeTree instanceof IdentifierTree name && name.getName().contentEquals("var"));
      boolean floatArray = ArrayType.holdsFloats(array);
      boolean declaredFloat = typeTree instanceof PrimitiveTypeTree primitive
          && primitive.getPrimitiveTypeKind() == TypeKind.FLOAT;
      if (declaredFloat && !floatArray) {
        throw problem(variable, Message.STATEMENT, "a float loop variable over elements of type "
            + component.javaName(), "declare it as " + component.javaName());
      }
      // A float element is carried in a double (see Floats).
      dev.adjoint.processor.ir.Type type = inferred || declaredFloat ? component : declaredType(sourceName, typeTree);
      if (!Primitives.assignable(component, type)) {
        throw problem(variable, Message.STATEMENT, "a for-each loop variable of type " + type.javaName()
            + " over elements of type " + component.javaName(), "declare it as " + component.javaName());
      }
      loops.push(new LoopFrame(id, label, false));
      scope.enterBlock();
      Var element = new Var(scope.freshName(sourceName), type, Var.Role.LOCAL, false);
      if (floatArray && (inferred || declaredFloat)) {
        scope.markFloat(element);
      }
      Var counter = scope.temporary(element.name() + "Index", Primitive.INT);
      List<Stmt> body = new ArrayList<>();
      try {
        scope.declare(sourceName, element);
        body.addAll(nested(tree.getStatement()));
      } finally {
        scope.exitBlock();
        loops.pop();
      }
      if (!(array instanceof Expr.Read read && !assigns(body, read.var()))) {
        Var bound = scope.temporary(element.name() + "Array", array.type());
        out.add(new Stmt.Declare(bound, array, ""));
        array = new Expr.Read(bound);
      }
      out.add(new Stmt.Declare(counter, Expr.Constant.ofInt(0), ""));
      Expr current = new Expr.ArrayRead(array, new Expr.Read(counter), component);
      if (readsElementInPlace(body, element)) {
        Expr converted = component.equals(type) ? current : new Expr.Cast((Primitive) type, current);
        body = new ArrayList<>(Substitution.apply(body, element, converted));
      } else {
        body.add(0, new Stmt.Declare(element, current, ""));
      }
      Expr condition = new Expr.Binary(BinaryOp.LT, new Expr.Read(counter), new Expr.Length(array), Primitive.BOOLEAN);
      List<Stmt> update = List.of(new Stmt.Assign(counter, BinaryOp.ADD, Expr.Constant.ofInt(1), ""));
      out.add(new Stmt.Loop(id, condition, body, update, true,
          "for (" + text.of(variable) + " : " + text.of(tree.getExpression()) + ")"));
      markCheckpointed(tree, label, (Stmt.Loop) out.get(out.size() - 1), enclosingLoops());
    }

    /** The loops (not switches) being read around the current statement. */
    private int enclosingLoops() {
      return (int) loops.stream().filter(frame -> !frame.isSwitch()).count();
    }

    /**
     * Whether the body of a for-each loop may read {@code array[counter]} wherever it reads its
     * loop variable, instead of a copy taken when the iteration starts: the body never assigns the
     * variable, and, for an element that is a number, writes no array (a row cannot be replaced,
     * so writes through it are fine). The reverse sweep then reads the element where it is rather
     * than a copy the forward sweep would have to record each iteration.
     */
    private static boolean readsElementInPlace(List<Stmt> body, Var element) {
      boolean[] copyNeeded = {false};
      Walk.statements(body, s -> copyNeeded[0] |= (s instanceof Stmt.Assign a && a.var() == element)
          || (element.type() instanceof Primitive && writesArrays(s))
          // An array helper returns the row it was checked for, not an element of its parameter.
          || (s instanceof Stmt.Return r && r.value() instanceof Expr.Read read && read.var() == element));
      return !copyNeeded[0];
    }

    /** Whether {@code s} stores an element, itself or through a call that writes into arrays. */
    private static boolean writesArrays(Stmt s) {
      if (s instanceof Stmt.ArrayStore || s instanceof Stmt.Invoke) {
        return true;
      }
      boolean[] found = {false};
      for (Expr e : Walk.expressions(s)) {
        Walk.nodes(e, node -> found[0] |= node instanceof Expr.Call c && c.callee().writesArrays());
      }
      return found[0];
    }

    private static final String FOR_EACH_ARRAYS =
        "loop over an array: double[], the rows of a double[][], int[], long[] or boolean[]";

    private static boolean assigns(List<Stmt> statements, Var v) {
      boolean[] found = {false};
      Walk.statements(statements, s -> found[0] |= s instanceof Stmt.Assign a && a.var() == v);
      return found[0];
    }

    /**
     * A switch statement, lowered to {@code int entry = <index of the matching case>; do { if
     * (entry <= 0) { case 0 } if (entry <= 1) { case 1 } ... } while (false);}: control enters at
     * the matching case and falls through, and a break leaves the one-pass loop.
     */
    private void switchStatement(SwitchTree tree, List<Stmt> out) {
      Expr selector = expressions.read(tree.getExpression(), out);
      if (selector.type() != Primitive.INT) {
        throw problem(tree.getExpression(), Message.STATEMENT, "a switch on '" + unparenthesized(tree.getExpression())
            + "'", "switch on an int");
      }
      String id = "switch" + (++loopCount);
      Var selected = new Var(scope.freshName(id + "Entry"), Primitive.INT, Var.Role.LOCAL, false);
      scope.declare(selected.name(), selected);
      List<? extends CaseTree> cases = tree.getCases();
      Expr entry = Expr.Constant.ofInt(cases.size());
      for (int i = cases.size() - 1; i >= 0; i--) {
        if (cases.get(i).getExpressions().isEmpty()) {
          entry = Expr.Constant.ofInt(i);
        }
      }
      for (int i = cases.size() - 1; i >= 0; i--) {
        Expr matches = caseMatches(cases.get(i), selector);
        if (matches != null) {
          entry = new Expr.Conditional(matches, Expr.Constant.ofInt(i), entry, Primitive.INT);
        }
      }
      out.add(new Stmt.Declare(selected, entry, "switch " + text.of(tree.getExpression())));
      loops.push(new LoopFrame(id, null, true));
      scope.enterBlock();
      List<Stmt> groups = new ArrayList<>();
      try {
        for (int i = 0; i < cases.size(); i++) {
          CaseTree c = cases.get(i);
          List<Stmt> body = new ArrayList<>();
          if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
            body.addAll(nested((StatementTree) ruleBody(c)));
            body.add(new Stmt.Break(id, ""));
          } else {
            for (StatementTree st : c.getStatements()) {
              statement(st, body);
            }
          }
          Expr reached = new Expr.Binary(BinaryOp.LE, new Expr.Read(selected), Expr.Constant.ofInt(i), Primitive.BOOLEAN);
          groups.add(new Stmt.If(reached, body, List.of(), text.of(c).replaceAll(":.*", ":").replaceAll("->.*", "->")));
        }
      } finally {
        scope.exitBlock();
        loops.pop();
      }
      out.add(new Stmt.Loop(id, new Expr.Constant(Primitive.BOOLEAN, "false"), groups, List.of(), false, ""));
    }

    private String unparenthesized(ExpressionTree e) {
      return text.of(e instanceof com.sun.source.tree.ParenthesizedTree p ? p.getExpression() : e);
    }

    private Tree ruleBody(CaseTree c) {
      Tree body = c.getBody();
      if (body instanceof ExpressionTree e) {
        throw problem(e, Message.STATEMENT, "a case whose body is an expression", "assign its value to a variable");
      }
      return body;
    }

    /** {@code selector == a || selector == b} for {@code case a, b}, or null for default. */
    private Expr caseMatches(CaseTree c, Expr selector) {
      Expr matches = null;
      for (ExpressionTree label : c.getExpressions()) {
        Expr value = expressions.read(label, new ArrayList<>());
        Expr test = new Expr.Binary(BinaryOp.EQ, selector, value, Primitive.BOOLEAN);
        matches = matches == null ? test : new Expr.Binary(BinaryOp.OR, matches, test, Primitive.BOOLEAN);
      }
      return matches;
    }

    private String jumpTarget(StatementTree jump, javax.lang.model.element.Name label) {
      boolean isContinue = jump.getKind() == Tree.Kind.CONTINUE;
      for (LoopFrame frame : loops) {
        if (isContinue && frame.isSwitch()) {
          continue;
        }
        if (label == null || label.contentEquals(frame.label() == null ? "" : frame.label())) {
          return frame.id();
        }
      }
      throw problem(jump, Message.STATEMENT, "this jump", "break and continue must leave a loop of this method");
    }

    private void declaration(VariableTree declared, List<Stmt> out) {
      String sourceName = declared.getName().toString();
      Tree typeTree = declared.getType();
      boolean inferred = typeTree == null
          || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"));
      // var q = new Point(...) or var r = q: the record the initialiser builds or copies.
      TypeElement record = !inferred ? recordTypeNamed(typeTree)
          : declared.getInitializer() == null ? null : expressions.recordArgument(declared.getInitializer());
      if (record != null) {
        recordDeclaration(declared, record, out);
        return;
      }
      // A float is carried in a double, which holds it exactly (see Floats).
      boolean declaredFloat = typeTree instanceof PrimitiveTypeTree primitive
          && primitive.getPrimitiveTypeKind() == TypeKind.FLOAT;
      dev.adjoint.processor.ir.Type type = inferred ? null : declaredFloat ? Primitive.DOUBLE
          : declaredType(sourceName, typeTree);
      ExpressionTree initTree = declared.getInitializer();
      Expr init;
      if (initTree instanceof com.sun.source.tree.NewArrayTree array && type instanceof ArrayType arrayType) {
        init = expressions.newArray(array, arrayType, out);
      } else {
        init = initTree == null ? null : expressions.readStatementValue(initTree, out);
      }
      boolean isFloat = declaredFloat || (inferred && init != null && expressions.isFloat(init));
      if (declaredFloat && init != null) {
        init = expressions.asFloat(initTree, init);
      }
      if (inferred) {
        if (init == null || !(init.type() instanceof Primitive || init.type() instanceof ArrayType)) {
          throw problem(declared, Message.LOCAL_TYPE, sourceName, "var");
        }
        type = init.type();
      }
      if (type instanceof ArrayType && init == null) {
        throw problem(declared, Message.STATEMENT, "an array variable without an initial value",
            "declare it where it is allocated, as in double[] v = new double[n]");
      }
      Var v = new Var(scope.freshName(sourceName), type, Var.Role.LOCAL, false);
      scope.declare(sourceName, v);
      if (isFloat) {
        scope.markFloat(v);
      }
      out.add(new Stmt.Declare(v, init, text.of(declared)));
    }

    /** The record class a declaration's type names ({@code Point q = ...}); null for any other type. */
    private TypeElement recordTypeNamed(Tree typeTree) {
      if (!(typeTree instanceof IdentifierTree) && !(typeTree instanceof com.sun.source.tree.MemberSelectTree)) {
        return null;
      }
      return resolver.resolveType((ExpressionTree) typeTree)
          .filter(t -> t.getKind() == ElementKind.RECORD).orElse(null);
    }

    /** {@code Point q = new Point(a, b)}: one local per component, {@code q_x} and {@code q_y}. */
    private void recordDeclaration(VariableTree declared, TypeElement record, List<Stmt> out) {
      String sourceName = declared.getName().toString();
      if (declared.getInitializer() == null) {
        throw problem(declared, Message.STATEMENT, "a record variable without an initial value",
            "declare it where it is created, as in Point q = new Point(x, y)");
      }
      List<Expr> values = expressions.readRecord(declared.getInitializer(), record, out);
      var components = new Records(elements, trees).components(record, declared, unit);
      java.util.Map<String, Var> byName = new java.util.LinkedHashMap<>();
      for (int i = 0; i < components.size(); i++) {
        Var v = new Var(scope.freshName(sourceName + "_" + components.get(i).name()), components.get(i).type(),
            Var.Role.LOCAL, false);
        scope.declare(v.name(), v);
        if (components.get(i).isFloat()) {
          scope.markFloat(v);
        }
        byName.put(components.get(i).name(), v);
        out.add(new Stmt.Declare(v, values.get(i), i == 0 ? text.of(declared) : ""));
      }
      scope.declareRecord(sourceName, new Scope.RecordValue(record, byName));
    }

    private dev.adjoint.processor.ir.Type declaredType(String name, Tree typeTree) {
      if (typeTree instanceof com.sun.source.tree.ArrayTypeTree) {
        ArrayType array = Primitives.arrayType(typeTree, 0);
        if (array == null) {
          throw problem(typeTree, Message.LOCAL_TYPE, name, typeTree);
        }
        return array;
      }
      if (typeTree instanceof PrimitiveTypeTree primitive) {
        Primitive type = Primitives.of(primitive.getPrimitiveTypeKind());
        if (type != null) {
          return type;
        }
      }
      throw problem(typeTree, Message.LOCAL_TYPE, name, typeTree);
    }

    /**
     * An expression statement: an assignment, compound assignment, {@code ++} or {@code --}
     * (with the statements carrying out side effects inside it first), or a call.
     */
    private void expressionStatement(ExpressionStatementTree statement, List<Stmt> out) {
      ExpressionTree e = statement.getExpression();
      String source = text.of(statement);
      if (ExpressionReader.isAssignment(e)) {
        int mark = out.size();
        expressions.assignmentStatement(e, source, out);
        DeferredSteps.apply(out, mark);
      } else if (ExpressionReader.isBitwiseAssignment(e)) {
        if (!booleanCompound(e, source, out)) {
          // On an int or long variable or element: as any compound assignment.
          int mark = out.size();
          expressions.assignmentStatement(e, source, out);
          DeferredSteps.apply(out, mark);
        }
      } else if (e.getKind() == Tree.Kind.METHOD_INVOCATION) {
        int mark = out.size();
        if (expressions.arrayOperationStatement((com.sun.source.tree.MethodInvocationTree) e, source, out)) {
          DeferredSteps.apply(out, mark);
          return;
        }
        checkCallStatement((com.sun.source.tree.MethodInvocationTree) e);
        Expr call = expressions.readStatementValue(e, out);
        if (call instanceof Expr.MathCall) {
          throw problem(e, Message.STATEMENT, "an expression whose value is unused",
              "assign it to a variable, or remove it");
        }
        if (!(call instanceof Expr.Call c)) {
          throw problem(e, Message.CALL_STATEMENT_WITHOUT_SOURCE,
              NameResolver.describe(((com.sun.source.tree.MethodInvocationTree) e).getMethodSelect()));
        }
        out.add(new Stmt.Invoke(c, source));
        DeferredSteps.apply(out, mark);
      } else {
        throw problem(e, Message.STATEMENT, "an expression whose value is unused",
            "assign it to a variable, or remove it");
      }
    }

    /**
     * A call statement Adjoint cannot run in generated code, caught before its arguments are read
     * (a string argument is not what is wrong with {@code System.out.println("y=" + y)}).
     */
    private void checkCallStatement(com.sun.source.tree.MethodInvocationTree call) {
      if (!(call.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree select)) {
        return;
      }
      ExpressionTree receiver = select.getExpression();
      java.util.Optional<TypeElement> type = resolver.resolveType(receiver);
      if (type.isEmpty()) {
        throw problem(call, Message.CALL_ON_OBJECT, NameResolver.describe(select), NameResolver.describe(receiver));
      }
    }

    /**
     * {@code flag |= c}, {@code flag &= c} and {@code flag ^= c} on a boolean variable, as
     * {@code flag = c || flag}, {@code flag = c && flag} and {@code flag = flag != c}: {@code c}
     * is evaluated every time, as Java does, and first; {@code flag} is read after it, which is
     * the same unless {@code c} assigns {@code flag} (refused). False for anything else.
     */
    private boolean booleanCompound(ExpressionTree e, String source, List<Stmt> out) {
      ExpressionTree bare = e;
      while (bare instanceof com.sun.source.tree.ParenthesizedTree p) {
        bare = p.getExpression();
      }
      if (!(bare instanceof CompoundAssignmentTree compound && compound.getVariable() instanceof IdentifierTree id)) {
        return false;
      }
      Var target = scope.lookup(id.getName().toString());
      BinaryOp op = switch (bare.getKind()) {
        case OR_ASSIGNMENT -> BinaryOp.OR;
        case AND_ASSIGNMENT -> BinaryOp.AND;
        case XOR_ASSIGNMENT -> BinaryOp.NE;
        default -> null;
      };
      if (target == null || target.type() != Primitive.BOOLEAN || op == null) {
        return false;
      }
      int mark = out.size();
      Expr condition = expressions.read(compound.getExpression(), out);
      if (condition.type() != Primitive.BOOLEAN) {
        return false;
      }
      for (Stmt effect : out.subList(mark, out.size())) {
        if (effect instanceof Stmt.Assign a && a.var() == target) {
          throw expressions.bitwiseAssignment(e);
        }
      }
      Expr value = op == BinaryOp.NE
          ? new Expr.Binary(op, new Expr.Read(target), condition, Primitive.BOOLEAN)
          : new Expr.Binary(op, condition, new Expr.Read(target), Primitive.BOOLEAN);
      out.add(new Stmt.Assign(target, null, value, source));
      DeferredSteps.apply(out, mark);
      return true;
    }

    /** A helper (without {@code @Differentiable}) returning {@code double[]} or {@code double[][]}. */
    /** A method returning {@code double[]}: a vector function (annotated) or a helper. */
    private boolean isArrayHelper() {
      return CalleeResolver.returnsDoubleArray(method);
    }

    /** The record a helper returns, or null: it returns the components in a new array (see {@link RecordResults}). */
    private TypeElement returnedRecord() {
      return RecordResults.returnedRecord(method);
    }

    /** A method without {@code @Differentiable}, differentiated because it is called, returning void. */
    private boolean isVoidHelper() {
      return method.getReturnType().getKind() == TypeKind.VOID
          && !CalleeResolver.hasAnnotation(method, CalleeResolver.DIFFERENTIABLE);
    }

    /**
     * A helper (without {@code @Differentiable}) returning an {@code int}, {@code long} or {@code
     * boolean} that writes into arrays it is given, such as a solver returning its iteration count:
     * its derivative flows through the arrays, so it is differentiated as if it returned 0, and
     * its callers run the primal for the value.
     */
    private boolean returnsCountWhileWritingArrays() {
      return CalleeResolver.returnsValueWithoutDerivative(method)
          && !CalleeResolver.hasAnnotation(method, CalleeResolver.DIFFERENTIABLE)
          && !writtenArrayParameters(method).isEmpty();
    }

    /**
     * The array variables a helper returns (itself, or as components of a record), with the return
     * statement: each must hold only arrays the helper allocated (see {@link #checkFreshReturns}).
     */
    private final java.util.Map<Var, Tree> returnedArrays = new java.util.LinkedHashMap<>();

    /**
     * Every value a returned array variable takes must be an array allocated here: {@code new},
     * an array literal, a copy ({@code clone()}, {@code Arrays.copyOf}, a returned record's array),
     * or the result of a helper returning an array (allocated there, checked so too). Its caller takes the array for one nobody else holds (a record's as a copy, which is
     * the same only then; an array's with an adjoint of its own); {@code double[] y = x; return y;}
     * would hand back the caller's own array, whose writes through either name the derivative
     * code would then miss.
     */
    private void checkFreshReturns(List<Stmt> body) {
      if (returnedArrays.isEmpty()) {
        return;
      }
      dev.adjoint.processor.ir.Walk.statements(body, s -> {
        Var target = s instanceof Stmt.Declare d ? d.var() : s instanceof Stmt.Assign a ? a.var() : null;
        Expr value = s instanceof Stmt.Declare d ? d.init() : s instanceof Stmt.Assign a ? a.value() : null;
        Tree at = returnedArrays.get(target);
        if (at != null && !(value instanceof Expr.NewArray || value instanceof Expr.ArrayLiteral
            || value instanceof Expr.Call call && call.type().isArray()
            || value instanceof Expr.Read copy && scope.isNewArray(copy.var()))) {
          String set = s.source().isBlank() ? "" : " (it is set in '" + s.source() + "')";
          throw problem(at, Message.STATEMENT, "returning the array " + target.name()
              + ", which is not always one this method allocated" + set + ",",
              "return an array variable only ever set to a new array, as in double[] out = new double[n]; ...; return out;");
        }
      });
    }

    /**
     * The array components of a returned record must be arrays the helper allocated, each in one
     * component, as an array a helper returns must be: the caller gets a copy (see {@link
     * RecordResults}), which is the same only if nothing else holds the array.
     */
    private void checkUnsharedArrays(ReturnTree ret, List<Records.Component> components, List<Expr> values) {
      java.util.Set<Var> seen = new java.util.HashSet<>();
      for (int i = 0; i < components.size(); i++) {
        if (components.get(i).type() instanceof dev.adjoint.processor.ir.ArrayType
            && !(values.get(i) instanceof Expr.Read r && r.var().role() == Var.Role.LOCAL && seen.add(r.var()))) {
          throw problem(ret, Message.STATEMENT, "returning this array as the component " + components.get(i).name(),
              "give each array component a local array variable the method allocated, as in double[] out = new double[n]; ...; return new "
                  + returnedRecord().getSimpleName() + "(..., out, ...);");
        }
        if (components.get(i).type() instanceof dev.adjoint.processor.ir.ArrayType) {
          returnedArrays.putIfAbsent(((Expr.Read) values.get(i)).var(), ret);
        }
      }
    }

    private void returnStatement(ReturnTree ret, List<Stmt> out) {
      if (ret.getExpression() == null && isVoidHelper()) {
        out.add(new Stmt.Return(ZERO, text.of(ret)));
        return;
      }
      if (ret.getExpression() != null && returnsCountWhileWritingArrays()) {
        // The value has no derivative; the derivative leaves here all the same. It is kept, in a
        // double, so that forward mode can hand it to the caller: an int count as its value (a
        // double holds every int), a flag as 1 or 0, a long as its 64 bits (its value would
        // round). Reverse mode's callers run the primal for it.
        Expr result = expressions.read(ret.getExpression(), out);
        Expr kept = switch (method.getReturnType().getKind()) {
          case INT -> new Expr.Cast(Primitive.DOUBLE, result);
          case BOOLEAN -> new Expr.Conditional(result, ONE, ZERO, Primitive.DOUBLE);
          case LONG -> new Expr.PrimalCall(new dev.adjoint.processor.ir.TypeRef("java.lang", List.of("Double")),
              "longBitsToDouble", List.of(result), Primitive.DOUBLE, true, null);
          default -> ZERO;
        };
        out.add(new Stmt.Return(kept, text.of(ret)));
        return;
      }
      if (ret.getExpression() == null) {
        throw problem(ret, Message.MISSING_RETURN, name());
      }
      TypeElement record = returnedRecord();
      if (record != null) {
        var components = new Records(elements, trees).components(record, ret, unit);
        List<Expr> values = expressions.readRecord(ret.getExpression(), record, out);
        checkUnsharedArrays(ret, components, values);
        Var result = RecordResults.pack(components, values, scope, () -> "pack" + (++loopCount), out);
        out.add(new Stmt.Return(new Expr.Read(result), text.of(ret)));
        return;
      }
      Expr value = expressions.read(ret.getExpression(), out);
      if (method.getReturnType().getKind() == TypeKind.FLOAT) {
        value = expressions.asFloat(ret.getExpression(), value);
      }
      if (isArrayHelper() && !(value instanceof Expr.Read r && r.var().role() == Var.Role.LOCAL)) {
        throw problem(ret, Message.STATEMENT, "returning this array",
            "return a local array variable the method allocated, as in double[] out = new double[n]; ...; return out;");
      }
      if (isArrayHelper()) {
        returnedArrays.putIfAbsent(((Expr.Read) value).var(), ret);
      }
      out.add(new Stmt.Return(value, text.of(ret)));
    }
  }
}
