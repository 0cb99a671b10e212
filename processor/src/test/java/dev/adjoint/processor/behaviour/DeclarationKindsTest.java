package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import org.junit.jupiter.api.Test;

/**
 * Static methods of interfaces, enums and records, top-level or nested, are differentiated like
 * those of classes. (Instance, private, generic methods and methods of inner, local and anonymous
 * classes are errors: {@code diagnostics.DiagnosticsTest}.)
 */
class DeclarationKindsTest {
  static final String SHAPES = """
      package p;

      import dev.adjoint.Differentiable;

      interface Shapes {
        @Differentiable static double area(double r) { return Math.PI * r * r; }

        enum Kind {
          SQUARE;
          @Differentiable static double side(double a) { return a * a * Math.sin(a); }
        }

        record Pair(double a, double b) {
          @Differentiable static double dot(double a, double b) { return a * b + Shapes.area(a); }
        }

        class Nested {
          @Differentiable static double twice(double x) { return Kind.side(x) * 2; }
        }
      }
      """;

  static final String UNITS = """
      package p;

      import dev.adjoint.Differentiable;

      enum Units {
        METRE;
        @Differentiable static double scale(double x) { return 3 * x * x; }
      }
      """;

  static final String POINT = """
      package p;

      import dev.adjoint.Differentiable;

      record Point(double x, double y) {
        @Differentiable static double norm(double x, double y) { return Math.hypot(x, y) + Units.scale(x); }
      }
      """;

  private static Compiled unit() {
    return AdjointCompiler.compile(AdjointCompiler.source("p.Shapes", SHAPES),
        AdjointCompiler.source("p.Units", UNITS), AdjointCompiler.source("p.Point", POINT));
  }

  @Test
  void staticMethodsOfAnInterfaceAndItsNestedTypes() {
    unit().method("p.Shapes", "area").at(1.5).hasGradient(2 * Math.PI * 1.5);
    double a = 0.8;
    unit().method("p.Shapes$Kind", "side").at(a).hasGradient(2 * a * Math.sin(a) + a * a * Math.cos(a));
    unit().method("p.Shapes$Pair", "dot").at(a, -2.0).hasGradient(-2.0 + 2 * Math.PI * a, a);
    unit().method("p.Shapes$Nested", "twice").at(a).hasGradient(2 * (2 * a * Math.sin(a) + a * a * Math.cos(a)));
  }

  @Test
  void staticMethodsOfTopLevelEnumsAndRecords() {
    unit().method("p.Units", "scale").at(1.25).hasGradient(6 * 1.25);
    double x = 0.6;
    double y = -0.8;
    unit().method("p.Point", "norm").at(x, y).hasGradient(x / Math.hypot(x, y) + 6 * x, y / Math.hypot(x, y));
  }
}
