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
 * m.at(new double[] {1, 2}, 0.5).hasArrayGradient(new double[] {0.5, 1}, 3.0);  // arrays
 * }</pre>
 *
 * <p>Array parameters ({@code double[]}, {@code double[][]}): the point holds private deep copies
 * of the arguments, and every call of the original method, of {@code m(...)} and of {@code
 * mVjp(...)} gets a fresh deep copy, so a method that writes into its arguments cannot disturb the
 * other checks. The gradient component of an array parameter is an array of the argument's shape;
 * central differences perturb each element of a copy in turn. Every check that calls the
 * generated code also checks that it left the arrays it was given unchanged.
 */
public final class Point {

  private static final double SEED = 1.75;
  private static final double OTHER_SEED = -0.625;

  private final DiffMethod method;
  private final Object[] args;
  private Object record;
  /** Changes the gradient entry point made to its array arguments, found by gradientRecord(). */
  private final List<String> gradientSideEffects = new ArrayList<>();

  Point(DiffMethod method, Object[] args) {
    this.method = method;
    this.args = args;
  }

  @Override
  public String toString() {
    return method + ArrayValues.describeArguments(args);
  }

  /** A deep copy of the arguments of this point. */
  public Object[] arguments() {
    return ArrayValues.deepCopyAll(args);
  }

  // ---------------------------------------------------------------- raw access

  /** The original method's return value (called on a copy of the arguments). */
  public double primal() {
    return (Double) DiffMethod.invoke(method.original(), arguments());
  }

  /** The generated gradient record (computed once, on a copy of the arguments). */
  public synchronized Object gradientRecord() {
    if (record == null) {
      Object[] passed = arguments();
      record = DiffMethod.invoke(method.gradientMethod(), passed);
      if (record == null) {
        fail(method.gradientMethod() + " returned null at " + this);
      }
      checkUnchanged(passed, method.gradientMethod().getName() + "(...)", gradientSideEffects);
    }
    return record;
  }

