package dev.adjoint.processor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code @Differentiable} method at one argument tuple. Every assertion collects all of its
 * mismatches and reports them together, naming the method, the point and the parameter.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * m.at(0.3, 2).hasGradient(Math.cos(0.3) * 2);   // closed form + central differences + VJP
 * m.at(0.0).hasExactGradient(0.0);                // convention at a non-differentiable point
 * m.at(1.5, -2.0).matchesCentralDifferences();    // no closed form
 * }</pre>
 */
public final class Point {

  private static final double SEED = 1.75;
  private static final double OTHER_SEED = -0.625;

  private final DiffMethod method;
  private final Object[] args;
  private Object record;

  Point(DiffMethod method, Object[] args) {
    this.method = method;
    this.args = args;
  }

  @Override
  public String toString() {
    return method + Arrays.toString(args).replace('[', '(').replace(']', ')');
  }

  // ---------------------------------------------------------------- raw access

  /** The original method's return value. */
  public double primal() {
    return (Double) DiffMethod.invoke(method.original(), args);
  }

  /** The generated gradient record (computed once). */
  public synchronized Object gradientRecord() {
    if (record == null) {
      record = DiffMethod.invoke(method.gradientMethod(), args);
      if (record == null) {
        fail(method.gradientMethod() + " returned null at " + this);
      }
    }
    return record;
  }

