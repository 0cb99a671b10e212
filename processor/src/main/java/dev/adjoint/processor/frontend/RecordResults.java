package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.TypeRef;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A record returned by a helper, carried as a new {@code double[]} of its components: the IR's
 * multi-valued result. The helper returns {@code new double[] {x, y}} where its source returns
 * {@code new Point(x, y)}, and its caller reads the components back out of that array, so the
 * machinery of helpers returning arrays (a fresh array per call, its adjoint array, split and
 * joint calls) carries the record's derivative unchanged. Every component a double holds exactly
 * goes so: doubles and floats as they are, ints widened, booleans as 1 or 0, longs as their 64
 * bits; array components do not fit in one array of doubles.
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
        components.stream().map(c -> (Primitive) c.type()).toList());
  }

  /** The first component that cannot be carried in a double, or null if all can. */
  static Records.Component uncarried(List<Records.Component> components) {
    return components.stream().filter(c -> !(c.type() instanceof Primitive)).findFirst().orElse(null);
  }

  /** {@code value}, of {@code component}, as the element of the carrier array. */
  static Expr pack(Records.Component component, Expr value) {
    return switch ((Primitive) component.type()) {
      case DOUBLE -> value;
      case INT -> new Expr.Cast(Primitive.DOUBLE, value);
      case BOOLEAN -> new Expr.Conditional(value, Expr.Constant.ofDouble(1), Expr.Constant.ofDouble(0),
          Primitive.DOUBLE);
      case LONG -> new Expr.PrimalCall(DOUBLE_CLASS, "longBitsToDouble", List.of(value), Primitive.DOUBLE, true, null);
    };
  }

  /** The component at {@code index} of the carrier array {@code array}, as its own type. */
  static Expr unpack(Records.Component component, Expr array, int index) {
    Expr element = new Expr.ArrayRead(array, Expr.Constant.ofInt(index), Primitive.DOUBLE);
    return switch ((Primitive) component.type()) {
      case DOUBLE -> element;
      case INT -> new Expr.Cast(Primitive.INT, element);
      case BOOLEAN -> new Expr.Binary(BinaryOp.NE, element, Expr.Constant.ofDouble(0), Primitive.BOOLEAN);
      case LONG -> new Expr.PrimalCall(DOUBLE_CLASS, "doubleToRawLongBits", List.of(element), Primitive.LONG, true,
          null);
    };
  }
}
