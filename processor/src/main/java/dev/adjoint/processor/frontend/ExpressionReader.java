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
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
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
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/** Reads one expression tree into a typed IR expression, or rejects it with a positioned problem. */
final class ExpressionReader {
  private final Scope scope;
  private final NameResolver resolver;
  private final CalleeResolver callees;
  private final SourceText text;
  private final Reading reading;
  private final Elements elements;

  /** What the reader needs to know about the method it is in. */
  record Reading(com.sun.source.tree.CompilationUnitTree unit, TypeElement enclosingClass) {}

  ExpressionReader(Scope scope, NameResolver resolver, CalleeResolver callees, SourceText text, Reading reading,
      Elements elements) {
    this.scope = scope;
    this.resolver = resolver;
    this.callees = callees;
    this.text = text;
    this.reading = reading;
    this.elements = elements;
  }

  private ProblemException problem(Tree tree, Message message, Object... args) {
    return new ProblemException(new TreeOrigin(tree, reading.unit()), message, args);
  }

  /** The call that is a whole statement or right-hand side, which may write into arrays. */
  private ExpressionTree callStatement;

  /**
   * Reads the right-hand side of a statement: a call there may write into the arrays it is given,
   * and a call statement may call a void helper.
   */
  Expr readStatementValue(ExpressionTree tree) {
    ExpressionTree unwrapped = tree;
    while (unwrapped instanceof ParenthesizedTree p) {
      unwrapped = p.getExpression();
    }
    callStatement = unwrapped instanceof MethodInvocationTree ? unwrapped : null;
    try {
      return read(tree);
    } finally {
      callStatement = null;
    }
  }

