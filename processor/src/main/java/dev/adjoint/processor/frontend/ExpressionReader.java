package dev.adjoint.processor.frontend;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.DerivativeRule;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.report.Message;
import dev.adjoint.processor.report.ProblemException;
import dev.adjoint.processor.rules.DerivativeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Reads one expression tree into a typed IR expression, or rejects it with a positioned problem.
 *
 * <p>IR expressions have no side effects, so an assignment, compound assignment, {@code ++} or
 * {@code --} inside an expression becomes statements that run before the expression, appended to
 * the list the caller passes (the "effects"), and a pure expression for its value: {@code x++} is
 * {@code int xWas = x; x += 1;} with value {@code xWas}; {@code ++x} is {@code x += 1;} with value
 * {@code x}. Java's order of evaluation is kept: operands are read left to right, and an operand
 * whose value a later operand's effects would change (it reads a variable they assign, or an
 * array element when they store any element) is first bound to a temporary. An operand Java
 * evaluates only sometimes (the right of {@code &&} and {@code ||}, the branches of {@code ?:}
 * and the arms of a switch expression) has its effects in an {@code if} that assigns its value
 * to a temporary.
 */
final class ExpressionReader {
  private final Scope scope;
  private final com.sun.source.util.Trees trees;
  private final Floats floats;
  private final NameResolver resolver;
  private final CalleeResolver callees;
  private final SourceText text;
  private final Reading reading;
  private final Elements elements;

  /** What the reader needs to know about the method it is in. */
  /** The method being read: its file and class, and the derivative rules it may call through. */
  /**
   * The method being read: its file and class, the derivative rules it may call through, and,
   * for an instance method, the variable its receiver is (else null).
   */
  record Reading(com.sun.source.tree.CompilationUnitTree unit, TypeElement enclosingClass, CustomRules rules,
      Var receiver) {}

  ExpressionReader(Scope scope, NameResolver resolver, CalleeResolver callees, SourceText text, Reading reading,
      Elements elements, com.sun.source.util.Trees trees) {
    this.trees = trees;
    this.scope = scope;
    this.floats = new Floats(scope);
    this.resolver = resolver;
    this.callees = callees;
    this.text = text;
    this.reading = reading;
    this.elements = elements;
    this.arrays = new ArrayOperations(scope, () -> "bulk" + (++bulkLoops));
  }

  /**
   * How the statements of a switch expression's block arm are read ({@code case 0 -> { double t =
   * ...; yield t * t; }}): by the front end's statement reader.
   */
  void readStatementsWith(java.util.function.BiConsumer<com.sun.source.tree.StatementTree, List<Stmt>> reader) {
    this.statements = reader;
  }

  private java.util.function.BiConsumer<com.sun.source.tree.StatementTree, List<Stmt>> statements;

  private ProblemException problem(Tree tree, Message message, Object... args) {
    return new ProblemException(new TreeOrigin(tree, reading.unit()), message, args);
  }

  /** The call that is a whole statement or right-hand side, which may write into arrays. */
  private ExpressionTree callStatement;
  /**
   * The record the call being read is to return, carried in an array (see {@link
   * RecordResults}); null where no record is expected of it.
   */
  private TypeElement recordResult;
  /** The loops the reader writes itself (bulk array operations, records' arrays), for their IR ids. */
  private int bulkLoops;
  private final ArrayOperations arrays;

  /** Where the statements carrying out the side effects of the expression being read go, in order. */
  private List<Stmt> sink;

  /**
   * Reads the right-hand side of a statement: a call there may write into the arrays it is given,
   * and a call statement may call a void helper. Side effects inside it are appended to {@code
   * effects}, to run before the statement.
   */
  Expr readStatementValue(ExpressionTree tree, List<Stmt> effects) {
    return into(effects, () -> statementValue(tree));
  }

  /**
   * Reads {@code tree} as a pure expression; the statements that carry out its side effects are
   * appended to {@code effects}, to run before the expression is evaluated.
   */
  Expr read(ExpressionTree tree, List<Stmt> effects) {
    return into(effects, () -> value(tree));
  }

  /** {@link #recordValue}, its side effects appended to {@code effects}. */
  List<Expr> readRecord(ExpressionTree tree, TypeElement type, List<Stmt> effects) {
    return into(effects, () -> recordValue(tree, type));
  }

  /**
   * An assignment, compound assignment, {@code ++} or {@code --} that is a statement of its own:
   * appends to {@code out} the statements it runs, the last one (the assignment itself) carrying
   * {@code source}.
   */
  void assignmentStatement(ExpressionTree tree, String source, List<Stmt> out) {
    into(out, () -> assignment(tree, false, source));
  }

  /** {@link #newArray(com.sun.source.tree.NewArrayTree, ArrayType)} with its side effects appended to {@code effects}. */
  Expr newArray(com.sun.source.tree.NewArrayTree tree, ArrayType declared, List<Stmt> effects) {
    return into(effects, () -> newArray(tree, declared));
  }

  /** {@code reading}'s result, the statements of its side effects appended to {@code effects}. */
  private <T> T into(List<Stmt> effects, java.util.function.Supplier<T> reading) {
    List<Stmt> saved = sink;
    sink = effects;
    try {
      return reading.get();
    } finally {
      sink = saved;
    }
  }

  /** Whether {@code tree} is (or, parenthesised, contains at its top) an assignment or increment. */
  static boolean isAssignment(ExpressionTree tree) {
    return switch (unparenthesized(tree).getKind()) {
      case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          REMAINDER_ASSIGNMENT, PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT,
          POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  static boolean isBitwiseAssignment(ExpressionTree tree) {
    return switch (unparenthesized(tree).getKind()) {
      case AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> true;
      default -> false;
    };
  }

  ProblemException bitwiseAssignment(ExpressionTree tree) {
    return problem(tree, Message.EXPRESSION, "the bitwise compound assignment " + NameResolver.describe(tree),
        "use it on int and long variables and elements, or as a statement on a boolean variable");
  }

  /**
   * {@code a & b}, {@code a | b}, {@code a ^ b} of ints and longs (promoted as Java promotes them)
   * or of booleans (both sides evaluated), and the shifts {@code << >> >>>}, whose type is their
   * left operand's. No derivative flows through them.
   */
  private Expr bitwise(BinaryTree tree, BinaryOp op) {
    List<Expr> operands = operands(tree, this::value);
    Expr left = operands.get(0);
    Expr right = operands.get(1);
    boolean shift = op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR;
    if (!shift && left.type() == Primitive.BOOLEAN && right.type() == Primitive.BOOLEAN) {
      return new Expr.Binary(op, left, right, Primitive.BOOLEAN);
    }
    if (isIntegral(left) && isIntegral(right)) {
      return new Expr.Binary(op, left, right, shift ? left.type() : Primitive.promote(prim(left), prim(right)));
    }
    throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree),
        "bitwise and shift operators take ints and longs (and &, |, ^ also booleans)");
  }