  /** A component of the gradient record, by name, as stored (Double, double[] or double[][]). */
  public Object componentValue(String name) {
    Object r = gradientRecord();
    RecordComponent[] components = r.getClass().getRecordComponents();
    if (components == null) {
      // Below source level 16 the gradient is a final class with a record's accessors.
      try {
        Method accessor = r.getClass().getMethod(name);
        accessor.setAccessible(true);
        return accessor.invoke(r);
      } catch (NoSuchMethodException e) {
        throw new AssertionError("No accessor '" + name + "()' in " + r.getClass().getName());
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new AssertionError(e);
      }
    }
    for (RecordComponent c : components) {
      if (c.getName().equals(name)) {
        try {
          Method accessor = c.getAccessor();
          accessor.setAccessible(true);
          return accessor.invoke(r);
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

  /** A {@code double} component of the gradient record, by name. */
  public double component(String name) {
    Object v = componentValue(name);
    if (!(v instanceof Double d)) {
      throw new AssertionError(
          "component '"
              + name
              + "' is "
              + ArrayValues.shape(v)
              + ", not double; use partialVector/partialMatrix/componentValue");
    }
    return d;
  }

  /** The {@code value} component. */
  public double value() {
    return component("value");
  }

  /** The partial derivative component for an active {@code double} parameter. */
  public double partial(String parameter) {
    return component(parameter);
  }

  /** The gradient component for an active {@code double[]} parameter. */
  public double[] partialVector(String parameter) {
    Object v = componentValue(parameter);
    if (!(v instanceof double[] a)) {
      throw new AssertionError(
          "component '" + parameter + "' is " + ArrayValues.shape(v) + ", not double[]");
    }
    return a;
  }

  /** The gradient component for an active {@code double[][]} parameter. */
  public double[][] partialMatrix(String parameter) {
    Object v = componentValue(parameter);
    if (!(v instanceof double[][] a)) {
      throw new AssertionError(
          "component '" + parameter + "' is " + ArrayValues.shape(v) + ", not double[][]");
    }
    return a;
  }

  /**
   * This point's partials equal {@code other}'s (the same method compiled another way, with an
   * optimisation off) to {@code tolerance}, relative, element by element.
   */
  public Point hasPartialsOf(Point other, double tolerance) {
    double[] a = partials();
    double[] b = other.partials();
    if (a.length != b.length) {
      throw new AssertionError(this + ": " + a.length + " partials against " + b.length);
    }
    for (int i = 0; i < a.length; i++) {
      if (!Numeric.close(b[i], a[i], tolerance)) {
        throw new AssertionError(this + ": partial " + i + " is " + a[i] + ", the other way " + b[i]);
      }
    }
    return this;
  }

  /**
   * Partials of the active parameters in declaration order; an array parameter contributes its
   * elements in row-major order (see {@link ArrayValues}).
   */
  public double[] partials() {
    List<Entry> entries = entries();
    double[] out = new double[entries.size()];
    for (int e = 0; e < out.length; e++) {
      Entry en = entries.get(e);
      Object c = componentValue(en.name());
      out[e] = ArrayValues.element(c, en.flat());
    }
    return out;
  }

  /**
   * Central-difference estimates of the primal for each active parameter, an array parameter
   * element by element (row-major), each on a copy of the arguments.
   */
  public Numeric.Estimate[] centralDifferences() {
    List<Entry> entries = entries();
    Numeric.Estimate[] out = new Numeric.Estimate[entries.size()];
    for (int e = 0; e < out.length; e++) {
      Entry en = entries.get(e);
      double x = ArrayValues.element(args[en.argument()], en.flat());
      out[e] =
          Numeric.centralDifference(
              v -> {
                Object[] moved = arguments();
                moved[en.argument()] =
                    ArrayValues.withElement(moved[en.argument()], en.flat(), v);
                return (Double) DiffMethod.invoke(method.original(), moved);
              },
              x);
    }
    return out;
  }

  /**
   * One scalar the gradient has a partial for: parameter {@code name} (argument index {@code
   * argument}), element {@code flat} of it; {@code label} is e.g. "b", "w[2]" or "m[1][0]".
   */
  private record Entry(String name, int argument, int flat, String label) {}

  private List<Entry> entries() {
    List<String> names = method.activeNames();
    int[] idx = method.activeIndices();
    List<Entry> out = new ArrayList<>();
    for (int k = 0; k < idx.length; k++) {
      Object a = args[idx[k]];
      for (int flat = 0; flat < ArrayValues.size(a); flat++) {
        out.add(new Entry(names.get(k), idx[k], flat, names.get(k) + ArrayValues.index(a, flat)));
      }
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
    checkShapes(problems);
    checkCentralDifferences(problems);
    checkVjp(problems);
    checkJvp(problems);
    if (shapesOk()) {
      new SecondOrder(method, args).check(true, problems);
    }
    report(problems);
    return this;
  }

  /**
   * Value exact; partials (active parameters, declaration order) match the closed forms {@code
   * expected} written in the test AND central differences of the original method; VJP consistent.
   * For methods whose active parameters are all {@code double}; see {@link #hasArrayGradient}.
   */
  public Point hasGradient(double... expected) {
    return hasArrayGradient(boxed(expected));
  }

  /**
   * {@link #hasGradient} for methods with array parameters: one expected value per active
   * parameter, in declaration order: a number for a {@code double} parameter, a {@code double[]}
   * or {@code double[][]} of the argument's shape for an array parameter. Also checks that neither
   * {@code m(...)} nor {@code mVjp(...)} changes the arrays they are given.
   */
  public Point hasArrayGradient(Object first, Object... rest) {
    return hasArrayGradient(prepend(first, rest));
  }

  private Point hasArrayGradient(Object[] expected) {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    checkShapes(problems);
    checkClosedForm(expected, Numeric.CLOSED_FORM_TOLERANCE, problems);
    checkCentralDifferences(problems);
    checkVjp(problems);
    checkJvp(problems);
    if (shapesOk()) {
      new SecondOrder(method, args).check(true, problems);
    }
    report(problems);
    return this;
  }

  /**
   * Like {@link #hasGradient} but without central differences: for points where the function is
   * not differentiable, or the difference quotient is meaningless (infinite slopes, branch cuts).
   */
  public Point hasClosedFormGradient(double... expected) {
    return hasClosedFormArrayGradient(boxed(expected));
  }

  /** {@link #hasClosedFormGradient} with array components, as in {@link #hasArrayGradient}. */
  public Point hasClosedFormArrayGradient(Object first, Object... rest) {
    return hasClosedFormArrayGradient(prepend(first, rest));
  }

  private Point hasClosedFormArrayGradient(Object[] expected) {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    checkShapes(problems);
    checkClosedForm(expected, Numeric.CLOSED_FORM_TOLERANCE, problems);
    checkVjp(problems);
    checkJvp(problems);
    if (shapesOk()) {
      new SecondOrder(method, args).check(false, problems);
    }
    report(problems);
    return this;
  }

  /**
   * Value exact; partials equal {@code expected} exactly (0.0 and -0.0 are equal, infinities must
   * match); VJP consistent. For conventions at non-differentiable points.
   */
  public Point hasExactGradient(double... expected) {
    return hasExactArrayGradient(boxed(expected));
  }

  /** {@link #hasExactGradient} with array components, as in {@link #hasArrayGradient}. */
  public Point hasExactArrayGradient(Object first, Object... rest) {
    return hasExactArrayGradient(prepend(first, rest));
  }

  private Point hasExactArrayGradient(Object[] expected) {
    List<String> problems = new ArrayList<>();
    checkValue(problems);
    checkShapes(problems);
    checkClosedForm(expected, 0.0, problems);
    checkVjp(problems);
    checkJvp(problems);
    if (shapesOk()) {
      new SecondOrder(method, args).check(false, problems);
    }
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
    checkShapes(problems);
    checkVjp(problems);
    checkJvp(problems);
    if (shapesOk()) {
      new SecondOrder(method, args).check(false, problems);
    }
    report(problems);
    return this;
  }

  /**
   * Neither {@code m(...)} nor {@code mVjp(...)} changes the arrays passed to them (each gets its
   * own deep copy, compared bit for bit with the point's arguments afterwards).
   */
  public Point leavesArgumentsUnchanged() {
    List<String> problems = new ArrayList<>();
    Object[] passed = arguments();
    DiffMethod.invoke(method.gradientMethod(), passed);
    checkUnchanged(passed, method.gradientMethod().getName() + "(...)", problems);
    Object adjoint;
    try {
      adjoint = method.adjointClass().getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    passed = arguments();
    DiffMethod.invoke(method.vjpMethod(), vjpArguments(passed, SEED, adjoint));
    checkUnchanged(passed, method.vjpMethod().getName() + "(...)", problems);
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
    problems.addAll(gradientSideEffects);
  }

  /** Every array the generated code was given still holds the point's arguments. */
  private void checkUnchanged(Object[] passed, String call, List<String> problems) {
    for (int i = 0; i < args.length; i++) {
      if (!ArrayValues.identical(args[i], passed[i])) {
        problems.add(
            call
                + " changed its argument "
                + method.parameterNames().get(i)
                + ": passed "
                + ArrayValues.describe(args[i])
                + ", afterwards "
                + ArrayValues.describe(passed[i]));
      }
    }
  }

  /** Array components have the shape of their argument. */
  private void checkShapes(List<String> problems) {
    List<String> names = method.activeNames();
    int[] idx = method.activeIndices();
    for (int k = 0; k < idx.length; k++) {
      Object arg = args[idx[k]];
      if (!ArrayValues.isDoubleArray(arg)) {
        continue;
      }
      Object c = componentValue(names.get(k));
      if (!ArrayValues.sameShape(arg, c)) {
        problems.add(
            "component "
                + names.get(k)
                + " is "
                + ArrayValues.shape(c)
                + ", the argument is "
                + ArrayValues.shape(arg));
      }
    }
  }

  private boolean shapesOk() {
    List<String> names = method.activeNames();
    int[] idx = method.activeIndices();
    for (int k = 0; k < idx.length; k++) {
      Object arg = args[idx[k]];
      if (ArrayValues.isDoubleArray(arg)
          && !ArrayValues.sameShape(arg, componentValue(names.get(k)))) {
        return false;
      }
    }
    return true;
  }

  private void checkClosedForm(Object[] expected, double tol, List<String> problems) {
    List<String> names = method.activeNames();
    int[] idx = method.activeIndices();
    if (expected.length != names.size()) {
      fail(
          "test bug: "
              + expected.length
              + " expected partials for active parameters "
              + names);
    }
    for (int k = 0; k < expected.length; k++) {
      Object arg = args[idx[k]];
      if (!ArrayValues.sameShape(arg, expected[k])) {
        fail(
            "test bug: expected partial for "
                + names.get(k)
                + " is "
                + ArrayValues.shape(expected[k])
                + ", the argument is "
                + ArrayValues.shape(arg));
      }
    }
    if (!shapesOk()) {
      return; // reported by checkShapes
    }
    List<Entry> entries = entries();
    for (Entry en : entries) {
      int k = names.indexOf(en.name());
      double want = ArrayValues.element(expected[k], en.flat());
      double actual = ArrayValues.element(componentValue(en.name()), en.flat());
      boolean ok = tol == 0.0 ? Numeric.same(want, actual) : Numeric.close(want, actual, tol);
      if (!ok) {
        problems.add(
            "d/d" + en.label() + ": expected " + want + " (closed form) but was " + actual);
      }
    }
  }

  private void checkCentralDifferences(List<String> problems) {
    if (!shapesOk()) {
      return;
    }
    List<Entry> entries = entries();
    Numeric.Estimate[] cd = centralDifferences();
    for (int e = 0; e < cd.length; e++) {
      Entry en = entries.get(e);
      double actual = ArrayValues.element(componentValue(en.name()), en.flat());
      double est = cd[e].derivative();
      double tol =
          Numeric.CENTRAL_DIFFERENCE_TOLERANCE
                  * Math.max(1.0, Math.max(Math.abs(est), Math.abs(actual)))
              + cd[e].noise();
      boolean ok =
          Double.isFinite(est) && Double.isFinite(actual) && Math.abs(est - actual) <= tol;
      if (!ok) {
        problems.add(
            "d/d"
                + en.label()
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

  private Object[] vjpArguments(Object[] passed, double seed, Object adjoint) {
    Object[] vjpArgs = Arrays.copyOf(passed, passed.length + 2);
    vjpArgs[passed.length] = seed;
    vjpArgs[passed.length + 1] = adjoint;
    return vjpArgs;
  }

  /**
   * Fresh adjoint is zero (array fields null or zero); two calls with seed s accumulate
   * 2*s*partial and return the value (array fields allocated with the argument's shape by the
   * first call and added to in place by the second); reset zeroes (arrays stay allocated); a call
   * with another seed on a pre-filled adjoint adds to it. No call changes its array arguments.
   */
  /**
   * Forward against reverse (the dot-product test): {@code mJvp(x, v).tangent()} equals the
   * gradient's dot product with a direction {@code v}, to 1e-12 of the sum of the terms'
   * magnitudes (and, where they cancel to 0, to rounding of the value's size), and its value is
   * the primal's, bit for bit. Skipped for a method without {@code
   * mJvp} (forward mode does not cover some constructs yet; the README lists them).
   */
  private void checkJvp(List<String> problems) {
    Method jvp = method.jvpMethod();
    if (jvp == null || !shapesOk()) {
      return;
    }
    List<String> names = method.activeNames();
    int[] idx = method.activeIndices();
    Object[] passed = arguments();
    Object[] all = Arrays.copyOf(passed, passed.length + idx.length);
    double expected = 0;
    double scale = 0;
    double directionSize = 0;
    for (int k = 0; k < idx.length; k++) {
      Object tangent = direction(args[idx[k]], k);
      all[passed.length + k] = tangent;
      double[] t = ArrayValues.flatten(tangent);
      for (double ti : t) {
        directionSize += Math.abs(ti);
      }
      double[] g = ArrayValues.flatten(componentValue(names.get(k)));
      for (int i = 0; i < t.length; i++) {
        expected += g[i] * t[i];
        scale += Math.abs(g[i] * t[i]);
      }
    }
    Object result = DiffMethod.invoke(jvp, all);
    double value;
    double tangent;
    try {
      value = (double) result.getClass().getMethod("value").invoke(result);
      tangent = (double) result.getClass().getMethod("tangent").invoke(result);
    } catch (ReflectiveOperationException e) {
      problems.add(jvp.getName() + " returned an unusable " + result + ": " + e);
      return;
    }
    if (!Numeric.same(primal(), value)) {
      problems.add(jvp.getName() + " value " + value + " != original method's result " + primal());
    }
    boolean agree = Double.isFinite(expected)
        ? Math.abs(tangent - expected) <= 1e-12 * scale + 1e-14 * (1 + Math.abs(value)) * directionSize
        : Double.compare(tangent, expected) == 0 || (Double.isNaN(expected) || Double.isNaN(tangent));
    if (!agree) {
      problems.add(jvp.getName() + " tangent " + tangent + " != gradient . direction " + expected
          + " (forward and reverse mode disagree; terms sum to " + scale + " in magnitude)");
    }
  }

  /** A fixed direction of the argument's shape, different per parameter and element. */
  private static Object direction(Object arg, int k) {
    if (arg instanceof Double) {
      return 0.75 - 0.35 * k;
    }
    int[] next = {0};
    java.util.function.DoubleSupplier element = () -> Math.sin(1.3 * next[0]++ + 0.7 * k + 0.4);
    if (arg instanceof double[] a) {
      double[] d = new double[a.length];
      Arrays.setAll(d, i -> element.getAsDouble());
      return d;
    }
    double[][] m = (double[][]) arg;
    double[][] d = new double[m.length][];
    for (int r = 0; r < m.length; r++) {
      d[r] = new double[m[r].length];
      Arrays.setAll(d[r], i -> element.getAsDouble());
    }
    return d;
  }

  private void checkVjp(List<String> problems) {
    if (!shapesOk()) {
      return;
    }
    Class<?> adjClass = method.adjointClass();
    Method vjp = method.vjpMethod();
    List<String> names = method.activeNames();
    int[] idx = method.activeIndices();
    Object[] partials = new Object[names.size()];
    for (int i = 0; i < partials.length; i++) {
      partials[i] = componentValue(names.get(i));
    }
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
      Object f = get(fields[i], adjoint);
      if (f != null && !isZero(f)) {
        problems.add(
            "fresh "
                + adjClass.getSimpleName()
                + "."
                + names.get(i)
                + " is "
                + ArrayValues.describe(f));
      }
    }
    Object[] allocated = new Object[fields.length];
    for (int call = 1; call <= 2; call++) {
      Object[] passed = arguments();
      double r = (Double) DiffMethod.invoke(vjp, vjpArguments(passed, SEED, adjoint));
      if (!Numeric.same(primal, r)) {
        problems.add("vjp call " + call + " returned " + r + ", original method returns " + primal);
      }
      checkUnchanged(passed, vjp.getName() + "(...) call " + call, problems);
      for (int i = 0; i < fields.length; i++) {
        Object actual = get(fields[i], adjoint);
        if (!hasShapeOf(actual, args[idx[i]], names.get(i), "after vjp call " + call, problems)) {
          continue;
        }
        if (call == 1) {
          allocated[i] = actual;
        } else if (ArrayValues.isDoubleArray(actual)) {
          checkSameArrays(allocated[i], actual, names.get(i), "vjp call 2", problems);
        }
        for (int flat = 0; flat < ArrayValues.size(actual); flat++) {
          double expected = call * (SEED * ArrayValues.element(partials[i], flat));
          double a = ArrayValues.element(actual, flat);
          if (!Numeric.close(expected, a, Numeric.VJP_TOLERANCE)) {
            problems.add(
                "after vjp call "
                    + call
                    + " with seed "
                    + SEED
                    + ": adjoint."
                    + names.get(i)
                    + ArrayValues.index(actual, flat)
                    + " expected "
                    + call
                    + "*seed*partial = "
                    + expected
                    + " but was "
                    + a);
          }
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
      Object f = get(fields[i], adjoint);
      if (allocated[i] != null && ArrayValues.isDoubleArray(allocated[i])) {
        checkSameArrays(allocated[i], f, names.get(i), "reset()", problems);
      }
      if (f == null || !isZero(f)) {
        problems.add("after reset(), adjoint." + names.get(i) + " is " + ArrayValues.describe(f));
      }
    }
    // Pre-filled adjoint, other seed: must add, not overwrite.
    Object[] prefill = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Object f = get(fields[i], adjoint);
      if (f == null) {
        return; // reported above
      }
      prefill[i] = ArrayValues.deepCopy(f);
      for (int flat = 0; flat < ArrayValues.size(f); flat++) {
        prefill[i] = ArrayValues.withElement(prefill[i], flat, prefillValue(i, flat));
        f = ArrayValues.withElement(f, flat, prefillValue(i, flat));
      }
      if (!ArrayValues.isDoubleArray(f)) {
        set(fields[i], adjoint, (Double) f);
      }
    }
    Object[] passed = arguments();
    DiffMethod.invoke(vjp, vjpArguments(passed, OTHER_SEED, adjoint));
    checkUnchanged(passed, vjp.getName() + "(...) on a pre-filled adjoint", problems);
    for (int i = 0; i < fields.length; i++) {
      Object actual = get(fields[i], adjoint);
      if (allocated[i] != null && ArrayValues.isDoubleArray(allocated[i])) {
        checkSameArrays(allocated[i], actual, names.get(i), "vjp on a pre-filled adjoint", problems);
      }
      if (!hasShapeOf(actual, args[idx[i]], names.get(i), "pre-filled", problems)) {
        continue;
      }
      for (int flat = 0; flat < ArrayValues.size(actual); flat++) {
        double before = ArrayValues.element(prefill[i], flat);
        double expected = before + OTHER_SEED * ArrayValues.element(partials[i], flat);
        double a = ArrayValues.element(actual, flat);
        if (!Numeric.close(expected, a, Numeric.VJP_TOLERANCE)) {
          problems.add(
              "adjoint."
                  + names.get(i)
                  + ArrayValues.index(actual, flat)
                  + " pre-filled with "
                  + before
                  + ", vjp with seed "
                  + OTHER_SEED
                  + ": expected "
                  + expected
                  + " but was "
                  + a);
        }
      }
    }
  }

  /** 10 + i for scalar fields, as before arrays; 10 + i + flat / 8 for array elements. */
  private static double prefillValue(int field, int flat) {
    return 10.0 + field + flat / 8.0;
  }

  private static boolean isZero(Object o) {
    for (double d : ArrayValues.flatten(o)) {
      if (d != 0.0) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasShapeOf(
      Object actual, Object arg, String name, String when, List<String> problems) {
    if (!ArrayValues.isDoubleArray(arg)) {
      return true;
    }
    if (actual == null || !ArrayValues.sameShape(arg, actual)) {
      problems.add(
          when
              + ": adjoint."
              + name
              + " is "
              + ArrayValues.shape(actual)
              + ", the argument is "
              + ArrayValues.shape(arg));
      return false;
    }
    return true;
  }

  /** The adjoint's array (and, for a matrix, its rows) is still the same object. */
  private static void checkSameArrays(
      Object before, Object after, String name, String when, List<String> problems) {
    if (before != after) {
      problems.add(when + " replaced the array adjoint." + name + " instead of adding into it");
    }
  }

  private static Object get(Field f, Object o) {
    try {
      return f.get(o);
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

  private static Object[] boxed(double[] expected) {
    Object[] out = new Object[expected.length];
    for (int i = 0; i < expected.length; i++) {
      out[i] = expected[i];
    }
    return out;
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] out = new Object[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private void report(List<String> problems) {
    if (!problems.isEmpty()) {
      fail(this + ":\n  " + String.join("\n  ", problems));
    }
  }
}
