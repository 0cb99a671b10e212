package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A record returned by a helper, carried as a new {@code double[]} of its components: the IR's
 * multi-valued result. The helper returns that array where its source returns {@code new
 * Point(x, y)}, and its caller reads the components back out of it, so the machinery of helpers
 * returning arrays (a fresh array per call, its adjoint array, split and joint calls) carries the
 * record's derivative unchanged.
 *
 * <p>Layout: the number and boolean components first, in order, each in one element (doubles and
 * floats as they are, ints widened, booleans as 1 or 0, longs as their 64 bits: every one exactly);
 * then each array component, in order, as its length followed by its elements, held so too. The
 * copy of an array component is the same as the array only because the helper allocated it and
 * nothing else holds it (the front end checks that), so the caller's copy is as unshared as the
 * original; the copies are loops in the IR, which the derivative passes read like the user's own.
 */
final class RecordResults {
  static final ArrayType CARRIER = new ArrayType(Primitive.DOUBLE, 1);
  private static final TypeRef DOUBLE_CLASS = new TypeRef("java.lang", List.of("Double"));

  private RecordResults() {}

  /** The record {@code method} returns, if it is a helper (not {@code @Differentiable}) returning one; else null. */
  static TypeElement returnedRecord(ExecutableElement method) {
    return CalleeResolver.hasAnnotation(method, CalleeResolver.DIFFERENTIABLE) ? null
        : Records.recordType(method.getReturnType());
  }

  /** How the IR describes {@code record}, whose components are all carried, as a method's result. */
  static dev.adjoint.processor.ir.RecordResult describe(TypeElement record, List<Records.Component> components,
      javax.lang.model.util.Elements elements) {
    return new dev.adjoint.processor.ir.RecordResult(TypeRefs.of(record, elements),
        components.stream().map(Records.Component::name).toList(),
        components.stream().map(Records.Component::type).toList());
  }

  /** The first component the carrier cannot hold (an array of arrays), or null if all fit. */
  static Records.Component uncarried(List<Records.Component> components) {
    return components.stream()
        .filter(c -> c.type() instanceof ArrayType a && a.dims() > 1)
        .findFirst().orElse(null);
  }

  /**
   * The statements building the carrier of {@code values}, the components' values in order, into
   * {@code out}; returns the variable holding it. Array values must be arrays nothing else holds.
   */
  static Var pack(List<Records.Component> components, List<Expr> values, Scope scope, Supplier<String> loopIds,
      List<Stmt> out) {
    Var result = scope.temporary("result", CARRIER);
    List<Expr> scalars = new ArrayList<>();
    Expr size = null;
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i).type() instanceof Primitive kind) {
        scalars.add(toDouble(kind, values.get(i)));
      } else {
        size = plus(size, plus(Expr.Constant.ofInt(1), new Expr.Length(values.get(i))));
      }
    }
    if (size == null) {
      out.add(new Stmt.Declare(result, new Expr.ArrayLiteral(CARRIER, scalars), ""));
      return result;
    }
    Expr array = new Expr.Read(result);
    out.add(new Stmt.Declare(result,
        new Expr.NewArray(CARRIER, List.of(plus(Expr.Constant.ofInt(scalars.size()), size))), ""));
    for (int k = 0; k < scalars.size(); k++) {
      out.add(new Stmt.ArrayStore(array, Expr.Constant.ofInt(k), null, scalars.get(k), ""));
    }
    Expr at = Expr.Constant.ofInt(scalars.size());
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i).type() instanceof ArrayType type) {
        Expr from = values.get(i);
        out.add(new Stmt.ArrayStore(array, at, null, new Expr.Cast(Primitive.DOUBLE, new Expr.Length(from)), ""));
        Expr start = plus(at, Expr.Constant.ofInt(1));
        new ArrayOperations(scope, loopIds).counted(new Expr.Length(from), "", out, index -> new Stmt.ArrayStore(array,
            plus(start, index), null, toDouble(type.element(), new Expr.ArrayRead(from, index, type.element())), ""));
        at = plus(start, new Expr.Length(from));
      }
    }
    return result;
  }

  /**
   * The components of the record in {@code carrier}, in order: numbers and booleans as reads of it,
   * arrays as new arrays the statements added to {@code out} copy out of it.
   */
  static List<Expr> unpack(List<Records.Component> components, Expr carrier, Scope scope, Supplier<String> loopIds,
      List<Stmt> out) {
    List<Expr> values = new ArrayList<>();
    int scalars = 0;
    for (Records.Component c : components) {
      if (c.type() instanceof Primitive kind) {
        values.add(fromDouble(kind, new Expr.ArrayRead(carrier, Expr.Constant.ofInt(scalars++), Primitive.DOUBLE)));
      } else {
        values.add(null);
      }
    }
    Expr at = Expr.Constant.ofInt(scalars);
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i).type() instanceof ArrayType type) {
        Var array = scope.newArray(components.get(i).name(), type);
        Expr length = new Expr.Cast(Primitive.INT, new Expr.ArrayRead(carrier, at, Primitive.DOUBLE));
        out.add(new Stmt.Declare(array, new Expr.NewArray(type, List.of(length)), ""));
        Expr start = plus(at, Expr.Constant.ofInt(1));
        Expr read = new Expr.Read(array);
        new ArrayOperations(scope, loopIds).counted(new Expr.Length(read), "", out, index -> new Stmt.ArrayStore(read, index, null,
            fromDouble(type.element(), new Expr.ArrayRead(carrier, plus(start, index), Primitive.DOUBLE)), ""));
        values.set(i, read);
        at = plus(start, new Expr.Length(read));
      }
    }
    return values;
  }

  /** {@code a + b} on ints; a null {@code a} is nothing yet. */
  private static Expr plus(Expr a, Expr b) {
    return a == null ? b : ArrayOperations.plus(a, b);
  }

  /** {@code value}, of kind {@code kind}, as an element of the carrier. */
  private static Expr toDouble(Primitive kind, Expr value) {
    return switch (kind) {
      case DOUBLE -> value;
      case INT -> new Expr.Cast(Primitive.DOUBLE, value);
      case BOOLEAN -> new Expr.Conditional(value, Expr.Constant.ofDouble(1), Expr.Constant.ofDouble(0),
          Primitive.DOUBLE);
      case LONG -> new Expr.PrimalCall(DOUBLE_CLASS, "longBitsToDouble", List.of(value), Primitive.DOUBLE, true, null);
    };
  }

  /** The carrier's {@code element} as a value of kind {@code kind}. */
  private static Expr fromDouble(Primitive kind, Expr element) {
    return switch (kind) {
      case DOUBLE -> element;
      case INT -> new Expr.Cast(Primitive.INT, element);
      case BOOLEAN -> new Expr.Binary(BinaryOp.NE, element, Expr.Constant.ofDouble(0), Primitive.BOOLEAN);
      case LONG -> new Expr.PrimalCall(DOUBLE_CLASS, "doubleToRawLongBits", List.of(element), Primitive.LONG, true,
          null);
    };
  }
}
