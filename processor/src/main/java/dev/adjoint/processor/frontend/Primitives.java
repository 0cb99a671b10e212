package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Primitive;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Maps javac's view of primitive types onto the IR's. */
final class Primitives {
  private Primitives() {}

  /** The IR primitive for a javac type, or null for one Adjoint does not support. */
  static Primitive of(TypeKind kind) {
    return switch (kind) {
      case DOUBLE -> Primitive.DOUBLE;
      case INT -> Primitive.INT;
      case LONG -> Primitive.LONG;
      case BOOLEAN -> Primitive.BOOLEAN;
      default -> null;
    };
  }

  static Primitive of(TypeMirror type) {
    return of(type.getKind());
  }

  /** As {@link #of}, with a {@code float} carried in a double (see {@link Floats}). */
  static Primitive carried(TypeMirror type) {
    return type.getKind() == TypeKind.FLOAT ? Primitive.DOUBLE : of(type.getKind());
  }

  /** As {@link #typeOf}, with a {@code float} carried in a double (see {@link Floats}). */
  static dev.adjoint.processor.ir.Type carriedTypeOf(TypeMirror type) {
    return type.getKind() == TypeKind.FLOAT ? Primitive.DOUBLE : typeOf(type);
  }

  /** The IR type of a javac type: a supported primitive or array of one, else null. */
  static dev.adjoint.processor.ir.Type typeOf(TypeMirror type) {
    if (type instanceof javax.lang.model.type.ArrayType array) {
      int dims = 1;
      TypeMirror element = array.getComponentType();
      while (element instanceof javax.lang.model.type.ArrayType inner) {
        dims++;
        element = inner.getComponentType();
      }
      if (element.getKind() == TypeKind.FLOAT) {
        // Carried as an array of doubles (see ArrayType#floats and Floats).
        return dims > 2 ? null : new dev.adjoint.processor.ir.ArrayType(Primitive.DOUBLE, dims, true);
      }
      Primitive p = of(element.getKind());
      return p == null || dims > 2 ? null : new dev.adjoint.processor.ir.ArrayType(p, dims);
    }
    return of(type.getKind());
  }

  /**
   * The array type a type tree such as {@code double[][]} spells, with {@code extraDims} more
   * dimensions (for {@code new double[n][m]}, whose dimensions are not in the type tree); null
   * unless it is an array of a supported primitive with one or two dimensions.
   */
  static dev.adjoint.processor.ir.ArrayType arrayType(com.sun.source.tree.Tree tree, int extraDims) {
    int dims = extraDims;
    com.sun.source.tree.Tree element = tree;
    while (element instanceof com.sun.source.tree.ArrayTypeTree inner) {
      dims++;
      element = inner.getType();
    }
    if (element instanceof com.sun.source.tree.PrimitiveTypeTree primitive && dims >= 1 && dims <= 2) {
      if (primitive.getPrimitiveTypeKind() == TypeKind.FLOAT) {
        return new dev.adjoint.processor.ir.ArrayType(Primitive.DOUBLE, dims, true);
      }
      Primitive p = of(primitive.getPrimitiveTypeKind());
      return p == null ? null : new dev.adjoint.processor.ir.ArrayType(p, dims);
    }
    return null;
  }

  /** Whether an argument of type {@code from} can be passed for a parameter of type {@code to}. */
  static boolean assignable(dev.adjoint.processor.ir.Type from, dev.adjoint.processor.ir.Type to) {
    if (from instanceof Primitive f && to instanceof Primitive t) {
      return widensTo(f, t);
    }
    return from != null && from.equals(to);
  }

  /** Whether a value of type {@code from} converts to {@code to} by identity or widening. */
  static boolean widensTo(Primitive from, Primitive to) {
    if (from == to) {
      return true;
    }
    if (from == Primitive.BOOLEAN || to == Primitive.BOOLEAN) {
      return false;
    }
    return rank(from) < rank(to);
  }

  private static int rank(Primitive p) {
    return switch (p) {
      case INT -> 0;
      case LONG -> 1;
      case DOUBLE -> 2;
      case BOOLEAN -> -1;
    };
  }
}