  Expr read(ExpressionTree tree) {
    return switch (tree.getKind()) {
      case PARENTHESIZED -> read(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL -> new Expr.Constant(Primitive.INT, text.of(tree));
      case LONG_LITERAL -> new Expr.Constant(Primitive.LONG, text.of(tree));
      case DOUBLE_LITERAL -> new Expr.Constant(Primitive.DOUBLE, text.of(tree));
      case BOOLEAN_LITERAL -> new Expr.Constant(Primitive.BOOLEAN, String.valueOf(((LiteralTree) tree).getValue()));
      case FLOAT_LITERAL -> throw problem(tree, Message.FLOAT_TYPE);
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
          REMAINDER_ASSIGNMENT, AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT,
          RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, PREFIX_INCREMENT, PREFIX_DECREMENT,
          POSTFIX_INCREMENT, POSTFIX_DECREMENT -> throw problem(tree, Message.ASSIGNMENT_IN_EXPRESSION);
      case AND, OR, XOR, LEFT_SHIFT, RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT, BITWISE_COMPLEMENT -> throw problem(tree,
          Message.EXPRESSION, "the bitwise operator in " + NameResolver.describe(tree),
          "compute such integers outside and pass them in as int parameters");
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

  private Expr identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    Var local = scope.lookup(name);
    if (local != null) {
      return new Expr.Read(local);
    }
    Optional<VariableElement> field = resolver.resolveField(name);
    if (field.isPresent()) {
      return staticField(field.get(), tree);
    }
    throw problem(tree, Message.UNKNOWN_NAME, NameResolver.describe(tree));
  }

  private Expr arrayAccess(com.sun.source.tree.ArrayAccessTree tree) {
    Expr array = read(tree.getExpression());
    if (!(array.type() instanceof ArrayType type)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "only arrays can be indexed");
    }
    Expr index = read(tree.getIndex());
    if (index.type() != Primitive.INT) {
      throw problem(tree.getIndex(), Message.EXPRESSION, "the index " + NameResolver.describe(tree.getIndex()),
          "an array index must be an int");
    }
    return new Expr.ArrayRead(array, index, type.component());
  }

  /**
   * {@code new double[n]}, {@code new double[n][m]}, {@code new double[] {...}}, or an
   * initialiser {@code {...}} of a declared type.
   */
  Expr newArray(com.sun.source.tree.NewArrayTree tree, ArrayType declared) {
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
        Expr element = e instanceof com.sun.source.tree.NewArrayTree nested && component instanceof ArrayType inner
            ? newArray(nested, inner) : read(e);
        elements.add(element);
      }
      return new Expr.ArrayLiteral(type, elements);
    }
    List<Expr> dims = new ArrayList<>();
    for (ExpressionTree d : tree.getDimensions()) {
      Expr dim = read(d);
      if (dim.type() != Primitive.INT) {
        throw problem(d, Message.EXPRESSION, "the length " + NameResolver.describe(d), "array lengths are ints");
      }
      dims.add(dim);
    }
    if (dims.size() != type.dims()) {
      throw problem(tree, Message.EXPRESSION, "the array " + NameResolver.describe(tree),
          "give every dimension's length, as in new double[n][m]");
    }
    return new Expr.NewArray(type, dims);
  }

  private Expr memberSelect(MemberSelectTree tree) {
    if (tree.getIdentifier().contentEquals("length")) {
      Expr array = tryRead(tree.getExpression());
      if (array != null && array.type() instanceof ArrayType) {
        return new Expr.Length(array);
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
    return read(tree);
  }

  private Expr staticField(VariableElement field, Tree tree) {
    String qualified = ((TypeElement) field.getEnclosingElement()).getQualifiedName() + "." + field.getSimpleName();
    if (!field.getModifiers().contains(Modifier.STATIC) || !field.getModifiers().contains(Modifier.FINAL)) {
      throw problem(tree, Message.NOT_CONSTANT, qualified);
    }
    if (field.asType().getKind() == TypeKind.FLOAT) {
      throw problem(tree, Message.FLOAT_TYPE);
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
    Expr operand = read(tree.getExpression());
    boolean wantsBoolean = op == UnaryOp.NOT;
    if ((operand.type() == Primitive.BOOLEAN) != wantsBoolean) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "the operand has the wrong type");
    }
    return new Expr.Unary(op, operand);
  }

  private Expr arithmetic(BinaryTree tree, BinaryOp op) {
    Expr left = numeric(tree.getLeftOperand());
    Expr right = numeric(tree.getRightOperand());
    return new Expr.Binary(op, left, right, Primitive.promote(prim(left), prim(right)));
  }

  private Expr comparison(BinaryTree tree, BinaryOp op) {
    Expr left = read(tree.getLeftOperand());
    Expr right = read(tree.getRightOperand());
    boolean bothBoolean = left.type() == Primitive.BOOLEAN && right.type() == Primitive.BOOLEAN;
    boolean equality = op == BinaryOp.EQ || op == BinaryOp.NE;
    if (!(bothBoolean && equality) && (!isNumeric(left) || !isNumeric(right))) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "compare numbers, or booleans with == and !=");
    }
    return new Expr.Binary(op, left, right, Primitive.BOOLEAN);
  }

  private Expr logical(BinaryTree tree, BinaryOp op) {
    Expr left = bool(tree.getLeftOperand());
    Expr right = bool(tree.getRightOperand());
    return new Expr.Binary(op, left, right, Primitive.BOOLEAN);
  }

  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = bool(tree.getCondition());
    Expr ifTrue = read(tree.getTrueExpression());
    Expr ifFalse = read(tree.getFalseExpression());
    Type type;
    if (ifTrue.type() == Primitive.BOOLEAN && ifFalse.type() == Primitive.BOOLEAN) {
      type = Primitive.BOOLEAN;
    } else if (isNumeric(ifTrue) && isNumeric(ifFalse)) {
      type = Primitive.promote(prim(ifTrue), prim(ifFalse));
    } else {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree), "both branches must be numbers or both booleans");
    }
    return new Expr.Conditional(condition, ifTrue, ifFalse, type);
  }

  /**
   * {@code switch (n) { case 1 -> a; case 2, 3 -> b; default -> c; }}, lowered to {@code n == 1 ?
   * a : n == 2 || n == 3 ? b : c}: the derivative of the arm taken.
   */
  private Expr switchExpression(com.sun.source.tree.SwitchExpressionTree tree) {
    Expr selector = read(tree.getExpression());
    if (selector.type() != Primitive.INT) {
      ExpressionTree selectorTree = tree.getExpression() instanceof ParenthesizedTree p ? p.getExpression()
          : tree.getExpression();
      throw problem(tree.getExpression(), Message.EXPRESSION, "a switch on '" + text.of(selectorTree) + "'",
          "switch on an int");
    }
    Expr otherwise = null;
    List<Expr> conditions = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    for (com.sun.source.tree.CaseTree c : tree.getCases()) {
      Expr value = armValue(c);
      if (c.getExpressions().isEmpty()) {
        otherwise = value;
        continue;
      }
      Expr matches = null;
      for (ExpressionTree label : c.getExpressions()) {
        Expr test = new Expr.Binary(BinaryOp.EQ, selector, read(label), Primitive.BOOLEAN);
        matches = matches == null ? test : new Expr.Binary(BinaryOp.OR, matches, test, Primitive.BOOLEAN);
      }
      conditions.add(matches);
      values.add(value);
    }
    if (otherwise == null) {
      throw problem(tree, Message.EXPRESSION, "a switch expression without default", "add a default arm");
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
    if (body instanceof com.sun.source.tree.BlockTree block && block.getStatements().size() == 1
        && block.getStatements().get(0) instanceof com.sun.source.tree.YieldTree yield) {
      body = yield.getValue();
    }
    if (c.getCaseKind() != com.sun.source.tree.CaseTree.CaseKind.RULE || !(body instanceof ExpressionTree e)) {
      throw problem(c, Message.EXPRESSION, "this switch arm", "write each arm as case k -> expression");
    }
    Expr value = read(e);
    if (!isNumeric(value)) {
      throw problem(e, Message.EXPRESSION, NameResolver.describe(e), "switch arms must be numbers");
    }
    return value;
  }

  private Expr cast(TypeCastTree tree) {
    Tree target = tree.getType();
    if (target instanceof PrimitiveTypeTree primitive) {
      if (primitive.getPrimitiveTypeKind() == TypeKind.FLOAT) {
        throw problem(tree, Message.FLOAT_TYPE);
      }
      Primitive type = Primitives.of(primitive.getPrimitiveTypeKind());
      if (type != null && type != Primitive.BOOLEAN) {
        return new Expr.Cast(type, numeric(tree.getExpression()));
      }
    }
    throw problem(tree, Message.EXPRESSION, "the cast " + NameResolver.describe(tree),
        "cast only between double, int and long");
  }

  private Expr invocation(MethodInvocationTree tree) {
    if (!tree.getTypeArguments().isEmpty()) {
      throw problem(tree, Message.UNKNOWN_METHOD, NameResolver.describe(tree.getMethodSelect()));
    }
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree arg : tree.getArguments()) {
      args.add(read(arg));
    }
    ExpressionTree select = tree.getMethodSelect();
    List<ExecutableElement> candidates;
    if (select instanceof IdentifierTree id) {
      candidates = resolver.resolveMethods(id.getName().toString());
    } else if (select instanceof MemberSelectTree member) {
      Optional<TypeElement> owner = resolver.resolveType(member.getExpression());
      if (owner.isEmpty()) {
        throw problem(select, Message.EXPRESSION, "calling a method on " + NameResolver.describe(member.getExpression()),
            "only static methods can be called: Math functions and other @Differentiable methods");
      }
      candidates = resolver.methods(owner.get(), member.getIdentifier().toString());
    } else {
      candidates = List.of();
    }
    if (candidates.isEmpty()) {
      throw problem(select, Message.UNKNOWN_METHOD, NameResolver.describe(select));
    }
    ExecutableElement method = Overloads.choose(candidates, args.stream().map(Expr::type).toList())
        .orElseThrow(() -> problem(select, args.stream().anyMatch(a -> a.type() == null)
            ? Message.UNKNOWN_METHOD : Message.AMBIGUOUS_METHOD, NameResolver.describe(select)));
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String described = owner.getSimpleName() + "." + method.getSimpleName();
    if (NameResolver.isMathClass(owner)) {
      return mathCall(tree, method, owner, args);
    }
    Primitive returns = Primitives.of(method.getReturnType());
    boolean isVoid = method.getReturnType().getKind() == TypeKind.VOID;
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      throw problem(tree, Message.PRIVATE_CALLEE, described);
    }
    if (isVoid && callStatement == tree) {
      returns = Primitive.DOUBLE;
    }
    boolean returnsArray = CalleeResolver.returnsDoubleArray(method);
    if (returns == null && !(returnsArray && callStatement == tree)) {
      throw problem(tree, Message.EXPRESSION, "calling " + described + ", which returns " + method.getReturnType(),
          returnsArray ? "assign its result to an array variable of its own, as in double[] p = f(v);"
              : "call methods that return numbers or arrays of doubles");
    }
    // An int helper that writes into arrays carries their derivative: it is differentiated too.
    boolean writesArrays = returns != null && returns != Primitive.DOUBLE && callees.hasSource(method)
        && !callees.writtenArrayParameters(method).isEmpty();
    Optional<Callee> callee = returns == Primitive.DOUBLE || returnsArray || writesArrays
        ? callees.resolve(method) : Optional.empty();
    if (returnsArray && (callee.isEmpty() || callee.get().writesArrays())) {
      throw problem(tree, Message.EXPRESSION, "calling " + described + ", which returns an array",
          callee.isEmpty() ? "its source must be part of this compilation"
              : "a method returning an array must not also write into the arrays it is given");
    }
    if (callee.isEmpty()) {
      // Runs as in the primal: an integer result has no derivative; a double one without a
      // derivative is rejected by the activity analysis if an active value flows into it.
      return new Expr.PrimalCall(TypeRefs.of(owner, elements), method.getSimpleName().toString(), args, returns,
          returns != Primitive.DOUBLE, new TreeOrigin(tree, reading.unit()));
    }
    if (callees.writesArraysUnseen(method)) {
      throw problem(tree, Message.COMPILED_WRITES_ARRAYS, described);
    }
    if (callee.get().writesArrays() && callStatement != tree) {
      String param = callee.get().params().stream().filter(Callee.Param::written).findFirst().orElseThrow().name();
      throw problem(tree, Message.WRITES_ARRAY_PARAMETER, described, param);
    }
    for (int i = 0; i < args.size(); i++) {
      Callee.Param param = callee.get().params().get(i);
      Expr arg = args.get(i);
      boolean arrayVariable = arg instanceof Expr.Read
          || (arg instanceof Expr.ArrayRead row && row.array() instanceof Expr.Read);
      if ((param.active() || param.written()) && param.type() instanceof ArrayType && !arrayVariable) {
        throw problem(tree.getArguments().get(i), Message.EXPRESSION, "passing " + NameResolver.describe(
            tree.getArguments().get(i)) + " to an array parameter", "store it in an array variable and pass that");
      }
    }
    List<dev.adjoint.processor.ir.Origin> argOrigins = tree.getArguments().stream()
        .<dev.adjoint.processor.ir.Origin>map(arg -> new TreeOrigin(arg, reading.unit()))
        .toList();
    return new Expr.Call(callee.get(), args, new TreeOrigin(tree, reading.unit()), argOrigins);
  }

  private Expr mathCall(MethodInvocationTree tree, ExecutableElement method, TypeElement owner, List<Expr> args) {
    String name = method.getSimpleName().toString();
    String ownerName = owner.getSimpleName().toString();
    if (name.equals("random")) {
      throw problem(tree, Message.IMPURE_MATH, ownerName + ".random()");
    }
    if (method.getReturnType().getKind() == TypeKind.FLOAT) {
      throw problem(tree, Message.FLOAT_TYPE);
    }
    Primitive returns = Primitives.of(method.getReturnType());
    if (returns == null) {
      throw problem(tree, Message.EXPRESSION, ownerName + "." + name, "it does not return a number");
    }
    boolean doubleSignature = returns == Primitive.DOUBLE
        && method.getParameters().stream().allMatch(p -> Primitives.of(p.asType()) == Primitive.DOUBLE);
    if (doubleSignature && DerivativeTable.lookup(name, args.size()).isPresent()) {
      return new Expr.MathCall(ownerName, name, args, Primitive.DOUBLE);
    }
    TypeRef ownerRef = TypeRefs.of(owner, elements);
    boolean zeroDerivative = DerivativeTable.isPiecewiseConstant(name) || returns != Primitive.DOUBLE;
    return new Expr.PrimalCall(ownerRef, name, args, returns, zeroDerivative, new TreeOrigin(tree, reading.unit()));
  }

  private Expr numeric(ExpressionTree tree) {
    Expr e = read(tree);
    if (!isNumeric(e)) {
      throw problem(tree, Message.EXPRESSION, NameResolver.describe(tree) + " as a number", "it is a boolean");
    }
    return e;
  }

  private Expr bool(ExpressionTree tree) {
    Expr e = read(tree);
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
