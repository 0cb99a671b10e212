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
      case INT, SHORT, BYTE, CHAR -> kind == TypeKind.INT ? Primitive.INT : null;
      case LONG -> Primitive.LONG;
      case BOOLEAN -> Primitive.BOOLEAN;
      default -> null;
    };
  }

  static Primitive of(TypeMirror type) {
    return of(type.getKind());
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