  /** A component of the gradient record, by name. */
  public double component(String name) {
    Object r = gradientRecord();
    RecordComponent[] components = r.getClass().getRecordComponents();
    if (components == null) {
      fail(r.getClass() + " is not a record");
    }
    for (RecordComponent c : components) {
      if (c.getName().equals(name)) {
        try {
          Method accessor = c.getAccessor();
          accessor.setAccessible(true);
          return (Double) accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError(
        "No component '"
            + name
            + "' in "
            + r.getClass().getName()
            + ", components: "
            + Arrays.toString(components));
  }

  /** The {@code value} component. */
  public double value() {
    return component("value");
  }

  /** The partial derivative component for an active parameter. */
  public double partial(String parameter) {
    return component(parameter);
  }

  /** Partials of the active parameters in declaration order. */
  public double[] partials() {
    List<String> names = method.activeNames();
    double[] out = new double[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = partial(names.get(i));
    }
    return out;
  }

  /** Central-difference estimates of the primal for each active parameter. */
  public Numeric.Estimate[] centralDifferences() {
    int[] idx = method.activeIndices();
    Numeric.Estimate[] out = new Numeric.Estimate[idx.length];
    for (int k = 0; k < idx.length; k++) {
      int i = idx[k];
      double x = (Double) args[i];
      out[k] =
          Numeric.centralDifference(
              v -> {
                Object[] moved = args.clone();
                moved[i] = v;
                return (Double) DiffMethod.invoke(method.original(), moved);
              },
              x);
    }
    return out;
  }

  // ---------------------------------------------------------------- assertions

  /** The value component equals the original method's return value exactly. */
  public Point valueMatchesPrimal() {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    report(problems);
    return this;
  }

  /** The value component is (close to) {@code expected}, and equals the primal exactly. */
  public Point hasValue(double expected) {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    double v = value();
    if (!Numeric.close(expected, v, Numeric.CLOSED_FORM_TOLERANCE)) {
      problems.add("value: expected " + expected + " (closed form) but was " + v);
    }
    report(problems);
    return this;
  }

  /** Value exact, partials match central differences, VJP consistent. */
  public Point matchesCentralDifferences() {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    checkCentralDifferences(problems);
    checkVjp(problems);
    report(problems);
    return this;
  }

  /**
   * Value exact; partials (active parameters, declaration order) match the closed forms {@code
   * expected} written in the test AND central differences of the original method; VJP consistent.
   */
  public Point hasGradient(double... expected) {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    checkClosedForm(expected, Numeric.CLOSED_FORM_TOLERANCE, problems);
    checkCentralDifferences(problems);
    checkVjp(problems);
    report(problems);
    return this;
  }

  /**
   * Like {@link #hasGradient} but without central differences: for points where the function is
   * not differentiable, or the difference quotient is meaningless (infinite slopes, branch cuts).
   */
  public Point hasClosedFormGradient(double... expected) {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    checkClosedForm(expected, Numeric.CLOSED_FORM_TOLERANCE, problems);
    checkVjp(problems);
    report(problems);
    return this;
  }

  /**
   * Value exact; partials equal {@code expected} exactly (0.0 and -0.0 are equal, infinities must
   * match); VJP consistent. For conventions at non-differentiable points.
   */
  public Point hasExactGradient(double... expected) {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    checkClosedForm(expected, 0.0, problems);
    checkVjp(problems);
    report(problems);
    return this;
  }

  /**
   * Value exact and one partial exactly {@code expected} (the others are not checked, e.g. where
   * they are undefined).
   */
  public Point partialIs(String parameter, double expected) {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    double actual = partial(parameter);
    if (!Numeric.same(expected, actual)) {
      problems.add("d/d" + parameter + ": expected exactly " + expected + " but was " + actual);
    }
    report(problems);
    return this;
  }

  /** Only the VJP entry point (and value) checks. */
  public Point vjpIsConsistent() {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    checkVjp(problems);
    report(problems);
    return this;
  }

  // ---------------------------------------------------------------- checks

  private void checkValue(List<String> problems) {
    double p = primal();
    double v = value();
    if (!Numeric.same(p, v)) {
      problems.add("value component " + v + " != original method's result " + p);
    }
  }

  private void checkClosedForm(double[] expected, double tol, List<String> problems) {
    List<String> names = method.activeNames();
    if (expected.length != names.size()) {
      fail(
          "test bug: "
              + expected.length
              + " expected partials for active parameters "
              + names);
    }
    for (int i = 0; i < expected.length; i++) {
      double actual = partial(names.get(i));
      boolean ok =
          tol == 0.0
              ? Numeric.same(expected[i], actual)
              : Numeric.close(expected[i], actual, tol);
      if (!ok) {
        problems.add(
            "d/d" + names.get(i) + ": expected " + expected[i] + " (closed form) but was " + actual);
      }
    }
  }

  private void checkCentralDifferences(List<String> problems) {
    List<String> names = method.activeNames();
    Numeric.Estimate[] cd = centralDifferences();
    for (int i = 0; i < cd.length; i++) {
      double actual = partial(names.get(i));
      double est = cd[i].derivative();
      double tol =
          Numeric.CENTRAL_DIFFERENCE_TOLERANCE
                  * Math.max(1.0, Math.max(Math.abs(est), Math.abs(actual)))
              + cd[i].noise();
      boolean ok =
          Double.isFinite(est) && Double.isFinite(actual) && Math.abs(est - actual) <= tol;
      if (!ok) {
        problems.add(
            "d/d"
                + names.get(i)
                + ": central difference "
                + est
                + " but was "
                + actual
                + " (tolerance "
                + tol
                + ")");
      }
    }
  }

  /**
   * Fresh adjoint is zero; two calls with seed s accumulate 2*s*partial and return the value; reset
   * zeroes; a call with another seed on a pre-filled adjoint adds to it.
   */
  private void checkVjp(List<String> problems) {
    Class<?> adjClass = method.adjointClass();
    Method vjp = method.vjpMethod();
    List<String> names = method.activeNames();
    double[] partials = partials();
    double primal = primal();
    Object adjoint;
    Field[] fields = new Field[names.size()];
    Method reset;
    try {
      adjoint = adjClass.getConstructor().newInstance();
      for (int i = 0; i < fields.length; i++) {
        fields[i] = adjClass.getField(names.get(i));
      }
      reset = adjClass.getMethod("reset");
    } catch (ReflectiveOperationException e) {
      problems.add("adjoint class " + adjClass.getName() + " unusable: " + e);
      return;
    }
    for (int i = 0; i < fields.length; i++) {
      double f = get(fields[i], adjoint);
      if (f != 0.0) {
        problems.add("fresh " + adjClass.getSimpleName() + "." + names.get(i) + " is " + f);
      }
    }
    Object[] vjpArgs = Arrays.copyOf(args, args.length + 2);
    vjpArgs[args.length] = SEED;
    vjpArgs[args.length + 1] = adjoint;
    for (int call = 1; call <= 2; call++) {
      double r = (Double) DiffMethod.invoke(vjp, vjpArgs);
      if (!Numeric.same(primal, r)) {
        problems.add("vjp call " + call + " returned " + r + ", original method returns " + primal);
      }
      for (int i = 0; i < fields.length; i++) {
        double expected = call * (SEED * partials[i]);
        double actual = get(fields[i], adjoint);
        if (!Numeric.close(expected, actual, Numeric.VJP_TOLERANCE)) {
          problems.add(
              "after vjp call "
                  + call
                  + " with seed "
                  + SEED
                  + ": adjoint."
                  + names.get(i)
                  + " expected "
                  + call
                  + "*seed*partial = "
                  + expected
                  + " but was "
                  + actual);
        }
      }
    }
    try {
      reset.invoke(adjoint);
    } catch (ReflectiveOperationException e) {
      problems.add("reset() failed: " + e);
      return;
    }
    for (int i = 0; i < fields.length; i++) {
      double f = get(fields[i], adjoint);
      if (f != 0.0) {
        problems.add("after reset(), adjoint." + names.get(i) + " is " + f);
      }
    }
    // Pre-filled adjoint, other seed: must add, not overwrite.
    for (int i = 0; i < fields.length; i++) {
      set(fields[i], adjoint, 10.0 + i);
    }
    vjpArgs[args.length] = OTHER_SEED;
    DiffMethod.invoke(vjp, vjpArgs);
    for (int i = 0; i < fields.length; i++) {
      double expected = 10.0 + i + OTHER_SEED * partials[i];
      double actual = get(fields[i], adjoint);
      if (!Numeric.close(expected, actual, Numeric.VJP_TOLERANCE)) {
        problems.add(
            "adjoint."
                + names.get(i)
                + " pre-filled with "
                + (10.0 + i)
                + ", vjp with seed "
                + OTHER_SEED
                + ": expected "
                + expected
                + " but was "
                + actual);
      }
    }
  }

  private static double get(Field f, Object o) {
    try {
      return f.getDouble(o);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static void set(Field f, Object o, double v) {
    try {
      f.setDouble(o, v);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private void report(List<String> problems) {
    if (!problems.isEmpty()) {
      fail(this + ":\n  " + String.join("\n  ", problems));
    }
  }
}