  /** {@code ~n} of an int or long. */
  private Expr complement(UnaryTree tree) {
    Expr operand = value(tree.getExpression());
    if (!isIntegral(operand)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "~ takes an int or a long");
    }
    return new Expr.Unary(UnaryOp.COMPLEMENT, operand);
  }

  private static boolean isIntegral(Expr e) {
    return e.type() == Primitive.INT || e.type() == Primitive.LONG;
  }

  private static ExpressionTree unparenthesized(ExpressionTree tree) {
    ExpressionTree e = tree;
    while (e instanceof ParenthesizedTree p) {
      e = p.getExpression();
    }
    return e;
  }

  private Expr statementValue(ExpressionTree tree) {
    ExpressionTree saved = callStatement;
    ExpressionTree unwrapped = unparenthesized(tree);
    callStatement = unwrapped instanceof MethodInvocationTree ? unwrapped : null;
    try {
      return value(tree);
    } finally {
      callStatement = saved;
    }
  }

  private Expr value(ExpressionTree tree) {
    return switch (tree.getKind()) {
      case PARENTHESIZED -> value(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL -> new Expr.Constant(Primitive.INT, text.of(tree));
      case LONG_LITERAL -> new Expr.Constant(Primitive.LONG, text.of(tree));
      case DOUBLE_LITERAL -> new Expr.Constant(Primitive.DOUBLE, text.of(tree));
      case BOOLEAN_LITERAL -> new Expr.Constant(Primitive.BOOLEAN, String.valueOf(((LiteralTree) tree).getValue()));
      case FLOAT_LITERAL -> scope.floatLeaf(new Expr.Constant(Primitive.DOUBLE,
          Double.toString(((Float) ((LiteralTree) tree).getValue()).doubleValue())));
      case CHAR_LITERAL -> throw problem(tree, Message.LITERAL, "char");
      case STRING_LITERAL -> throw problem(tree, Message.LITERAL, "String");
      case NULL_LITERAL -> throw problem(tree, Message.LITERAL, "null");
      case IDENTIFIER -> identifier((IdentifierTree) tree);
      case MEMBER_SELECT -> memberSelect((MemberSelectTree) tree);
      case UNARY_MINUS -> unary((UnaryTree) tree, UnaryOp.NEG);
      case UNARY_PLUS -> unary((UnaryTree) tree, UnaryOp.PLUS);
      case LOGICAL_COMPLEMENT -> unary((UnaryTree) tree, UnaryOp.NOT);
      case PLUS -> arithmetic((BinaryTree) tree, BinaryOp.ADD);
      case MINUS -> arithmetic((BinaryTree) tree, BinaryOp.SUB);
      case MULTIPLY -> arithmetic((BinaryTree) tree, BinaryOp.MUL);
      case DIVIDE -> arithmetic((BinaryTree) tree, BinaryOp.DIV);
      case REMAINDER -> arithmetic((BinaryTree) tree, BinaryOp.REM);
      case LESS_THAN -> comparison((BinaryTree) tree, BinaryOp.LT);
      case GREATER_THAN -> comparison((BinaryTree) tree, BinaryOp.GT);
      case LESS_THAN_EQUAL -> comparison((BinaryTree) tree, BinaryOp.LE);
      case GREATER_THAN_EQUAL -> comparison((BinaryTree) tree, BinaryOp.GE);
      case EQUAL_TO -> comparison((BinaryTree) tree, BinaryOp.EQ);
      case NOT_EQUAL_TO -> comparison((BinaryTree) tree, BinaryOp.NE);
      case CONDITIONAL_AND -> logical((BinaryTree) tree, BinaryOp.AND);
      case CONDITIONAL_OR -> logical((BinaryTree) tree, BinaryOp.OR);
      case CONDITIONAL_EXPRESSION -> conditional((ConditionalExpressionTree) tree);
      case TYPE_CAST -> cast((TypeCastTree) tree);
      case METHOD_INVOCATION -> invocation((MethodInvocationTree) tree);
      case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          REMAINDER_ASSIGNMENT, PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT,
          POSTFIX_DECREMENT -> assignment(tree, true, "");
      case AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> assignment(tree, true, "");
      case AND -> bitwise((BinaryTree) tree, BinaryOp.BIT_AND);
      case OR -> bitwise((BinaryTree) tree, BinaryOp.BIT_OR);
      case XOR -> bitwise((BinaryTree) tree, BinaryOp.BIT_XOR);
      case LEFT_SHIFT -> bitwise((BinaryTree) tree, BinaryOp.SHL);
      case RIGHT_SHIFT -> bitwise((BinaryTree) tree, BinaryOp.SHR);
      case UNSIGNED_RIGHT_SHIFT -> bitwise((BinaryTree) tree, BinaryOp.USHR);
      case BITWISE_COMPLEMENT -> complement((UnaryTree) tree);
      case ARRAY_ACCESS -> arrayAccess((com.sun.source.tree.ArrayAccessTree) tree);
      case NEW_ARRAY -> newArray((com.sun.source.tree.NewArrayTree) tree, null);
      case NEW_CLASS -> throw problem(tree, Message.EXPRESSION, "creating an object",
          "a @Differentiable method computes with double, int, long and boolean values only");
      case LAMBDA_EXPRESSION, MEMBER_REFERENCE -> throw problem(tree, Message.EXPRESSION,
          "a lambda or method reference", "call a @Differentiable static method instead");
      case SWITCH_EXPRESSION -> switchExpression((com.sun.source.tree.SwitchExpressionTree) tree);
      default -> throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree),
          "a @Differentiable method may use arithmetic, comparisons, ?:, casts, Math functions and calls of other @Differentiable methods");
    };
  }

  // ---------------------------------------------------------------- side effects and their order

  /** Removes and returns the statements appended to the sink since {@code mark}. */
  private List<Stmt> cut(int mark) {
    List<Stmt> tail = sink.subList(mark, sink.size());
    List<Stmt> effects = new ArrayList<>(tail);
    tail.clear();
    return effects;
  }

  /**
   * Reads the next operand of an expression whose earlier operands are {@code earlier}, and
   * appends it there. If its side effects would change the value of an earlier operand, that
   * operand is first bound to a temporary (replacing it in {@code earlier}), so that it keeps the
   * value Java gives it, which is taken before the later operand is evaluated.
   */
  private Expr next(List<Expr> earlier, java.util.function.Supplier<Expr> reader) {
    int mark = sink.size();
    Expr v = reader.get();
    if (sink.size() > mark) {
      List<Stmt> effects = cut(mark);
      for (int j = 0; j < earlier.size(); j++) {
        earlier.set(j, stable(earlier.get(j), effects));
      }
      sink.addAll(effects);
    }
    earlier.add(v);
    return v;
  }

  /**
   * {@code value}, or if running {@code laterEffects} would change it, a temporary holding it,
   * declared at the end of the sink (before {@code laterEffects} are appended).
   */
  private Expr stable(Expr value, List<Stmt> laterEffects) {
    if (!conflicts(laterEffects, value)) {
      return value;
    }
    String base = value instanceof Expr.Read r ? r.var().name() + "Was"
        : value instanceof Expr.ArrayRead a ? rootName(a) + (a.type() instanceof Primitive ? "Was" : "Row")
        : "operand";
    return bind(value, base);
  }

  /** Declares a temporary holding {@code value} at the end of the sink, and returns it. */
  private Expr bind(Expr value, String base) {
    Var t = scope.temporary(base, value.type());
    if (floats.isFloat(value)) {
      // A float (an element of a float array, a rounding) stays one in the temporary.
      scope.markFloat(t);
    }
    sink.add(new Stmt.Declare(t, value, ""));
    return new Expr.Read(t);
  }

  private static String rootName(Expr array) {
    return dev.adjoint.processor.ir.Exprs.base(array) instanceof Expr.Read r ? r.var().name() : "element";
  }

  /**
   * Whether running {@code effects} may change the value of {@code value}: they assign a
   * variable it reads, or store an array element while it reads one (directly or through a call
   * it passes an array to). Conservative for arrays: any store against any element read.
   */
  static boolean conflicts(List<Stmt> effects, Expr value) {
    Set<Var> written = new java.util.HashSet<>();
    boolean[] stores = {false};
    dev.adjoint.processor.ir.Walk.statements(effects, s -> {
      if (s instanceof Stmt.Assign a) {
        written.add(a.var());
      } else if (s instanceof Stmt.Declare d) {
        written.add(d.var());
        stores[0] |= d.init() instanceof Expr.Call c && c.callee().writesArrays();
      } else if (s instanceof Stmt.ArrayStore || s instanceof Stmt.Invoke) {
        stores[0] = true;
      }
    });
    if (written.isEmpty() && !stores[0]) {
      return false;
    }
    boolean[] conflict = {false};
    dev.adjoint.processor.ir.Walk.nodes(value, node -> {
      if (node instanceof Expr.Read r && written.contains(r.var())) {
        conflict[0] = true;
      } else if (stores[0] && readsElements(node)) {
        conflict[0] = true;
      }
    });
    return conflict[0];
  }

  /** Whether evaluating {@code node} itself reads an element of an array (not a row, which no store replaces). */
  private static boolean readsElements(Expr node) {
    if (node instanceof Expr.ArrayRead a) {
      return a.type() instanceof Primitive;
    }
    List<Expr> args = node instanceof Expr.Call c ? c.args() : node instanceof Expr.PrimalCall p ? p.args() : List.of();
    return args.stream().anyMatch(a -> a.type() instanceof ArrayType);
  }

  /**
   * An assignment, compound assignment, {@code ++} or {@code --}: appends the statements that
   * carry it out to the sink, the last carrying {@code source}, and returns its value (the value
   * assigned, or for {@code x++} the old value), or null if {@code valueNeeded} is false.
   */
  private Expr assignment(ExpressionTree tree, boolean valueNeeded, String source) {
    ExpressionTree target;
    ExpressionTree rhs = null;
    BinaryOp op;
    boolean postfix = false;
    switch (tree.getKind()) {
      case ASSIGNMENT -> {
        var a = (com.sun.source.tree.AssignmentTree) tree;
        target = a.getVariable();
        rhs = a.getExpression();
        op = null;
      }
      case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT,
          AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> {
        var a = (com.sun.source.tree.CompoundAssignmentTree) tree;
        target = a.getVariable();
        rhs = a.getExpression();
        op = switch (tree.getKind()) {
          case PLUS_ASSIGNMENT -> BinaryOp.ADD;
          case MINUS_ASSIGNMENT -> BinaryOp.SUB;
          case MULTIPLY_ASSIGNMENT -> BinaryOp.MUL;
          case DIVIDE_ASSIGNMENT -> BinaryOp.DIV;
          case REMAINDER_ASSIGNMENT -> BinaryOp.REM;
          case AND_ASSIGNMENT -> BinaryOp.BIT_AND;
          case OR_ASSIGNMENT -> BinaryOp.BIT_OR;
          case XOR_ASSIGNMENT -> BinaryOp.BIT_XOR;
          case LEFT_SHIFT_ASSIGNMENT -> BinaryOp.SHL;
          case RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.SHR;
          default -> BinaryOp.USHR;
        };
      }
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> {
        target = ((UnaryTree) tree).getExpression();
        op = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT
            ? BinaryOp.ADD : BinaryOp.SUB;
        postfix = tree.getKind() == Tree.Kind.POSTFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_DECREMENT;
      }
      case PARENTHESIZED -> {
        return assignment(((ParenthesizedTree) tree).getExpression(), valueNeeded, source);
      }
      default -> throw new IllegalArgumentException("not an assignment: " + tree);
    }
    target = unparenthesized(target);
    if (target instanceof com.sun.source.tree.ArrayAccessTree element) {
      return elementAssignment(tree, element, op, rhs, postfix, valueNeeded, source);
    }
    if (target instanceof IdentifierTree id && scope.lookupRecord(id.getName().toString()) != null) {
      if (op != null || valueNeeded) {
        throw problem(tree, Message.RECORD_AS_VALUE, id.getName());
      }
      recordAssignment(scope.lookupRecord(id.getName().toString()), rhs, source);
      return null;
    }
    Var v = assignedVariable(target);
    if (op != null && op.isBitwise() && v.type() != Primitive.INT && v.type() != Primitive.LONG) {
      throw bitwiseAssignment(tree);
    }
    if (scope.isFloat(v)) {
      return floatAssignment(tree, v, op, rhs, postfix, valueNeeded, source);
    }
    if (op == null) {
      Expr assigned = valueNeeded ? value(rhs) : statementValue(rhs);
      sink.add(new Stmt.Assign(v, null, assigned, source));
      return valueNeeded ? new Expr.Read(v) : null;
    }
    if (!(v.type() instanceof Primitive p) || !p.isNumeric()) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "it needs numbers");
    }
    if (rhs == null) {
      Expr old = null;
      if (postfix && valueNeeded) {
        old = bind(new Expr.Read(v), v.name() + "Was");
      }
      sink.add(new Stmt.Assign(v, op, Expr.Constant.ofInt(1), source));
      return !valueNeeded ? null : postfix ? old : new Expr.Read(v);
    }
    // Java takes the variable's old value before it evaluates the right-hand side.
    List<Expr> operands = new ArrayList<>();
    operands.add(new Expr.Read(v));
    ExpressionTree right = rhs;
    Expr operand = next(operands, () -> value(right));
    if (!isNumeric(operand)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "it needs numbers");
    }
    Expr old = operands.get(0);
    if (old instanceof Expr.Read r && r.var() == v) {
      sink.add(new Stmt.Assign(v, op, operand, source));
    } else {
      sink.add(new Stmt.Assign(v, null, narrowed(p, op, old, operand), source));
    }
    return valueNeeded ? new Expr.Read(v) : null;
  }

  /**
   * An assignment of a float variable: {@code f = e} stores e converted to float, {@code f op= e}
   * stores {@code (float) (f op e)} (the operation in double if e is a double, in float
   * otherwise), {@code f++} stores {@code f + 1} rounded.
   */
  private Expr floatAssignment(ExpressionTree tree, Var v, BinaryOp op, ExpressionTree rhs, boolean postfix,
      boolean valueNeeded, String source) {
    if (op == null) {
      sink.add(new Stmt.Assign(v, null, asFloat(rhs, value(rhs)), source));
      return valueNeeded ? new Expr.Read(v) : null;
    }
    if (rhs == null) {
      Expr old = postfix && valueNeeded ? bind(new Expr.Read(v), v.name() + "Was") : null;
      if (old != null) {
        scope.markFloat(((Expr.Read) old).var());
      }
      sink.add(new Stmt.Assign(v, null, Floats.operation(op, new Expr.Read(v), Expr.Constant.ofDouble(1)), source));
      return !valueNeeded ? null : postfix ? old : new Expr.Read(v);
    }
    List<Expr> operands = new ArrayList<>();
    operands.add(new Expr.Read(v));
    Expr operand = next(operands, () -> value(rhs));
    if (!isNumeric(operand)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "it needs numbers");
    }
    Expr old = operands.get(0);
    Expr stored = floatCompound(rhs, op, old, operand);
    sink.add(new Stmt.Assign(v, null, stored, source));
    return valueNeeded ? new Expr.Read(v) : null;
  }

  /**
   * The component values of a record-valued expression of type {@code type}: {@code new
   * Point(a, b)} (its arguments, in Java's order, converted to the components' types) or another
   * record held so. Nothing else makes a record in a {@code @Differentiable} method.
   */
  private List<Expr> recordValue(ExpressionTree tree, TypeElement type) {
    tree = unparenthesized(tree);
    List<Records.Component> components = new Records(elements, trees).components(type, tree, reading.unit());
    Scope.RecordValue named = tree instanceof IdentifierTree id ? scope.lookupRecord(id.getName().toString()) : null;
    if (named != null && named.type().equals(type)) {
      return components.stream().<Expr>map(c -> new Expr.Read(named.components().get(c.name()))).toList();
    }
    if (tree instanceof com.sun.source.tree.NewClassTree created && created.getClassBody() == null
        && created.getEnclosingExpression() == null && created.getArguments().size() == components.size()
        && resolver.resolveType(created.getIdentifier()).filter(type::equals).isPresent()) {
      List<Expr> values = new ArrayList<>();
      for (ExpressionTree arg : created.getArguments()) {
        next(values, () -> value(arg));
      }
      List<Expr> converted = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        converted.add(toComponent(created.getArguments().get(i), values.get(i), components.get(i)));
      }
      return converted;
    }
    if (tree instanceof MethodInvocationTree call) {
      return returnedRecord(call, type, components);
    }
    throw problem(tree, Message.RECORD_FROM, NameResolver.describe(tree));
  }

  /**
   * The components of the record a helper returns: the call reads as one returning the
   * components in a new array of doubles (see {@link RecordResults}), read back element by element.
   */
  private List<Expr> returnedRecord(MethodInvocationTree call, TypeElement type, List<Records.Component> components) {
    Records.Component uncarried = RecordResults.uncarried(components);
    if (uncarried != null) {
      throw problem(call, Message.RECORD_RETURNED, NameResolver.describe(call), type.getSimpleName(),
          uncarried.name(), uncarried.type().javaName());
    }
    recordResult = type;
    Expr carrier;
    try {
      carrier = value(call);
    } finally {
      recordResult = null;
    }
    if (!(carrier instanceof Expr.Read)) {
      carrier = bind(carrier, "result");
    }
    return RecordResults.unpack(components, carrier, scope, () -> "bulk" + (++bulkLoops), sink);
  }

  /** {@code value} as Java passes it to a component of {@code component}'s type. */
  private Expr toComponent(Tree at, Expr value, Records.Component component) {
    if (component.isFloat()) {
      return asFloat(at, value);
    }
    if (component.type() == Primitive.DOUBLE && (value.type() == Primitive.INT || value.type() == Primitive.LONG)) {
      return new Expr.Cast(Primitive.DOUBLE, value);
    }
    if (component.type() == Primitive.LONG && value.type() == Primitive.INT) {
      return new Expr.Cast(Primitive.LONG, value);
    }
    if (!component.type().equals(value.type())) {
      throw problem(at, Message.EXPRESSION, "passing " + NameResolver.describe(at) + " to the component "
          + component.name(), "pass a value of the component's type");
    }
    return value;
  }

  /**
   * {@code q = new Point(a, b)} or {@code q = p}: every new component value taken before any
   * component is stored, as Java builds the record before it assigns it.
   */
  private void recordAssignment(Scope.RecordValue target, ExpressionTree rhs, String source) {
    List<Expr> values = recordValue(rhs, target.type());
    List<Var> components = List.copyOf(target.components().values());
    List<Expr> held = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      Expr value = values.get(i);
      if (values.size() > 1 && !(value instanceof Expr.Constant)) {
        Var t = scope.temporary(components.get(i).name() + "New", components.get(i).type());
        if (scope.isFloat(components.get(i))) {
          scope.markFloat(t);
        }
        sink.add(new Stmt.Declare(t, value, ""));
        value = new Expr.Read(t);
      }
      held.add(value);
    }
    for (int i = 0; i < held.size(); i++) {
      sink.add(new Stmt.Assign(components.get(i), null, held.get(i), i == 0 ? source : ""));
    }
  }

  /** {@code (T) (old op operand)}: what {@code x op= operand} stores into a variable of type {@code T}. */
  private static Expr narrowed(Primitive type, BinaryOp op, Expr old, Expr operand) {
    Primitive promoted = Primitive.promote(prim(old), prim(operand));
    Expr result = new Expr.Binary(op, old, operand, promoted);
    return promoted == type ? result : new Expr.Cast(type, result);
  }

  /** {@code a[i] = e}, {@code a[i] op= e}, {@code a[i]++} and the like; see {@link #assignment}. */
  private Expr elementAssignment(ExpressionTree tree, com.sun.source.tree.ArrayAccessTree element, BinaryOp op,
      ExpressionTree rhs, boolean postfix, boolean valueNeeded, String source) {
    List<Expr> operands = new ArrayList<>();
    Expr array = next(operands, () -> indexed(element.getExpression()));
    Expr index = next(operands, () -> value(element.getIndex()));
    if (array.type() instanceof ArrayType rows && rows.component() instanceof ArrayType) {
      // Re-pointing a row: the analyses hold a matrix's rows fixed (aliases, recording, adjoints).
      throw problem(element, Message.EXPRESSION, "assigning the row " + NameResolver.describe(element),
          "a matrix's rows stay where they are: copy into the row (System.arraycopy(r, 0, m[i], 0, n)), swap "
              + "rows element by element, or keep the order in an int[] of row indices");
    }
    if (!(array.type() instanceof ArrayType type) || index.type() != Primitive.INT
        || !(type.component() instanceof Primitive component)) {
      throw problem(element, Message.EXPRESSION, "assigning " + NameResolver.describe(element),
          "assign single elements, as in a[i] = v or m[i][j] = v");
    }
    if (!isArrayVariable(array)) {
      throw problem(element, Message.ASSIGN_NON_LOCAL, NameResolver.describe(element));
    }
    if (op != null && !component.isNumeric()) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "it needs numbers");
    }
    if (op != null && op.isBitwise() && (ArrayType.holdsFloats(array) || component == Primitive.DOUBLE)) {
      throw bitwiseAssignment(tree);
    }
    if (ArrayType.holdsFloats(array)) {
      return floatElementAssignment(tree, operands, op, rhs, postfix, valueNeeded, source);
    }
    if (rhs == null) {
      array = operands.get(0);
      index = operands.get(1);
      Expr old = null;
      if (postfix && valueNeeded) {
        old = bind(new Expr.ArrayRead(array, index, component), rootName(array) + "Was");
      }
      sink.add(new Stmt.ArrayStore(array, index, op, Expr.Constant.ofInt(1), source));
      return !valueNeeded ? null : postfix ? old : new Expr.ArrayRead(array, index, component);
    }
    int mark = sink.size();
    Expr operand = value(rhs);
    if (op != null && !isNumeric(operand)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "it needs numbers");
    }
    List<Stmt> effects = cut(mark);
    array = stable(operands.get(0), effects);
    index = stable(operands.get(1), effects);
    Expr old = null;
    if (op != null) {
      // Java reads the element's old value before it evaluates the right-hand side.
      Expr current = new Expr.ArrayRead(array, index, component);
      if (conflicts(effects, current)) {
        old = bind(current, rootName(array) + "Was");
      }
    }
    sink.addAll(effects);
    if (old != null) {
      sink.add(new Stmt.ArrayStore(array, index, null, narrowed(component, op, old, operand), source));
    } else {
      sink.add(new Stmt.ArrayStore(array, index, op, operand, source));
    }
    return valueNeeded ? new Expr.ArrayRead(array, index, component) : null;
  }

  /**
   * What {@code f op= e} stores into a float {@code f} holding {@code old}: {@code (float) (old op
   * e)}, computed in double where {@code e} is a double, else in float, as Java computes it.
   */
  private Expr floatCompound(ExpressionTree rhs, BinaryOp op, Expr old, Expr operand) {
    return floats.isDouble(operand) ? Floats.rounded(new Expr.Binary(op, old, operand, Primitive.DOUBLE))
        : Floats.operation(op, old, asFloat(rhs, operand));
  }

  /**
   * {@code a[i] = e}, {@code a[i] op= e}, {@code a[i]++} into a float array: every stored value
   * rounded to float as Java rounds it (see {@link #floatAssignment}).
   */
  private Expr floatElementAssignment(ExpressionTree tree, List<Expr> operands, BinaryOp op, ExpressionTree rhs,
      boolean postfix, boolean valueNeeded, String source) {
    if (rhs == null) {
      Expr array = operands.get(0);
      Expr index = operands.get(1);
      Expr old = null;
      if (postfix && valueNeeded) {
        old = bind(new Expr.ArrayRead(array, index, Primitive.DOUBLE), rootName(array) + "Was");
      }
      sink.add(new Stmt.ArrayStore(array, index, null,
          Floats.operation(op, new Expr.ArrayRead(array, index, Primitive.DOUBLE), Expr.Constant.ofDouble(1)), source));
      return !valueNeeded ? null : postfix ? old : new Expr.ArrayRead(array, index, Primitive.DOUBLE);
    }
    int mark = sink.size();
    Expr operand = value(rhs);
    if (op != null && !isNumeric(operand)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "it needs numbers");
    }
    List<Stmt> effects = cut(mark);
    Expr array = stable(operands.get(0), effects);
    Expr index = stable(operands.get(1), effects);
    Expr stored;
    if (op == null) {
      sink.addAll(effects);
      stored = asFloat(rhs, operand);
    } else {
      // Java reads the element's old value before it evaluates the right-hand side.
      Expr current = new Expr.ArrayRead(array, index, Primitive.DOUBLE);
      if (conflicts(effects, current)) {
        current = bind(current, rootName(array) + "Was");
      }
      sink.addAll(effects);
      stored = floatCompound(rhs, op, current, operand);
    }
    sink.add(new Stmt.ArrayStore(array, index, null, stored, source));
    return valueNeeded ? new Expr.ArrayRead(array, index, Primitive.DOUBLE) : null;
  }

  private static boolean isArrayVariable(Expr array) {
    return array instanceof Expr.Read || (array instanceof Expr.ArrayRead a && a.array() instanceof Expr.Read);
  }

  private Var assignedVariable(ExpressionTree variable) {
    if (variable instanceof IdentifierTree id) {
      Var v = scope.lookup(id.getName().toString());
      if (v != null) {
        return v;
      }
    }
    throw problem(variable, Message.ASSIGN_NON_LOCAL, NameResolver.describe(variable));
  }

  private Expr identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    Var local = scope.lookup(name);
    if (local != null) {
      return new Expr.Read(local);
    }
    if (scope.lookupRecord(name) != null) {
      throw problem(tree, Message.RECORD_AS_VALUE, name);
    }
    Optional<VariableElement> field = resolver.resolveField(name);
    if (field.isPresent()) {
      return staticField(field.get(), tree);
    }
    throw problem(tree, Message.UNKNOWN_NAME, NameResolver.describe(tree));
  }

  private Expr arrayAccess(com.sun.source.tree.ArrayAccessTree tree) {
    List<Expr> operands = new ArrayList<>();
    Expr array = next(operands, () -> indexed(tree.getExpression()));
    if (!(array.type() instanceof ArrayType type)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "only arrays can be indexed");
    }
    Expr index = next(operands, () -> value(tree.getIndex()));
    if (index.type() != Primitive.INT) {
      throw problem(tree.getIndex(), Message.EXPRESSION, "the index " + NameResolver.describe(tree.getIndex()),
          "an array index must be an int");
    }
    if (type.component() instanceof ArrayType && !readingTable && isTable(operands.get(0))) {
      // A row of a table, as a value, could be written through or handed on like the table.
      throw problem(tree, Message.TABLE_AS_VALUE, NameResolver.describe(tree));
    }
    return new Expr.ArrayRead(operands.get(0), operands.get(1), type.component());
  }

  private static boolean isTable(Expr array) {
    return dev.adjoint.processor.ir.Exprs.base(array) instanceof Expr.StaticField;
  }

  /**
   * {@code new double[n]}, {@code new double[n][m]}, {@code new double[] {...}}, or an
   * initialiser {@code {...}} of a declared type.
   */
  private Expr newArray(com.sun.source.tree.NewArrayTree tree, ArrayType declared) {
    ArrayType type = declared;
    if (tree.getType() != null) {
      type = Primitives.arrayType(tree.getType(), Math.max(tree.getDimensions().size(), 1));
      if (type == null) {
        throw problem(tree, Message.EXPRESSION, "the array " + NameResolver.describe(tree),
            "arrays of double, int, long or boolean with one or two dimensions are supported");
      }
    }
    if (type == null) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "give the array's type");
    }
    if (tree.getInitializers() != null) {
      List<Expr> elements = new ArrayList<>();
      for (ExpressionTree e : tree.getInitializers()) {
        Type component = type.component();
        next(elements, () -> e instanceof com.sun.source.tree.NewArrayTree nested && component instanceof ArrayType inner
            ? newArray(nested, inner) : value(e));
      }
      if (type.floats() && type.dims() == 1) {
        List<? extends ExpressionTree> trees = tree.getInitializers();
        for (int i = 0; i < elements.size(); i++) {
          elements.set(i, asFloat(trees.get(i), elements.get(i)));
        }
      }
      return new Expr.ArrayLiteral(type, elements);
    }
    List<Expr> dims = new ArrayList<>();
    for (ExpressionTree d : tree.getDimensions()) {
      Expr dim = next(dims, () -> value(d));
      if (dim.type() != Primitive.INT) {
        throw problem(d, Message.EXPRESSION, "the length " + NameResolver.describe(d), "array lengths are ints");
      }
    }
    if (dims.size() != type.dims()) {
      throw problem(tree, Message.EXPRESSION, "the array " + NameResolver.describe(tree),
          "give every dimension's length, as in new double[n][m]");
    }
    return new Expr.NewArray(type, dims);
  }

  /**
   * The array expression of {@code a[i]} or {@code a.length}: the one place where a {@code static
   * final} array of constants, a table, may be named (see {@link #staticField}).
   */
  private Expr indexed(ExpressionTree tree) {
    boolean saved = readingTable;
    readingTable = tree instanceof IdentifierTree || tree instanceof MemberSelectTree
        || tree instanceof com.sun.source.tree.ArrayAccessTree;
    try {
      return value(tree);
    } finally {
      readingTable = saved;
    }
  }

  /** Reading the array expression of an element or a length (the indices are read apart). */
  private boolean readingTable;

  private Expr memberSelect(MemberSelectTree tree) {
    if (tree.getIdentifier().contentEquals("length")) {
      ExpressionTree of = tree.getExpression();
      Expr array = of instanceof IdentifierTree id && scope.lookup(id.getName().toString()) == null
          && resolver.resolveField(id.getName().toString()).isEmpty() ? null : indexed(of);
      if (array != null && array.type() instanceof ArrayType) {
        return new Expr.Length(array);
      }
    }
    if (isThis(tree.getExpression())) {
      Optional<VariableElement> field = resolver.field(reading.enclosingClass(), tree.getIdentifier().toString());
      if (field.isPresent() && !field.get().getModifiers().contains(Modifier.STATIC)) {
        return instanceField(field.get(), tree);
      }
    }
    Optional<TypeElement> owner = resolver.resolveType(tree.getExpression());
    if (owner.isPresent()) {
      Optional<VariableElement> field = resolver.field(owner.get(), tree.getIdentifier().toString());
      if (field.isPresent()) {
        return staticField(field.get(), tree);
      }
    }
    throw problem(tree, Message.UNKNOWN_NAME, NameResolver.describe(tree));
  }

  /** The expression if it is a local or parameter (or built of them), else null. */
  private Expr tryRead(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id && scope.lookup(id.getName().toString()) == null) {
      return null;
    }
    return value(tree);
  }

  /** {@code this} (of the instance method being read). */
  private boolean isThis(ExpressionTree tree) {
    return reading.receiver() != null && tree instanceof IdentifierTree id && id.getName().contentEquals("this");
  }

  /**
   * A field of the receiver of the instance method being read: a constant, read as the primal
   * reads it (the method cannot assign it). An array only by element and length, as a table.
   */
  private Expr instanceField(VariableElement field, Tree tree) {
    String qualified = ((TypeElement) field.getEnclosingElement()).getSimpleName() + "." + field.getSimpleName();
    boolean isFloat = field.asType().getKind() == TypeKind.FLOAT;
    dev.adjoint.processor.ir.Type type = isFloat ? Primitive.DOUBLE : Primitives.typeOf(field.asType());
    if (type == null) {
      throw problem(tree, Message.EXPRESSION, "field " + qualified + " of type " + field.asType(),
          "a @Differentiable method reads fields of numbers, booleans and their arrays; pass other values in");
    }
    if (type instanceof ArrayType && !readingTable) {
      throw problem(tree, Message.FIELD_ARRAY_AS_VALUE, qualified);
    }
    Var receiver = reading.receiver();
    Expr read;
    if (isAccessible(field)) {
      read = new Expr.Field(receiver, field.getSimpleName().toString(), type);
    } else if (((TypeElement) field.getEnclosingElement()).getKind() == javax.lang.model.element.ElementKind.RECORD) {
      // A record's component: its accessor, which the generated class may call.
      read = new Expr.Field(receiver, field.getSimpleName().toString(), type, true);
    } else {
      read = null;
    }
    if (read != null) {
      return isFloat ? scope.floatLeaf(read) : read;
    }
    throw problem(tree, Message.PRIVATE_INSTANCE_FIELD, qualified);
  }

  private Expr staticField(VariableElement field, Tree tree) {
    if (!field.getModifiers().contains(Modifier.STATIC) && reading.receiver() != null) {
      return instanceField(field, tree);
    }
    String qualified = ((TypeElement) field.getEnclosingElement()).getQualifiedName() + "." + field.getSimpleName();
    if (!field.getModifiers().contains(Modifier.STATIC) || !field.getModifiers().contains(Modifier.FINAL)) {
      throw problem(tree, Message.NOT_CONSTANT, qualified);
    }
    if (field.asType().getKind() == TypeKind.FLOAT) {
      // A float constant: its value as a double, exactly; other float fields as they are read.
      if (field.getConstantValue() instanceof Float f) {
        return scope.floatLeaf(new Expr.Constant(Primitive.DOUBLE, Double.toString(f.doubleValue())));
      }
      if (!isAccessible(field)) {
        throw problem(tree, Message.PRIVATE_FIELD, qualified);
      }
      return scope.floatLeaf(new Expr.StaticField(TypeRefs.of((TypeElement) field.getEnclosingElement(), elements),
          field.getSimpleName().toString(), Primitive.DOUBLE));
    }
    if (field.asType().getKind() == TypeKind.ARRAY) {
      return table(field, tree, qualified);
    }
    Primitive type = Primitives.of(field.asType());
    if (type == null) {
      throw problem(tree, Message.EXPRESSION, "field " + qualified + " of type " + field.asType(),
          "only numeric and boolean constants can be used");
    }
    Object value = field.getConstantValue();
    if (isAccessible(field)) {
      TypeElement owner = (TypeElement) field.getEnclosingElement();
      return new Expr.StaticField(TypeRefs.of(owner, elements), field.getSimpleName().toString(), type);
    }
    if (value == null) {
      throw problem(tree, Message.PRIVATE_FIELD, qualified);
    }
    return new Expr.Constant(type, Literals.of(value));
  }

  /**
   * A {@code static final} array of the program, read as a table of constants: its elements and
   * length only, so that nothing the method does can write into it or hand it on (where it
   * could be written, and its adjoint would be asked for).
   */
  private Expr table(VariableElement field, Tree tree, String qualified) {
    dev.adjoint.processor.ir.Type type = Primitives.typeOf(field.asType());
    if (type == null) {
      throw problem(tree, Message.EXPRESSION, "field " + qualified + " of type " + field.asType(),
          "tables of constants must be double[], double[][], int[], int[][], long[] or boolean[]");
    }
    if (!readingTable) {
      throw problem(tree, Message.TABLE_AS_VALUE, qualified);
    }
    if (!isAccessible(field)) {
      // The generated class holds a copy, where the table is literals that nothing writes.
      String copy = callees.copyableTable(field)
          .orElseThrow(() -> problem(tree, Message.PRIVATE_TABLE, qualified));
      return new Expr.StaticField(TypeRefs.of(reading.enclosingClass(), elements).gradClass(),
          field.getSimpleName().toString(), type, copy);
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    return new Expr.StaticField(TypeRefs.of(owner, elements), field.getSimpleName().toString(), type);
  }

  /** Whether the generated class, in the user's package, can read a field by name. */
  private boolean isAccessible(VariableElement field) {
    var modifiers = field.getModifiers();
    if (modifiers.contains(Modifier.PRIVATE)) {
      return false;
    }
    for (var e = field.getEnclosingElement(); e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
    }
    if (modifiers.contains(Modifier.PUBLIC)) {
      return true;
    }
    return elements.getPackageOf(field).equals(elements.getPackageOf(reading.enclosingClass()));
  }

  private Expr unary(UnaryTree tree, UnaryOp op) {
    Expr operand = value(tree.getExpression());
    boolean wantsBoolean = op == UnaryOp.NOT;
    if ((operand.type() == Primitive.BOOLEAN) != wantsBoolean) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "the operand has the wrong type");
    }
    return new Expr.Unary(op, operand);
  }

  /** Both operands of {@code tree}, read in Java's order (see {@link #next}). */
  private List<Expr> operands(BinaryTree tree, java.util.function.Function<ExpressionTree, Expr> reader) {
    List<Expr> operands = new ArrayList<>();
    next(operands, () -> reader.apply(tree.getLeftOperand()));
    next(operands, () -> reader.apply(tree.getRightOperand()));
    return operands;
  }

  private Expr arithmetic(BinaryTree tree, BinaryOp op) {
    List<Expr> operands = operands(tree, this::numeric);
    Expr left = operands.get(0);
    Expr right = operands.get(1);
    if (floats.isFloatOperation(left, right)) {
      return Floats.operation(op, asFloat(tree.getLeftOperand(), left), asFloat(tree.getRightOperand(), right));
    }
    return new Expr.Binary(op, left, right, Primitive.promote(prim(left), prim(right)));
  }

  /** {@code e} (read from {@code tree}) converted to float as Java converts it, where it must be. */
  Expr asFloat(Tree tree, Expr e) {
    Expr converted = floats.toFloat(e);
    if (converted == null) {
      throw problem(tree, Message.FLOAT_FROM_LONG);
    }
    return converted;
  }

  /** Whether {@code e}'s Java type is float (the IR carries it in a double). */
  boolean isFloat(Expr e) {
    return floats.isFloat(e);
  }

  private Expr comparison(BinaryTree tree, BinaryOp op) {
    List<Expr> operands = operands(tree, this::value);
    Expr left = operands.get(0);
    Expr right = operands.get(1);
    boolean bothBoolean = left.type() == Primitive.BOOLEAN && right.type() == Primitive.BOOLEAN;
    boolean equality = op == BinaryOp.EQ || op == BinaryOp.NE;
    if (!(bothBoolean && equality) && (!isNumeric(left) || !isNumeric(right))) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "compare numbers, or booleans with == and !=");
    }
    if (floats.isFloatOperation(left, right)) {
      // An int compared with a float is converted to float first, as Java does.
      return new Expr.Binary(op, asFloat(tree.getLeftOperand(), left), asFloat(tree.getRightOperand(), right),
          Primitive.BOOLEAN);
    }
    return new Expr.Binary(op, left, right, Primitive.BOOLEAN);
  }

  /**
   * {@code a && b}, {@code a || b}. If {@code b} has side effects, they happen only when Java
   * evaluates {@code b}: {@code boolean test = a; if (test) { effects of b; test = b; }} (with
   * {@code !test} for {@code ||}), and the value is {@code test}.
   */
  private Expr logical(BinaryTree tree, BinaryOp op) {
    Expr left = bool(tree.getLeftOperand());
    int mark = sink.size();
    Expr right = bool(tree.getRightOperand());
    if (sink.size() == mark) {
      return new Expr.Binary(op, left, right, Primitive.BOOLEAN);
    }
    List<Stmt> effects = cut(mark);
    Var test = scope.temporary("test", Primitive.BOOLEAN);
    sink.add(new Stmt.Declare(test, left, ""));
    effects.add(new Stmt.Assign(test, null, right, ""));
    Expr evaluatesRight = op == BinaryOp.AND ? new Expr.Read(test) : new Expr.Unary(UnaryOp.NOT, new Expr.Read(test));
    sink.add(new Stmt.If(evaluatesRight, effects, List.of(), ""));
    return new Expr.Read(test);
  }

  /**
   * {@code c ? a : b}. If a branch has side effects, they happen only when Java evaluates that
   * branch: {@code T choice = 0; if (c) { effects of a; choice = a; } else { effects of b; choice
   * = b; }}, and the value is {@code choice}.
   */
  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = bool(tree.getCondition());
    int mark = sink.size();
    Expr ifTrue = value(tree.getTrueExpression());
    List<Stmt> trueEffects = cut(mark);
    Expr ifFalse = value(tree.getFalseExpression());
    List<Stmt> falseEffects = cut(mark);
    Type type;
    if (ifTrue.type() == Primitive.BOOLEAN && ifFalse.type() == Primitive.BOOLEAN) {
      type = Primitive.BOOLEAN;
    } else if (isNumeric(ifTrue) && isNumeric(ifFalse)) {
      type = Primitive.promote(prim(ifTrue), prim(ifFalse));
      if (floats.isFloatOperation(ifTrue, ifFalse)) {
        // A float and an int: the int converted to float, as Java does.
        ifTrue = asFloat(tree.getTrueExpression(), ifTrue);
        ifFalse = asFloat(tree.getFalseExpression(), ifFalse);
        type = Primitive.DOUBLE;
      }
    } else if (ifTrue.type() instanceof ArrayType array && array.equals(ifFalse.type())) {
      return arrayConditional(condition, ifTrue, trueEffects, ifFalse, falseEffects, array);
    } else {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree),
          "both branches must be numbers, both booleans or both arrays of one type");
    }
    if (trueEffects.isEmpty() && falseEffects.isEmpty()) {
      return new Expr.Conditional(condition, ifTrue, ifFalse, type);
    }
    Var choice = scope.temporary("choice", type);
    if (floats.isFloat(ifTrue) && floats.isFloat(ifFalse)) {
      scope.markFloat(choice);
    }
    sink.add(new Stmt.Declare(choice, dev.adjoint.processor.ir.Exprs.zeroOf(type), ""));
    trueEffects.add(new Stmt.Assign(choice, null, ifTrue, ""));
    falseEffects.add(new Stmt.Assign(choice, null, ifFalse, ""));
    sink.add(new Stmt.If(condition, trueEffects, falseEffects, ""));
    return new Expr.Read(choice);
  }

  /**
   * {@code c ? x : y} of arrays: a variable re-pointed in a branch, which the reverse sweep
   * handles as any array variable assigned in an if (the adjoint follows the array chosen).
   * Only the branch taken is evaluated, as in Java: the variable starts as the other branch
   * where that is a variable (nothing to evaluate), else as an empty array.
   */
  private Expr arrayConditional(Expr condition, Expr ifTrue, List<Stmt> trueEffects, Expr ifFalse,
      List<Stmt> falseEffects, ArrayType type) {
    Var choice = scope.temporary("chosen", type);
    if (ifFalse instanceof Expr.Read && falseEffects.isEmpty()) {
      sink.add(new Stmt.Declare(choice, ifFalse, ""));
      trueEffects.add(new Stmt.Assign(choice, null, ifTrue, ""));
      sink.add(new Stmt.If(condition, trueEffects, new ArrayList<>(), ""));
      return new Expr.Read(choice);
    }
    List<Expr> empty = new ArrayList<>();
    for (int d = 0; d < type.dims(); d++) {
      empty.add(Expr.Constant.ofInt(0));
    }
    sink.add(new Stmt.Declare(choice, new Expr.NewArray(type, empty), ""));
    trueEffects.add(new Stmt.Assign(choice, null, ifTrue, ""));
    falseEffects.add(new Stmt.Assign(choice, null, ifFalse, ""));
    sink.add(new Stmt.If(condition, trueEffects, falseEffects, ""));
    return new Expr.Read(choice);
  }

  /**
   * {@code switch (n) { case 1 -> a; case 2, 3 -> b; default -> c; }}, lowered to {@code n == 1 ?
   * a : n == 2 || n == 3 ? b : c}: the derivative of the arm taken.
   */
  private Expr switchExpression(com.sun.source.tree.SwitchExpressionTree tree) {
    Expr selector = value(tree.getExpression());
    if (selector.type() != Primitive.INT) {
      ExpressionTree selectorTree = tree.getExpression() instanceof ParenthesizedTree p ? p.getExpression()
          : tree.getExpression();
      throw problem(tree.getExpression(), Message.EXPRESSION, "a switch on '" + text.of(selectorTree) + "'",
          "switch on an int");
    }
    Expr otherwise = null;
    List<Stmt> otherwiseEffects = List.of();
    List<ExpressionTree> labels = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    List<List<Stmt>> armEffects = new ArrayList<>();
    List<Stmt> allEffects = new ArrayList<>();
    int mark = sink.size();
    for (com.sun.source.tree.CaseTree c : tree.getCases()) {
      Expr value = armValue(c);
      List<Stmt> effects = cut(mark);
      allEffects.addAll(effects);
      if (c.getExpressions().isEmpty()) {
        otherwise = value;
        otherwiseEffects = effects;
        continue;
      }
      labels.addAll(c.getExpressions());
      values.add(value);
      armEffects.add(effects);
    }
    if (otherwise == null) {
      throw problem(tree, Message.EXPRESSION, "a switch expression without default", "add a default arm");
    }
    List<Expr> arms = new ArrayList<>(values);
    arms.add(otherwise);
    boolean floatArms = arms.stream().noneMatch(floats::isDouble) && arms.stream().anyMatch(floats::isFloat);
    if (floatArms) {
      // Float and int arms: a float switch expression, the ints converted to float, as Java does.
      values.replaceAll(v -> asFloat(tree, v));
      otherwise = asFloat(tree, otherwise);
    }
    // The selector is evaluated once, before any arm: the tests below read it again.
    selector = stable(selector, allEffects);
    List<Expr> conditions = new ArrayList<>();
    int labelAt = 0;
    for (com.sun.source.tree.CaseTree c : tree.getCases()) {
      if (c.getExpressions().isEmpty()) {
        continue;
      }
      Expr matches = null;
      for (int k = 0; k < c.getExpressions().size(); k++) {
        Expr label = value(labels.get(labelAt++));
        Expr test = new Expr.Binary(BinaryOp.EQ, selector, label, Primitive.BOOLEAN);
        matches = matches == null ? test : new Expr.Binary(BinaryOp.OR, matches, test, Primitive.BOOLEAN);
      }
      conditions.add(matches);
    }
    if (!allEffects.isEmpty()) {
      // Arms with side effects: an if-else chain that runs only the arm taken.
      Type type = prim(otherwise);
      for (Expr v : values) {
        type = Primitive.promote((Primitive) type, prim(v));
      }
      Var arm = scope.temporary("arm", type);
      if (floatArms) {
        scope.markFloat(arm);
      }
      sink.add(new Stmt.Declare(arm, dev.adjoint.processor.ir.Exprs.zeroOf(type), ""));
      List<Stmt> chain = new ArrayList<>(otherwiseEffects);
      chain.add(new Stmt.Assign(arm, null, otherwise, ""));
      for (int i = values.size() - 1; i >= 0; i--) {
        List<Stmt> taken = new ArrayList<>(armEffects.get(i));
        taken.add(new Stmt.Assign(arm, null, values.get(i), ""));
        chain = List.of(new Stmt.If(conditions.get(i), taken, chain, ""));
      }
      sink.addAll(chain);
      return new Expr.Read(arm);
    }
    Expr result = otherwise;
    for (int i = values.size() - 1; i >= 0; i--) {
      Type type = Primitive.promote(prim(values.get(i)), prim(result));
      result = new Expr.Conditional(conditions.get(i), values.get(i), result, type);
    }
    return result;
  }

  private Expr armValue(com.sun.source.tree.CaseTree c) {
    Tree body = c.getBody();
    if (body instanceof com.sun.source.tree.ExpressionStatementTree statement) {
      body = statement.getExpression();
    }
    if (body instanceof com.sun.source.tree.BlockTree block && block.getStatements().size() > 1
        && c.getCaseKind() == com.sun.source.tree.CaseTree.CaseKind.RULE && statements != null) {
      return blockArmValue(block);
    }
    if (body instanceof com.sun.source.tree.BlockTree block && block.getStatements().size() == 1
        && block.getStatements().get(0) instanceof com.sun.source.tree.YieldTree yield) {
      body = yield.getValue();
    }
    if (c.getCaseKind() != com.sun.source.tree.CaseTree.CaseKind.RULE || !(body instanceof ExpressionTree e)) {
      throw problem(c, Message.EXPRESSION, "this switch arm", "write each arm as case k -> expression");
    }
    Expr value = value(e);
    if (!isNumeric(value)) {
      throw problem(e, Message.EXPRESSION, NameResolver.describe(e), "switch arms must be numbers");
    }
    return value;
  }

  /**
   * {@code case k -> { statements; yield e; }}: the statements, read into the arm's effects (which
   * run only when the arm is taken), then the value. A {@code yield} anywhere but at the end of the
   * block is refused.
   */
  private Expr blockArmValue(com.sun.source.tree.BlockTree block) {
    List<? extends com.sun.source.tree.StatementTree> all = block.getStatements();
    if (!(all.get(all.size() - 1) instanceof com.sun.source.tree.YieldTree yield)) {
      throw problem(block, Message.EXPRESSION, "this switch arm", "end the block with yield value;");
    }
    for (com.sun.source.tree.StatementTree s : all.subList(0, all.size() - 1)) {
      boolean[] yields = {false};
      new com.sun.source.util.TreeScanner<Void, Void>() {
        @Override
        public Void visitYield(com.sun.source.tree.YieldTree t, Void unused) {
          yields[0] = true;
          return null;
        }

        @Override
        public Void visitSwitchExpression(com.sun.source.tree.SwitchExpressionTree t, Void unused) {
          // Its yields are its own.
          return null;
        }
      }.scan(s, null);
      if (yields[0]) {
        throw problem(s, Message.EXPRESSION, "a yield inside a statement of a switch arm",
            "set a variable there, and yield it at the end of the arm");
      }
    }
    scope.enterBlock();
    try {
      for (com.sun.source.tree.StatementTree s : all.subList(0, all.size() - 1)) {
        statements.accept(s, sink);
      }
      Expr value = value(yield.getValue());
      if (!isNumeric(value)) {
        throw problem(yield.getValue(), Message.EXPRESSION, NameResolver.describe(yield.getValue()),
            "switch arms must be numbers");
      }
      return value;
    } finally {
      scope.exitBlock();
    }
  }

  private Expr cast(TypeCastTree tree) {
    Tree target = tree.getType();
    if (target instanceof PrimitiveTypeTree primitive) {
      if (primitive.getPrimitiveTypeKind() == TypeKind.FLOAT) {
        return asFloat(tree, numeric(tree.getExpression()));
      }
      Primitive type = Primitives.of(primitive.getPrimitiveTypeKind());
      if (type != null && type != Primitive.BOOLEAN) {
        return new Expr.Cast(type, numeric(tree.getExpression()));
      }
    }
    throw problem(tree, Message.EXPRESSION, "the cast " + NameResolver.describe(tree),
        "cast only between double, int and long");
  }

  // ---------------------------------------------------------------- the JDK's array operations

  /**
   * {@code System.arraycopy(...)} or {@code Arrays.fill(...)} as a statement, read into {@code out}
   * as the loops they are (see {@link ArrayOperations}); false for any other call.
   */
  boolean arrayOperationStatement(MethodInvocationTree call, String source, List<Stmt> out) {
    return into(out, () -> {
      String owner = jdkOwner(call);
      if (owner == null) {
        return false;
      }
      String name = ((MemberSelectTree) call.getMethodSelect()).getIdentifier().toString();
      int arity = call.getArguments().size();
      if ("java.lang.System".equals(owner) && name.equals("arraycopy") && arity == 5) {
        List<Expr> args = arguments(call);
        ArrayType src = oneDimensional(call, "System.arraycopy", args.get(0), null);
        oneDimensional(call, "System.arraycopy", args.get(2), src);
        arrays.arraycopy(args.get(0), index(call, 1, args), args.get(2), index(call, 3, args), index(call, 4, args),
            source, sink);
        return true;
      }
      if ("java.util.Arrays".equals(owner) && name.equals("sort") && (arity == 1 || arity == 3)) {
        List<Expr> args = arguments(call);
        ArrayType type = oneDimensional(call, "Arrays.sort", args.get(0), null);
        if (type.element() == Primitive.BOOLEAN) {
          throw problem(call, Message.ARRAY_METHOD, "Arrays.sort");
        }
        arrays.sort(args.get(0), arity == 3 ? index(call, 1, args) : null, arity == 3 ? index(call, 2, args) : null,
            source, sink);
        return true;
      }
      if ("java.util.Arrays".equals(owner) && name.equals("fill") && (arity == 2 || arity == 4)) {
        List<Expr> args = arguments(call);
        ArrayType type = oneDimensional(call, "Arrays.fill", args.get(0), null);
        Expr value = type.floats() ? asFloat(call.getArguments().get(arity - 1), args.get(arity - 1))
            : elementValue(call, arity - 1, args, type.element());
        arrays.fill(args.get(0), arity == 4 ? index(call, 1, args) : null, arity == 4 ? index(call, 2, args) : null,
            value, source, sink);
        return true;
      }
      return false;
    });
  }

  /**
   * {@code a.clone()}, {@code Arrays.copyOf(a, n)} or {@code Arrays.copyOfRange(a, from, to)}: the
   * new array, which the statements added to the sink fill. Null for other calls; any other
   * method of {@code Arrays} is refused, as Adjoint cannot know what it does with the elements.
   */
  private Expr arrayOperation(MethodInvocationTree tree) {
    if (!(tree.getMethodSelect() instanceof MemberSelectTree member)) {
      return null;
    }
    String name = member.getIdentifier().toString();
    String source = text.of(tree);
    if (name.equals("clone") && tree.getArguments().isEmpty() && jdkOwner(tree) == null) {
      Expr array = value(member.getExpression());
      if (!(array.type() instanceof ArrayType)) {
        throw problem(tree, Message.CALL_ON_OBJECT, NameResolver.describe(member), NameResolver.describe(member.getExpression()));
      }
      if (array.type() instanceof ArrayType matrix && matrix.dims() == 2) {
        // Java's clone of a matrix is shallow: a new outer array holding the same rows. A
        // @Differentiable method cannot re-point a row (m[i] = ...), so in every use Adjoint
        // allows, the copy is the matrix itself: read as an alias of it, whose writes are the
        // matrix's, as they are in Java. It is not new, so a helper cannot return it.
        return array;
      }
      oneDimensional(tree, "clone()", array, null);
      return arrays.copyOfRange(array, Expr.Constant.ofInt(0), new Expr.Length(array), false, source, sink);
    }
    if (!"java.util.Arrays".equals(jdkOwner(tree))) {
      return null;
    }
    int arity = tree.getArguments().size();
    if (name.equals("copyOf") && arity == 2) {
      List<Expr> args = arguments(tree);
      oneDimensional(tree, "Arrays.copyOf", args.get(0), null);
      return arrays.copyOfRange(args.get(0), Expr.Constant.ofInt(0), index(tree, 1, args), false, source, sink);
    }
    if (name.equals("copyOfRange") && arity == 3) {
      List<Expr> args = arguments(tree);
      oneDimensional(tree, "Arrays.copyOfRange", args.get(0), null);
      return arrays.copyOfRange(args.get(0), index(tree, 1, args), index(tree, 2, args), true, source, sink);
    }
    throw problem(tree, Message.ARRAY_METHOD, "Arrays." + name);
  }

  /** The first call of a chain {@code a(...).b(...).c(...)} ending in {@code e}, or null if {@code e} is none. */
  private static MethodInvocationTree innermostCall(ExpressionTree e) {
    MethodInvocationTree first = null;
    while (e instanceof MethodInvocationTree call) {
      first = call;
      e = call.getMethodSelect() instanceof MemberSelectTree select ? select.getExpression() : null;
    }
    return first;
  }

  /** {@code java.lang.System} or {@code java.util.Arrays} if {@code call} is a static method of one; else null. */
  private String jdkOwner(MethodInvocationTree call) {
    if (!(call.getMethodSelect() instanceof MemberSelectTree member)) {
      return null;
    }
    return resolver.resolveType(member.getExpression())
        .map(t -> t.getQualifiedName().toString())
        .filter(n -> n.equals("java.lang.System") || n.equals("java.util.Arrays"))
        .orElse(null);
  }

  /** The call's arguments, read in Java's order. */
  private List<Expr> arguments(MethodInvocationTree call) {
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree arg : call.getArguments()) {
      next(args, () -> value(arg));
    }
    return args;
  }

  /** {@code array}'s type, if it is a one-dimensional array (of {@code like}'s element type, if given). */
  private ArrayType oneDimensional(MethodInvocationTree call, String operation, Expr array, ArrayType like) {
    if (!(array.type() instanceof ArrayType type) || type.dims() != 1 || (like != null && !like.equals(type))) {
      String what = array.type() == null ? "this value" : array.type().javaName()
          + (like != null && array.type() instanceof ArrayType ? " with " + like.javaName() : "");
      throw problem(call, Message.ARRAY_OPERATION, operation, what,
          "copy a matrix row by row into a new one, as in double[][] b = new double[n][m]; for (int i = 0; i < n; i++) System.arraycopy(a[i], 0, b[i], 0, m);");
    }
    return type;
  }

  /** Argument {@code k} of {@code call}, an int. */
  private Expr index(MethodInvocationTree call, int k, List<Expr> args) {
    Expr arg = args.get(k);
    if (arg.type() != Primitive.INT) {
      throw problem(call.getArguments().get(k), Message.EXPRESSION, NameResolver.describe(call.getArguments().get(k)),
          "an index or length here is an int");
    }
    return arg;
  }

  /** Argument {@code k} of {@code call} as an element of type {@code element}, widened as Java does. */
  private Expr elementValue(MethodInvocationTree call, int k, List<Expr> args, Primitive element) {
    Expr value = args.get(k);
    if (value.type() == element) {
      return value;
    }
    if (element == Primitive.DOUBLE && (value.type() == Primitive.INT || value.type() == Primitive.LONG)
        || element == Primitive.LONG && value.type() == Primitive.INT) {
      return new Expr.Cast(element, value);
    }
    throw problem(call.getArguments().get(k), Message.EXPRESSION, NameResolver.describe(call.getArguments().get(k)),
        "fill an array with a value of its element type");
  }

  private Expr invocation(MethodInvocationTree tree) {
    if (!tree.getTypeArguments().isEmpty()) {
      throw problem(tree, Message.UNKNOWN_METHOD, NameResolver.describe(tree.getMethodSelect()));
    }
    if (tree.getMethodSelect() instanceof MemberSelectTree member && member.getExpression() instanceof IdentifierTree id
        && scope.lookupRecord(id.getName().toString()) != null) {
      // p.x() of a record held component by component: the component's variable.
      Var component = scope.lookupRecord(id.getName().toString()).components().get(member.getIdentifier().toString());
      if (component == null || !tree.getArguments().isEmpty()) {
        throw problem(tree, Message.RECORD_AS_VALUE, id.getName());
      }
      return new Expr.Read(component);
    }
    if (tree.getMethodSelect() instanceof MemberSelectTree member && tree.getArguments().isEmpty()
        && !(member.getExpression() instanceof IdentifierTree)) {
      // helper(a).x() or new Point(a, b).x(): the component of the record the expression makes.
      TypeElement record = recordArgument(member.getExpression());
      if (record != null) {
        List<Records.Component> components = new Records(elements, trees).components(record, tree, reading.unit());
        List<Expr> values = recordValue(member.getExpression(), record);
        for (int i = 0; i < components.size(); i++) {
          if (components.get(i).name().contentEquals(member.getIdentifier())) {
            return components.get(i).isFloat() && !floats.isFloat(values.get(i))
                ? floatTemporary(values.get(i), member.getIdentifier().toString()) : values.get(i);
          }
        }
        throw problem(tree, Message.RECORD_AS_VALUE, NameResolver.describe(member.getExpression()));
      }
    }
    Expr bulk = arrayOperation(tree);
    if (bulk != null) {
      return bulk;
    }
    TypeElement expectedRecord = recordResult;
    recordResult = null;
    List<Expr> args = new ArrayList<>();
    // A record argument stands as a placeholder of its type (for choosing the overload) until it
    // is passed as its components.
    java.util.Map<Integer, List<Expr>> records = new java.util.HashMap<>();
    for (ExpressionTree arg : tree.getArguments()) {
      TypeElement record = recordArgument(arg);
      if (record != null) {
        records.put(args.size(), recordValue(arg, record));
        args.add(new Expr.NewObject((dev.adjoint.processor.ir.RecordType) Records.irType(record.asType())));
      } else {
        next(args, () -> value(arg));
      }
    }
    ExpressionTree select = tree.getMethodSelect();
    List<ExecutableElement> candidates = candidates(tree, true);
    if (candidates.isEmpty()) {
      throw problem(select, Message.UNKNOWN_METHOD, NameResolver.describe(select));
    }
    List<Type> argTypes = args.stream().map(Expr::type).toList();
    java.util.function.IntPredicate floatArg = i -> floats.isFloat(args.get(i));
    ExecutableElement method = Overloads.choose(candidates, argTypes, floatArg)
        .orElseThrow(() -> problem(select, args.stream().anyMatch(a -> a.type() == null)
            ? Message.UNKNOWN_METHOD : Message.AMBIGUOUS_METHOD, NameResolver.describe(select)));
    List<dev.adjoint.processor.ir.Origin> argOrigins = new ArrayList<>(tree.getArguments().stream()
        .<dev.adjoint.processor.ir.Origin>map(arg -> new TreeOrigin(arg, reading.unit()))
        .toList());
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String described = owner.getSimpleName() + "." + method.getSimpleName();
    if (NameResolver.isMathClass(owner) && args.stream().noneMatch(floats::isDouble)
        && args.stream().anyMatch(floats::isFloat)) {
      return floatMath(tree, owner, args);
    }
    boolean gathers = Overloads.gathersVarargs(method, argTypes, floatArg);
    if (!NameResolver.isMathClass(owner)) {
      passFloats(tree, method, args, gathers);
    }
    if (gathers) {
      gatherVarargs(tree, method, args, argOrigins);
    }
    if (!records.isEmpty()) {
      expandRecords(tree, method, args, argOrigins, records);
    }
    Expr call = resolvedCall(tree, method, args, argOrigins, expectedRecord);
    return method.getReturnType().getKind() == TypeKind.FLOAT ? floatResult(call) : call;
  }

  /**
   * The arguments for {@code method}'s {@code float} parameters converted as Java converts them
   * (an int rounded). Where the user's method is called, the generated code casts the double
   * that holds the float (see {@link dev.adjoint.processor.ir.Callee.Param#declaredFloat}).
   */
  private void passFloats(MethodInvocationTree tree, ExecutableElement method, List<Expr> args, boolean gathers) {
    int fixed = gathers ? method.getParameters().size() - 1 : method.getParameters().size();
    for (int i = 0; i < fixed; i++) {
      if (Overloads.isFloat(method, i)) {
        args.set(i, asFloat(tree.getArguments().get(i), args.get(i)));
      }
    }
  }

  /** The value of a call of a method returning {@code float}, known as a float from here on. */
  private Expr floatResult(Expr call) {
    if (call instanceof Expr.Read read) {
      scope.markFloat(read.var());
      return call;
    }
    return scope.floatLeaf(call);
  }

  private Expr resolvedCall(MethodInvocationTree tree, ExecutableElement method, List<Expr> args,
      List<dev.adjoint.processor.ir.Origin> argOrigins, TypeElement expectedRecord) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String described = owner.getSimpleName() + "." + method.getSimpleName();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      return instanceCall(tree, method, args, argOrigins, returnsRecord(method, expectedRecord));
    }
    Optional<DerivativeRule> rule = reading.rules().of(method);
    if (rule.isPresent() && (method.getReturnType().getKind() == TypeKind.FLOAT
        || method.getParameters().stream().anyMatch(p -> p.asType().getKind() == TypeKind.FLOAT))) {
      throw problem(tree, Message.FLOAT_CALL, described);
    }
    if (rule.isPresent()) {
      checkVisible(tree, rule.get());
      Expr call = RuleCalls.call(usable(rule.get()), args, new TreeOrigin(tree, reading.unit()), argOrigins);
      if (call instanceof Expr.Call c) {
        checkArrayArguments(c.callee().params(), args, argOrigins, 0);
      }
      if (callStatement != tree && call instanceof Expr.Call && call.type().isArray()) {
        return bind(call, method.getSimpleName().toString());
      }
      return call;
    }
    if (NameResolver.isMathClass(owner)) {
      return mathCall(tree, method, owner, args);
    }
    if (owner.getQualifiedName().contentEquals("java.lang.Double") && args.size() == 2
        && method.getReturnType().getKind() == TypeKind.DOUBLE) {
      // Double.max and Double.min are Math's (so specified); Double.sum is +.
      switch (method.getSimpleName().toString()) {
        case "max", "min" -> {
          return new Expr.MathCall("Math", method.getSimpleName().toString(), args, Primitive.DOUBLE);
        }
        case "sum" -> {
          return new Expr.Binary(BinaryOp.ADD, args.get(0), args.get(1), Primitive.DOUBLE);
        }
        default -> { }
      }
    }
    Primitive returns = Primitives.carried(method.getReturnType());
    boolean isVoid = method.getReturnType().getKind() == TypeKind.VOID;
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      throw problem(tree, Message.PRIVATE_CALLEE, described);
    }
    if (isVoid && callStatement == tree) {
      returns = Primitive.DOUBLE;
    }
    boolean returnsArray = CalleeResolver.returnsDoubleArray(method) || returnsRecord(method, expectedRecord);
    if (expectedRecord != null && !returnsArray) {
      throw problem(tree, Message.RECORD_FROM, NameResolver.describe(tree));
    }
    if (returns == null && !returnsArray) {
      throw problem(tree, Message.EXPRESSION, "calling " + described + ", which returns " + method.getReturnType(),
          "call methods that return numbers or arrays of doubles");
    }
    // An int helper that writes into arrays carries their derivative: it is differentiated too.
    boolean writesArrays = returns != null && returns != Primitive.DOUBLE && callees.hasSource(method)
        && !callees.writtenArrayParameters(method).isEmpty();
    Optional<String> missingGrad = callees.missingGrad(method);
    if (missingGrad.isPresent()) {
      throw problem(tree, Message.MISSING_GRAD, described, missingGrad.get(), owner.getQualifiedName());
    }
    Optional<Callee> callee = returns == Primitive.DOUBLE || returnsArray || writesArrays
        ? callees.resolve(method, reading.unit()) : Optional.empty();
    if (expectedRecord != null && callee.isEmpty()) {
      throw problem(tree, Message.RECORD_FROM, NameResolver.describe(tree));
    }
    if (returnsArray && (callee.isEmpty() || callee.get().writesArrays())) {
      throw problem(tree, Message.EXPRESSION, "calling " + described + ", which returns an array",
          callee.isEmpty() ? "its source must be part of this compilation"
              : "a method returning an array must not also write into the arrays it is given");
    }
    if (callee.isEmpty()) {
      // Runs as in the primal: an integer result has no derivative; a double one without a
      // derivative is rejected by the activity analysis if an active value flows into it.
      // A float parameter's argument written (float) a here: nothing else carries the type.
      List<Expr> passed = new ArrayList<>(args);
      for (int i = 0; i < passed.size(); i++) {
        if (Overloads.isFloat(method, i) && !(passed.get(i) instanceof Expr.MathCall m && Floats.isRounding(m))) {
          passed.set(i, Floats.rounded(passed.get(i)));
        }
      }
      return new Expr.PrimalCall(TypeRefs.of(owner, elements), method.getSimpleName().toString(), passed, returns,
          returns != Primitive.DOUBLE, new TreeOrigin(tree, reading.unit()));
    }
    if (callees.writesArraysUnseen(method)) {
      throw problem(tree, Message.COMPILED_WRITES_ARRAYS, described);
    }
    checkArrayArguments(callee.get().params(), args, argOrigins, 0);
    Expr.Call call = new Expr.Call(callee.get(), args, new TreeOrigin(tree, reading.unit()), argOrigins);
    if (callStatement != tree && (callee.get().writesArrays() || returnsArray)) {
      // The later stages take such a call only as a whole right-hand side: it becomes one, of a
      // temporary, among the effects that run before the expression (in Java's order).
      return bind(call, method.getSimpleName().toString());
    }
    if (callStatement != tree && callee.get().recursive() && callee.get().split() && returns == Primitive.DOUBLE
        && !callee.get().writesArrays()) {
      // Part of a recursion: a right-hand side of its own too, so that each such call is made in
      // split mode (one per statement), and the reverse sweep reads its value from a variable
      // instead of running the callee again, which would cost each level the levels below it.
      return bind(call, method.getSimpleName().toString());
    }
    return call;
  }

  /** Whether {@code method} is a helper returning {@code expected}, a record its caller takes apart. */
  private static boolean returnsRecord(ExecutableElement method, TypeElement expected) {
    return expected != null && expected.equals(RecordResults.returnedRecord(method));
  }

  /** A temporary holding {@code value}, a float in a double, marked as one. */
  private Expr floatTemporary(Expr value, String base) {
    Expr held = bind(value, base);
    scope.markFloat(((Expr.Read) held).var());
    return held;
  }

  /**
   * {@code rule}, with the call of it that second order differentiates if it is a
   * {@code @Differentiable} JVP rule.
   */
  DerivativeRule usable(DerivativeRule rule) {
    ExecutableElement method = reading.rules().element(rule);
    if (rule.kind() == DerivativeRule.Kind.JVP && CalleeResolver.hasAnnotation(method, CalleeResolver.DIFFERENTIABLE)) {
      return rule.differentiableAs(callees.resolve(method, reading.unit()).orElse(null));
    }
    return rule;
  }

  /** A rule the generated class (in the caller's package) cannot call is an error at the call. */
  private void checkVisible(MethodInvocationTree tree, DerivativeRule rule) {
    ExecutableElement element = reading.rules().element(rule);
    boolean samePackage = elements.getPackageOf(element).equals(elements.getPackageOf(reading.enclosingClass()));
    boolean isPublic = element.getModifiers().contains(Modifier.PUBLIC);
    for (Element e = element.getEnclosingElement(); e instanceof TypeElement type; e = e.getEnclosingElement()) {
      isPublic &= type.getModifiers().contains(Modifier.PUBLIC);
    }
    if (!samePackage && !isPublic) {
      throw problem(tree, Message.RULE_NOT_VISIBLE, rule.displayName());
    }
  }

  /**
   * An argument for an array parameter that the callee reads or writes in place must be an array
   * variable (or a row of one), whose adjoint array the caller holds: an error at the argument
   * otherwise. {@code origins} are the arguments' own (a record's components share its origin).
   */
  private void checkArrayArguments(List<Callee.Param> params, List<Expr> args,
      List<dev.adjoint.processor.ir.Origin> origins, int from) {
    for (int i = from; i < args.size(); i++) {
      Callee.Param param = params.get(i);
      if ((param.active() || param.written()) && param.type() instanceof ArrayType && !isArrayVariable(args.get(i))) {
        Tree at = ((TreeOrigin) origins.get(i)).tree();
        throw problem(at, Message.EXPRESSION, "passing " + NameResolver.describe(at) + " to an array parameter",
            "store it in an array variable and pass that");
      }
    }
  }

  /**
   * The record class of an expression that is a record held so or built in place ({@code q},
   * {@code new Point(a, b)}), as an argument or a {@code var} initialiser; null otherwise.
   */
  TypeElement recordArgument(ExpressionTree arg) {
    ExpressionTree tree = unparenthesized(arg);
    if (tree instanceof IdentifierTree id && scope.lookupRecord(id.getName().toString()) != null) {
      return scope.lookupRecord(id.getName().toString()).type();
    }
    if (tree instanceof com.sun.source.tree.NewClassTree created) {
      return resolver.resolveType(created.getIdentifier())
          .filter(t -> t.getKind() == javax.lang.model.element.ElementKind.RECORD).orElse(null);
    }
    if (tree instanceof MethodInvocationTree call) {
      // Read before javac attributes the body, so the call has no type yet: the record every
      // method it may call (by name and argument count) returns, if they agree on one.
      Set<TypeElement> returned = new java.util.HashSet<>();
      for (ExecutableElement m : candidates(call, false)) {
        if (m.getParameters().size() == call.getArguments().size() || m.isVarArgs()) {
          returned.add(Records.recordType(m.getReturnType()));
        }
      }
      return returned.size() == 1 ? returned.iterator().next() : null;
    }
    return null;
  }

  /**
   * The methods {@code tree} may call by their name, without choosing among overloads; a call
   * on something other than a class or {@code this} is an error if {@code strict}, else has none.
   */
  private List<ExecutableElement> candidates(MethodInvocationTree tree, boolean strict) {
    ExpressionTree select = tree.getMethodSelect();
    if (select instanceof IdentifierTree id) {
      return resolver.resolveMethods(id.getName().toString());
    }
    if (select instanceof MemberSelectTree member && isThis(member.getExpression())) {
      return resolver.methods(reading.enclosingClass(), member.getIdentifier().toString());
    }
    if (select instanceof MemberSelectTree member) {
      Optional<TypeElement> owner = resolver.resolveType(member.getExpression());
      if (owner.isEmpty() && !strict) {
        return List.of();
      }
      MethodInvocationTree inner = owner.isPresent() ? null : innermostCall(member.getExpression());
      if (inner != null && jdkOwner(inner) != null) {
        // Arrays.stream(x).map(...).sum(): what is wrong is the stream.
        String jdk = jdkOwner(inner);
        throw problem(inner, Message.ARRAY_METHOD, jdk.substring(jdk.lastIndexOf('.') + 1) + "."
            + ((MemberSelectTree) inner.getMethodSelect()).getIdentifier());
      }
      if (owner.isEmpty()) {
        throw problem(select, Message.EXPRESSION, "calling a method on " + NameResolver.describe(member.getExpression()),
            "only static methods can be called: Math functions and other @Differentiable methods");
      }
      return resolver.methods(owner.get(), member.getIdentifier().toString());
    }
    return List.of();
  }

  /**
   * Replaces each record argument's placeholder by its components, as the callee's IR takes them:
   * only a method differentiated with its source takes a record so.
   */
  private void expandRecords(MethodInvocationTree tree, ExecutableElement method, List<Expr> args,
      List<dev.adjoint.processor.ir.Origin> argOrigins, java.util.Map<Integer, List<Expr>> records) {
    boolean takesComponents = !NameResolver.isMathClass((TypeElement) method.getEnclosingElement())
        && reading.rules().of(method).isEmpty() && callees.hasSource(method);
    if (!takesComponents) {
      int first = records.keySet().stream().min(Integer::compare).orElseThrow();
      throw problem(tree.getArguments().get(first), Message.RECORD_AS_VALUE,
          NameResolver.describe(tree.getArguments().get(first)));
    }
    for (int i = args.size() - 1; i >= 0; i--) {
      List<Expr> components = records.get(i);
      if (components != null) {
        args.remove(i);
        args.addAll(i, components);
        dev.adjoint.processor.ir.Origin origin = argOrigins.remove(i);
        argOrigins.addAll(i, java.util.Collections.nCopies(components.size(), origin));
      }
    }
  }

  /**
   * {@code m(args)} or {@code this.m(args)} in an instance method: the receiver's method,
   * differentiated like a static helper that takes the receiver first. Only where no subclass can
   * override it (the class or the method final), since the derivative is of this method's body.
   */
  private Expr instanceCall(MethodInvocationTree tree, ExecutableElement method, List<Expr> args,
      List<dev.adjoint.processor.ir.Origin> argOrigins, boolean returnsRecord) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String described = owner.getSimpleName() + "." + method.getSimpleName();
    if (reading.receiver() == null) {
      throw problem(tree, Message.EXPRESSION, "calling the instance method " + described + " from a static method",
          "call it from an instance method of its class, or make it static");
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      throw problem(tree, Message.PRIVATE_CALLEE, described);
    }
    if (!Receivers.cannotBeOverridden(method, reading.enclosingClass())) {
      throw problem(tree, Message.OVERRIDABLE_CALLEE, described);
    }
    Primitive returns = Primitives.carried(method.getReturnType());
    boolean isVoid = method.getReturnType().getKind() == TypeKind.VOID;
    if (!(returns == Primitive.DOUBLE || (isVoid && callStatement == tree) || CalleeResolver.returnsDoubleArray(method)
        || returnsRecord)) {
      throw problem(tree, Message.EXPRESSION, "calling " + described + ", which returns " + method.getReturnType(),
          "an instance method called from differentiated code returns a double or a new array of doubles");
    }
    Callee callee = callees.resolve(method, reading.unit())
        .orElseThrow(() -> problem(tree, Message.NOT_DIFFERENTIABLE_CALL, described));
    List<Expr> all = new ArrayList<>(args);
    all.add(0, new Expr.Read(reading.receiver()));
    List<dev.adjoint.processor.ir.Origin> origins = new ArrayList<>(argOrigins);
    origins.add(0, new TreeOrigin(tree, reading.unit()));
    checkArrayArguments(callee.params(), all, origins, 1);
    Expr.Call call = new Expr.Call(callee, all, new TreeOrigin(tree, reading.unit()), origins);
    if (callStatement != tree && (callee.writesArrays() || callee.returnsArray())) {
      return bind(call, method.getSimpleName().toString());
    }
    return call;
  }

  /**
   * {@code norm(a, b, c)} of {@code norm(double... xs)}: the trailing arguments gathered into an
   * array variable of their own, as Java gathers them, which the call is then given.
   */
  private void gatherVarargs(MethodInvocationTree tree, ExecutableElement method, List<Expr> args,
      List<dev.adjoint.processor.ir.Origin> argOrigins) {
    int fixed = method.getParameters().size() - 1;
    dev.adjoint.processor.ir.Type type = Primitives.typeOf(method.getParameters().get(fixed).asType());
    if (!(type instanceof ArrayType arrayType) || !(arrayType.component() instanceof Primitive component)) {
      throw problem(tree, Message.EXPRESSION, "this varargs call", "pass the array itself");
    }
    List<Expr> gathered = new ArrayList<>();
    for (int i = fixed; i < args.size(); i++) {
      Expr arg = args.get(i);
      gathered.add(arrayType.floats() ? asFloat(tree.getArguments().get(i), arg)
          : arg.type() == component ? arg : new Expr.Cast(component, arg));
    }
    Var array = scope.temporary(method.getSimpleName() + "Args", arrayType);
    sink.add(new Stmt.Declare(array, new Expr.ArrayLiteral(arrayType, gathered), ""));
    args.subList(fixed, args.size()).clear();
    args.add(new Expr.Read(array));
    argOrigins.subList(fixed, argOrigins.size()).clear();
    argOrigins.add(new TreeOrigin(tree, reading.unit()));
  }

  /**
   * A Math function of floats, where Java calls its float overload: {@code abs}, {@code max},
   * {@code min}, {@code copySign} and {@code signum} of floats are their double versions exactly,
   * rounded back to float; {@code round} is called on a float. Functions with only a double
   * version (sin, exp, ...) take the floats as doubles, as Java does, and are not read here.
   */
  private Expr floatMath(MethodInvocationTree tree, TypeElement owner, List<Expr> args) {
    String name = tree.getMethodSelect() instanceof MemberSelectTree member ? member.getIdentifier().toString()
        : ((IdentifierTree) tree.getMethodSelect()).getName().toString();
    boolean hasFloatOverload = resolver.methods(owner, name).stream().anyMatch(m -> m.getParameters().stream()
        .anyMatch(p -> p.asType().getKind() == TypeKind.FLOAT));
    if (!hasFloatOverload) {
      return mathCall(tree, Overloads.choose(resolver.methods(owner, name), args.stream().map(Expr::type).toList())
          .orElseThrow(() -> problem(tree, Message.AMBIGUOUS_METHOD, name)), owner, args);
    }
    List<Expr> converted = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      converted.add(asFloat(tree.getArguments().get(i), args.get(i)));
    }
    String ownerName = owner.getSimpleName().toString();
    TypeRef ownerRef = TypeRefs.of(owner, elements);
    return switch (name) {
      case "abs", "max", "min", "copySign" -> Floats.rounded(new Expr.MathCall(ownerName, name, converted,
          Primitive.DOUBLE));
      case "signum" -> Floats.rounded(new Expr.PrimalCall(ownerRef, name, converted, Primitive.DOUBLE, true,
          new TreeOrigin(tree, reading.unit())));
      case "round" -> new Expr.PrimalCall(ownerRef, name, List.of(Floats.rounded(converted.get(0))), Primitive.INT,
          true, new TreeOrigin(tree, reading.unit()));
      default -> throw problem(tree, Message.FLOAT_MATH, ownerName + "." + name);
    };
  }

  private Expr mathCall(MethodInvocationTree tree, ExecutableElement method, TypeElement owner, List<Expr> args) {
    String name = method.getSimpleName().toString();
    String ownerName = owner.getSimpleName().toString();
    if (name.equals("random")) {
      throw problem(tree, Message.IMPURE_MATH, ownerName + ".random()");
    }
    if (method.getReturnType().getKind() == TypeKind.FLOAT) {
      throw problem(tree, Message.FLOAT_MATH, ownerName + "." + name);
    }
    Primitive returns = Primitives.of(method.getReturnType());
    if (returns == null) {
      throw problem(tree, Message.EXPRESSION, ownerName + "." + name, "it does not return a number");
    }
    List<? extends VariableElement> params = method.getParameters();
    boolean doubleSignature = returns == Primitive.DOUBLE && java.util.stream.IntStream.range(0, params.size())
        .allMatch(i -> Primitives.of(params.get(i).asType())
            == (DerivativeTable.takesInt(name, i) ? Primitive.INT : Primitive.DOUBLE));
    if (doubleSignature && DerivativeTable.lookup(name, args.size()).isPresent()) {
      return new Expr.MathCall(ownerName, name, args, Primitive.DOUBLE);
    }
    TypeRef ownerRef = TypeRefs.of(owner, elements);
    boolean zeroDerivative = DerivativeTable.isPiecewiseConstant(name) || returns != Primitive.DOUBLE;
    return new Expr.PrimalCall(ownerRef, name, args, returns, zeroDerivative, new TreeOrigin(tree, reading.unit()));
  }

  private Expr numeric(ExpressionTree tree) {
    Expr e = value(tree);
    if (!isNumeric(e)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree) + " as a number", "it is a boolean");
    }
    return e;
  }

  private Expr bool(ExpressionTree tree) {
    Expr e = value(tree);
    if (e.type() != Primitive.BOOLEAN) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree) + " as a condition", "it is not a boolean");
    }
    return e;
  }

  private static boolean isNumeric(Expr e) {
    return e.type() instanceof Primitive p && p.isNumeric();
  }

  private static Primitive prim(Expr e) {
    return e.type() instanceof Primitive p ? p : null;
  }
}
