package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The helper methods (without {@code @Differentiable}) of one batch, by calling convention, so
 * the generator knows how each may be called. The processor differentiates them implicitly.
 */
final class Library {
  final List<Method> methods = new ArrayList<>();
  /** {@code double f(double)}: sq, soft. */
  final List<String> unary = new ArrayList<>();
  /** {@code double h(double x, double y)}, generated; may call earlier helpers. */
  final List<String> binary = new ArrayList<>();
  /** {@code double g(double[] x, double p)}: reads x only. */
  final List<String> readers = new ArrayList<>();
  /** {@code void w(double[] y, double p)}: writes y (directly, through an alias, via a call). */
  final List<String> writers = new ArrayList<>();
  /** {@code double[] r(double[] x, double p)}: a new array of x's length. */
  final List<String> makers = new ArrayList<>();
  /** {@code double vnorm(double... xs)}: called with one to three trailing arguments. */
  final List<String> varargs = new ArrayList<>();
  /** {@code double rec(double x, int depth)}. */
  final List<String> recursive = new ArrayList<>();
  /** {@code int ih(double[] x, double[] out)}: writes out, returns a count in [0, length]. */
  final List<String> intHelpers = new ArrayList<>();
  /** {@code boolean bh(double[] x, double[] out, double t)}: writes out. */
  final List<String> boolHelpers = new ArrayList<>();
  /**
   * {@code double own(double x, double y)}: instance methods reading the fields, called only from
   * instance methods; the second is annotated and may call the first.
   */
  final List<String> instanceHelpers = new ArrayList<>();
  /** {@code P2 turn(P2 p, double t)}: p turned by the angle t, a record returned by a helper. */
  boolean turn;
  /** Whether {@code float fsc(float z, float k)} exists: floats passed to and returned by a helper. */
  boolean floatHelper;
  /** Whether {@code float fsum(float[] a, float s)} and {@code void fscale(float[] a, float k)} exist. */
  boolean floatArrayHelpers;
  /** {@code void axpy(double a, double[] x, double[] y)}. */
  boolean axpy;
  /** {@code void matVec(double[][] w, double[] x, double[] out)}, out.length rows. */
  boolean matVec;

  Method find(String name) {
    for (Method m : methods) {
      if (m.name.equals(name)) {
        return m;
      }
    }
    return null;
  }
}
