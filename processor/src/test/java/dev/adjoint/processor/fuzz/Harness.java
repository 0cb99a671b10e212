package dev.adjoint.processor.fuzz;

import dev.adjoint.runtime.Tape;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The run-time oracles for one generated method, at its points:
 *
 * <ul>
 *   <li>the gradient record's {@code value} and what {@code mVjp} returns are the original
 *       method's result bit for bit;
 *   <li>every partial matches central differences of the original method (Richardson-refined,
 *       skipped where two step sizes disagree: near a kink or a branch switch); where they do
 *       not, forward mode ({@link DualInterpreter}) decides, when it can run the method;
 *   <li>{@code mVjp} is linear in its seed and adds into its adjoint;
 *   <li>the gradient compiled with {@code -Aadjoint.disable=all} equals the optimised one;
 *   <li>no gradient call throws, changes its array arguments or leaves anything on the tape.
 * </ul>
 *
 * <p>An instance method is called on an object of its class ({@link Receiver}), which every
 * generated method of it takes first.
 */
final class Harness {

  /** Relative+absolute tolerance against central differences. */
  static final double CD_TOLERANCE = 1e-5;
  /** Two Richardson estimates must agree this well for the partial to be checked at all. */
  static final double CD_AGREEMENT = 1e-6;
  /** Rounding noise of central differences, relative to the partial, beyond which they are not checked. */
  static final double IMPRECISE = 1e-3;
  /** A point where a method's values get larger than this is not checked by central differences. */
  static final double TOO_LARGE = 1e9;
  /** Base step, relative to max(1, |x|). */
  static final double STEP = 1e-5;
  /** Tolerance of identities that hold up to rounding: VJP linearity, optimised vs not. */
  static final double EXACT_TOLERANCE = 1e-12;
  static final double SEED = 2.5;
  /** Rounding, relative to the largest value a method computes, that two orders of evaluation may differ by. */
  static final double ROUNDING = 1e-13;
  /** Forward mode and reverse mode compute the same partial up to rounding: relative tolerance. */
  static final double FORWARD_TOLERANCE = 1e-9;

  /**
   * Whether a NaN or infinite partial where central differences are finite is a failure. Off by
   * default: reverse mode multiplies a zero adjoint by an infinite local partial (sqrt at 0, a
   * value that overflowed on its way to nowhere) and gets NaN, as JAX and PyTorch do; the
   * README's convention table even asks for it (d sqrt(x)/dx at 0 is +Infinity). Counted apart.
   */
  static final boolean NON_FINITE_FAILS = "fail".equals(System.getProperty("fuzz.nonFinite"));

  /** What a check found. Ordered by priority: a method is reported under its first problem. */
  enum Oracle {
    PROCESSOR_REJECTED("the processor rejected the method"),
    PROCESSOR_CRASHED("the processor (or javac) crashed"),
    GENERATED_DOES_NOT_COMPILE("the generated _Grad does not compile"),
    MISSING_MEMBER("the generated _Grad lacks a member of the documented API"),
    THREW("generated code threw"),
    TIMEOUT("generated code did not return"),
    TAPE("tape discipline: a gradient call left values on, or took values off, the tape"),
    VALUE("value differs from the original method's result"),
    ARGUMENT_CHANGED("a gradient call changed the caller's array"),
    VJP_VS_GRADIENT("mVjp with seed 1 differs from the gradient record"),
    VJP_LINEARITY("mVjp is not linear in its seed or does not add into the adjoint"),
    JVP("mJvp (forward mode) differs from the gradient's dot product with its direction"),
    HVP("mHvp (forward over reverse) differs from the gradient, is not symmetric, or from differences of gradients"),
    JACOBIAN("a vector function's Jacobian differs between forward and reverse mode or from central differences"),
    OPT_VS_UNOPT("optimised gradient differs from -Aadjoint.disable=all"),
    PARTIAL("a partial derivative differs from central differences"),
    GENERATOR("the fuzzer's own program misbehaved (a generator bug)");

    final String description;

    Oracle(String description) {
      this.description = description;
    }
  }

  record Problem(Oracle oracle, String key, String detail) {
    @Override
    public String toString() {
      return oracle + (key.isEmpty() ? "" : " [" + key + "]") + ": " + detail;
    }
  }

  /** Counters for the report. */
  static final class Stats {
    long points;
    long partialsChecked;
    long partialsSkipped;
    long nonFinitePoints;
    /** NaN or infinite partials where central differences are finite (see checkPartials). */
    long nonFinitePartials;
    /** Pre-filled adjoints off by rounding only (see onlyRounding). */
    long vjpRounding;
    /** Partials whose central differences rounding would swamp (see {@link Magnitudes}). */
    long partialsImprecise;
    /**
     * Partials NaN or infinite with one setting of the optimisations and finite with the other:
     * the two compute in different orders, so an overflow or a 0 * inf turns up in one only.
     */
    long nonFiniteUnoptimised;
    /**
     * Partials central differences got wrong and forward mode confirmed: the method's
     * floating-point evaluation is flat at the scale of the steps (tanh(c) rounding to the same
     * double over a range of c wider than the steps), so they miss a path the derivative takes.
     */
    long partialsSettledByForwardMode;
    /**
     * Partials through float roundings, which central differences cannot judge (a staircase of
     * float steps), checked against forward mode instead, which takes the rounding's derivative
     * as 1, as Adjoint does.
     */
    long partialsThroughFloats;
    /** Points where mJvp was checked against the gradient; methods without an mJvp. */
    long jvpChecked;
    long jvpMissing;
    /** Points where the gradient's dot product or mJvp's tangent is not finite: not compared. */
    long jvpNonFinite;
    /** Points where mHvp was checked; methods without one; points with non-finite products. */
    long hvpChecked;
    long hvpMissing;
    long hvpNonFinite;
    /** Of the checked points, those where central differences of the gradient were stable enough to compare. */
    long hvpDifferenced;
    /** Points where the batch's vector function r0 had its Jacobian checked. */
    long jacobiansChecked;

    void add(Stats o) {
      hvpChecked += o.hvpChecked;
      hvpMissing += o.hvpMissing;
      hvpNonFinite += o.hvpNonFinite;
      hvpDifferenced += o.hvpDifferenced;
      jacobiansChecked += o.jacobiansChecked;
      jvpChecked += o.jvpChecked;
      jvpMissing += o.jvpMissing;
      jvpNonFinite += o.jvpNonFinite;
      points += o.points;
      partialsChecked += o.partialsChecked;
      partialsSkipped += o.partialsSkipped;
      nonFinitePoints += o.nonFinitePoints;
      nonFinitePartials += o.nonFinitePartials;
      vjpRounding += o.vjpRounding;
      partialsImprecise += o.partialsImprecise;
      nonFiniteUnoptimised += o.nonFiniteUnoptimised;
      partialsSettledByForwardMode += o.partialsSettledByForwardMode;
      partialsThroughFloats += o.partialsThroughFloats;
    }
  }

  /** Signals a problem found mid-check; the first one ends the method's check. */
  private static final class Found extends Exception {
    final Problem problem;

    Found(Problem problem) {
      super(null, null, false, false);
      this.problem = problem;
    }
  }

  private static final String[] PARAM_NAMES = {"a", "b", "c", "v", "m", "n", "d"};
  private static final int ACTIVE = 5; // a, b, c, v, m

  private final String name;
  private final Method original;
  /** The object the method runs on and its generated methods take first: null for a static one. */
  private final Object receiver;
  /** The same, of the class compiled with -Aadjoint.disable=all (another class loader's). */
  private final Object unoptimisedReceiver;
  private final Method gradient;
  private final Method vjp;
  /** Forward mode's mJvp, or null where forward mode does not cover the method yet. */
  private final Method jvp;
  /** Forward over reverse: mHvp, or null where the method has none. */
  private final Method hvp;
  /**
   * The batch's vector function {@code double[] r0(double[] x, double p)}, when it is annotated:
   * the primal and its Jacobian by rows and by columns (null where absent).
   */
  private final Method vector;
  private final Method vectorByRows;
  private final Method vectorByColumns;
  private final Class<?> adjointClass;
  private final Method unoptimisedGradient;
  /** The method's copy that records the magnitudes of its values ({@link Probes}), if compiled. */
  private final Method probe;
  /** Forward mode on the method's AST, when the harness has it (not for hand-written sources). */
  private final DualInterpreter forward;
  /** The largest magnitude of a value the method computes at the point being checked. */
  private double magnitude;
  private final boolean hasD;
  final Stats stats = new Stats();
  /** Whether the program computes with floats: partials central differences skip may go through them. */
  private final boolean usesFloats;

  /**
   * Binds method {@code name} of the class {@code fqcn} loaded by {@code optimised} (and of
   * {@code unoptimised}, when given). Throws Found when the generated API is incomplete.
   */
  private Harness(
      Ast.Program program, String fqcn, String name, ClassLoader optimised, ClassLoader unoptimised)
      throws Found {
    this.name = name;
    this.forward = program == null ? null : new DualInterpreter(program);
    this.usesFloats = program != null && Printer.program(program).contains("float ");
    try {
      Class<?> cls = optimised.loadClass(fqcn);
      original = findMethod(cls, name);
      receiver = Receiver.of(original);
      hasD = original.getParameterCount() == 7;
      // The generated methods' parameters: the receiver's, the method's, then the tangents.
      int parameters = (receiver == null ? 0 : 1) + original.getParameterCount() + ACTIVE;
      Class<?> grad = optimised.loadClass(fqcn + "_Grad");
      gradient = findMethod(grad, name);
      adjointClass = optimised.loadClass(fqcn + "_Grad$" + capitalize(name) + "Adjoint");
      vjp = findMethod(grad, name + "Vjp");
      Method jvpMethod;
      try {
        jvpMethod = findMethod(grad, name + "Jvp", parameters);
      } catch (NoSuchMethodException absent) {
        jvpMethod = null;
        stats.jvpMissing++;
      }
      jvp = jvpMethod;
      Method hvpMethod;
      try {
        hvpMethod = findMethod(grad, name + "Hvp", parameters);
      } catch (NoSuchMethodException absent) {
        hvpMethod = null;
        stats.hvpMissing++;
      }
      hvp = hvpMethod;
      Method[] vectorMethods = new Method[3];
      try {
        vectorMethods[0] = findMethod(cls, "r0");
        vectorMethods[1] = findMethod(grad, "r0JacobianByRows");
        vectorMethods[2] = findMethod(grad, "r0JacobianByColumns");
      } catch (NoSuchMethodException absent) {
        vectorMethods = new Method[3];
      }
      vector = vectorMethods[0];
      vectorByRows = vectorMethods[1];
      vectorByColumns = vectorMethods[2];
      Method probeMethod;
      try {
        probeMethod = findMethod(cls, name + Probes.SUFFIX);
      } catch (NoSuchMethodException absent) {
        probeMethod = null;
      }
      probe = probeMethod;
      if (unoptimised != null) {
        unoptimisedGradient = findMethod(unoptimised.loadClass(fqcn + "_Grad"), name);
        unoptimisedReceiver = Receiver.of(findMethod(unoptimised.loadClass(fqcn), name));
      } else {
        unoptimisedGradient = null;
        unoptimisedReceiver = null;
      }
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new Found(new Problem(Oracle.MISSING_MEMBER, "", e.toString()));
    }
  }

  static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The method {@code name} of {@code cls} with {@code parameters} parameters (overloads differ in their count). */
  static Method findMethod(Class<?> cls, String name, int parameters) throws NoSuchMethodException {
    for (Method m : cls.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new NoSuchMethodException(cls.getName() + "." + name + " with " + parameters + " parameters");
  }

  static Method findMethod(Class<?> cls, String name) throws NoSuchMethodException {
    for (Method m : cls.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new NoSuchMethodException(cls.getName() + "." + name);
  }

  /**
   * Checks method {@code name} (global index {@code index}) at {@code points} points; returns its
   * first problem, or null. {@code stats} gets the counts. Without the program's AST.
   */
  static Problem check(
      String fqcn,
      String name,
      int index,
      ClassLoader optimised,
      ClassLoader unoptimised,
      long seed,
      int points,
      Stats stats) {
    return check(null, fqcn, name, index, optimised, unoptimised, seed, points, stats);
  }

  /**
   * As above, with {@code program}, the AST the classes were compiled from (null when there is
   * none): forward mode on it confirms or overrules central differences.
   */
  static Problem check(
      Ast.Program program,
      String fqcn,
      String name,
      int index,
      ClassLoader optimised,
      ClassLoader unoptimised,
      long seed,
      int points,
      Stats stats) {
    Harness h;
    try {
      h = new Harness(program, fqcn, name, optimised, unoptimised);
    } catch (Found f) {
      return f.problem;
    }
    try {
      for (int p = 0; p < points; p++) {
        h.checkPoint(Points.point(seed, index, p, h.hasD));
      }
      return null;
    } catch (Found f) {
      return f.problem;
    } finally {
      stats.add(h.stats);
    }
  }

  // ---------------------------------------------------------------- one point

  private void checkPoint(Object[] args) throws Found {
    stats.points++;
    String at = " at " + Points.describe(args);
    double primal = callOriginal(args, at);
    magnitude = magnitude(args, primal);

    // The gradient record, called as a user would.
    Object[] passed = Points.copy(args);
    Object record = callGradient(gradient, passed, at);
    checkUnchanged(args, passed, gradient.getName() + "(...)", at);
    checkTapeEmpty(gradient.getName() + "(...)", at);
    double value = (Double) component(record, "value");
    if (!sameBits(primal, value)) {
      fail(Oracle.VALUE, "record", "value() = " + value + " but " + name + " returns " + primal + at);
    }
    Object[] partials = new Object[ACTIVE];
    for (int i = 0; i < ACTIVE; i++) {
      partials[i] = component(record, PARAM_NAMES[i]);
      if (partials[i] == null || !sameShape(args[i], partials[i])) {
        fail(Oracle.MISSING_MEMBER, "shape", "component " + PARAM_NAMES[i] + " is "
            + Points.valueString(partials[i]) + at);
      }
    }

    checkVjp(args, primal, partials, at);
    checkJvp(args, primal, partials, at);
    checkHvp(args, partials, at);
    checkJacobian(args, at);
    if (unoptimisedGradient != null) {
      checkUnoptimised(args, primal, partials, at);
    }
    if (!Double.isFinite(primal)) {
      stats.nonFinitePoints++;
      return;
    }
    if (magnitude > TOO_LARGE) {
      // Central differences cannot see a step of 1e-5 next to values this large.
      for (int i = 0; i < ACTIVE; i++) {
        stats.partialsImprecise += flatSize(args[i]);
      }
      return;
    }
    checkPartials(args, primal, partials, at);
  }

  /** The largest magnitude among the arguments, the result and every value the probe saw. */
  private double magnitude(Object[] args, double primal) {
    Magnitudes.reset();
    Magnitudes.t(primal);
    for (Object a : args) {
      if (a instanceof Double x) {
        Magnitudes.t(x);
      } else if (a instanceof double[] v) {
        Magnitudes.t(v);
      } else if (a instanceof double[][] m) {
        Magnitudes.t(m);
      }
    }
    if (probe != null) {
      try {
        probe.invoke(receiver, Points.copy(args));
      } catch (ReflectiveOperationException e) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return Magnitudes.max();
  }

  private double callOriginal(Object[] args, String at) throws Found {
    try {
      return (Double) original.invoke(receiver, Points.copy(args));
    } catch (InvocationTargetException e) {
      throw new Found(new Problem(Oracle.GENERATOR, "", name + " itself threw " + e.getCause() + at));
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** A generated method of the method under check: the receiver first, when it has one. */
  private Object callGradient(Method m, Object[] args, String at) throws Found {
    return callGenerated(m, Receiver.first(receiver, args), at);
  }

  private Object callGenerated(Method m, Object[] args, String at) throws Found {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      String where = "";
      for (StackTraceElement el : t.getStackTrace()) {
        if (el.getClassName().endsWith("_Grad")) {
          where = " (in " + el.getMethodName() + ", line " + el.getLineNumber() + " of the _Grad)";
          break;
        }
      }
      throw new Found(new Problem(Oracle.THREW, t.getClass().getSimpleName(),
          m.getName() + " threw " + t + where + at));
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private void checkUnchanged(Object[] expected, Object[] passed, String call, String at) throws Found {
    for (int i = 0; i < expected.length; i++) {
      if (!Points.sameContents(expected[i], passed[i])) {
        fail(Oracle.ARGUMENT_CHANGED, PARAM_NAMES[i], call + " changed " + PARAM_NAMES[i] + " to "
            + Points.valueString(passed[i]) + at);
      }
    }
  }

  private void checkTapeEmpty(String call, String at) throws Found {
    int size = Tape.local().size();
    if (size != 0) {
      fail(Oracle.TAPE, "left", call + " left " + size + " values on the tape" + at);
    }
  }

  // ---------------------------------------------------------------- VJP

  /**
   * Forward against reverse: {@code mJvp} along a fixed direction returns the primal's value bit
   * for bit and, as tangent, the gradient's dot product with the direction, to 1e-10 of the sum
   * of the terms' magnitudes (plus rounding at the method's largest value, where they cancel).
   */
  private void checkJvp(Object[] args, double primal, Object[] partials, String at) throws Found {
    if (jvp == null) {
      return;
    }
    Object[] all = java.util.Arrays.copyOf(Points.copy(args), args.length + ACTIVE);
    double expected = 0;
    double scale = 0;
    double size = 0;
    for (int i = 0; i < ACTIVE; i++) {
      double[] g = flatten(partials[i]);
      double[] t = new double[g.length];
      for (int j = 0; j < t.length; j++) {
        t[j] = Math.sin(1.3 * j + 0.7 * i + 0.4);
        expected += g[j] * t[j];
        scale += Math.abs(g[j] * t[j]);
        size += Math.abs(t[j]);
      }
      all[args.length + i] = unflatten(t, args[i]);
    }
    Object result = callGradient(jvp, all, at);
    double value = (Double) component(result, "value");
    double tangent = (Double) component(result, "tangent");
    if (!sameBits(primal, value)) {
      fail(Oracle.VALUE, "jvp", jvp.getName() + " value " + value + " but " + name + " returns " + primal + at);
    }
    if (!Double.isFinite(expected) || !Double.isFinite(tangent)) {
      stats.jvpNonFinite++;
      return;
    }
    stats.jvpChecked++;
    // Forward and reverse mode are two orders of evaluation, and long chains of large
    // intermediates (derivative terms above the largest value) cancel differently in each: the
    // same bound as mHvp's directional derivative, the same quantity by forward over reverse.
    double tolerance = 1e-10 * scale + ROUNDING * (1 + magnitude) * size;
    if (!(Math.abs(tangent - expected) <= tolerance)) {
      fail(Oracle.JVP, "", jvp.getName() + " tangent " + tangent + " but gradient . direction = " + expected
          + " (terms of magnitude " + scale + ", largest value " + magnitude + ")" + at);
    }
  }

  /**
   * Forward over reverse: {@code mHvp} along two directions u and v gives the gradient (to the
   * rounding two orders of evaluation differ by), {@code hvp.value()} is the gradient times the
   * direction, {@code u . Hv == v . Hu} (a Hessian is symmetric), and H v matches central
   * differences of the generated gradient along v where those are stable: two step sizes agree
   * with each other (so no kink or branch lies within the steps).
   */
  private void checkHvp(Object[] args, Object[] partials, String at) throws Found {
    if (hvp == null) {
      return;
    }
    double[][] directions = new double[2][];
    double[][] products = new double[2][];
    double[] g = flattenAll(partials);
    for (int d = 0; d < 2; d++) {
      Object[] all = java.util.Arrays.copyOf(Points.copy(args), args.length + ACTIVE);
      java.util.List<Double> direction = new java.util.ArrayList<>();
      for (int i = 0; i < ACTIVE; i++) {
        double[] t = new double[flatten(partials[i]).length];
        for (int j = 0; j < t.length; j++) {
          t[j] = Math.sin(1.3 * j + 0.7 * i + 0.4 + 1.1 * d);
          direction.add(t[j]);
        }
        all[args.length + i] = unflatten(t, args[i]);
      }
      directions[d] = direction.stream().mapToDouble(Double::doubleValue).toArray();
      Object result = callGradient(hvp, all, at);
      Object gradient = component(result, "gradient");
      Object product = component(result, "hvp");
      Object[] parts = new Object[ACTIVE];
      for (int i = 0; i < ACTIVE; i++) {
        String diff = difference(partials[i], component(gradient, PARAM_NAMES[i]), EXACT_TOLERANCE,
            ROUNDING * magnitude);
        if (diff != null && !differsOnlyWhereNotFinite(partials[i], component(gradient, PARAM_NAMES[i]))) {
          fail(Oracle.HVP, "gradient", hvp.getName() + " gradient." + PARAM_NAMES[i] + ": " + diff + at);
        }
        parts[i] = component(product, PARAM_NAMES[i]);
      }
      products[d] = flattenAll(parts);
      double directional = (Double) component(product, "value");
      double expected = 0;
      double scale = 0;
      for (int k = 0; k < g.length; k++) {
        expected += g[k] * directions[d][k];
        scale += Math.abs(g[k] * directions[d][k]);
      }
      if (Double.isFinite(expected) && Double.isFinite(directional)
          && !(Math.abs(directional - expected) <= 1e-10 * scale + ROUNDING * (1 + magnitude) * g.length)) {
        fail(Oracle.HVP, "value", hvp.getName() + " hvp.value() " + directional + " but gradient . direction = "
            + expected + at);
      }
    }
    double uHv = 0;
    double vHu = 0;
    double size = 0;
    for (int k = 0; k < g.length; k++) {
      uHv += directions[0][k] * products[1][k];
      vHu += directions[1][k] * products[0][k];
      size += Math.abs(directions[0][k] * products[1][k]) + Math.abs(directions[1][k] * products[0][k]);
    }
    if (!Double.isFinite(size) || !Double.isFinite(uHv - vHu)) {
      stats.hvpNonFinite++;
      return;
    }
    stats.hvpChecked++;
    if (!(Math.abs(uHv - vHu) <= 1e-8 * size + ROUNDING * (1 + magnitude) * g.length)) {
      fail(Oracle.HVP, "symmetry", hvp.getName() + " is not symmetric: u . Hv = " + uHv + " but v . Hu = " + vHu + at);
    }
    checkHvpDifferences(args, directions[1], products[1], at);
  }

  /** H v against central differences of the gradient along v, at two steps that must agree. */
  private void checkHvpDifferences(Object[] args, double[] v, double[] hv, String at) throws Found {
    if (magnitude > 1e4 || throughFloats(args)) {
      // Through float roundings the gradient is a staircase of float steps too, which central
      // differences cannot judge; the symmetry and directional checks above still apply.
      return;
    }
    double[] big = gradientDifference(args, v, 1e-4, at);
    double[] small = gradientDifference(args, v, 1e-5, at);
    if (big == null || small == null) {
      return;
    }
    double gScale = 1 + magnitude;
    for (int k = 0; k < hv.length; k++) {
      double agreement = 1e-3 * Math.max(1, Math.abs(small[k])) + 1e-9 * gScale / 1e-5;
      if (!(Math.abs(big[k] - small[k]) <= agreement)) {
        return;
      }
    }
    stats.hvpDifferenced++;
    for (int k = 0; k < hv.length; k++) {
      if (!Double.isFinite(hv[k]) && !NON_FINITE_FAILS) {
        // As for partials: an infinite local derivative times a zero adjoint (see NON_FINITE_FAILS).
        stats.nonFinitePartials++;
        continue;
      }
      double tol = 1e-3 * Math.max(1, Math.max(Math.abs(small[k]), Math.abs(hv[k]))) + 1e-9 * gScale / 1e-5;
      if (!(Math.abs(hv[k] - small[k]) <= tol)) {
        fail(Oracle.HVP, "differences", hvp.getName() + " (H v)[" + k + "] = " + hv[k]
            + " but central differences of the gradient along v give " + small[k] + " (and " + big[k]
            + " with ten times the step)" + at);
      }
    }
  }

  private double[] gradientDifference(Object[] args, double[] v, double h, String at) throws Found {
    double[] plus = gradientAt(args, v, h, at);
    double[] minus = gradientAt(args, v, -h, at);
    if (plus == null || minus == null) {
      return null;
    }
    double[] d = new double[plus.length];
    for (int k = 0; k < d.length; k++) {
      d[k] = (plus[k] - minus[k]) / (2 * h);
      if (!Double.isFinite(d[k])) {
        return null;
      }
    }
    return d;
  }

  private double[] gradientAt(Object[] args, double[] v, double s, String at) throws Found {
    Object[] moved = Points.copy(args);
    int k = 0;
    for (int i = 0; i < ACTIVE; i++) {
      double[] x = flatten(moved[i]);
      for (int j = 0; j < x.length; j++) {
        x[j] += s * v[k++];
      }
      moved[i] = unflatten(x, moved[i]);
    }
    Object record;
    try {
      record = gradient.invoke(null, Receiver.first(receiver, moved));
    } catch (InvocationTargetException e) {
      // The primal throws near the point (a guard on its arguments): no differences here.
      return null;
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    Object[] parts = new Object[ACTIVE];
    for (int i = 0; i < ACTIVE; i++) {
      parts[i] = component(record, PARAM_NAMES[i]);
    }
    return flattenAll(parts);
  }

  /**
   * The batch's vector function r0 at (v, a) of this point: its Jacobian by rows (reverse mode)
   * and by columns (forward mode) give the primal's value bit for bit and the same matrix (to the
   * rounding of the method's values), which matches central differences where two steps agree.
   */
  private void checkJacobian(Object[] args, String at) throws Found {
    if (vector == null || vectorByRows == null || vectorByColumns == null || magnitude > 1e4) {
      return;
    }
    double[] x = ((double[]) args[3]).clone();
    double p = (Double) args[0];
    double[] value = vectorAt(x, p);
    if (value == null) {
      return;
    }
    Object rows = callGenerated(vectorByRows, new Object[] {x.clone(), p}, at);
    Object columns = callGenerated(vectorByColumns, new Object[] {x.clone(), p}, at);
    double[][][] byRows = {(double[][]) component(rows, "x"), (double[][]) component(rows, "p")};
    double[][][] byColumns = {(double[][]) component(columns, "x"), (double[][]) component(columns, "p")};
    for (Object jacobian : new Object[] {rows, columns}) {
      double[] v = (double[]) component(jacobian, "value");
      for (int i = 0; i < value.length; i++) {
        if (!sameBits(value[i], v[i])) {
          fail(Oracle.JACOBIAN, "value", "r0 Jacobian value[" + i + "] = " + v[i] + " but r0 returns " + value[i] + at);
        }
      }
    }
    stats.jacobiansChecked++;
    for (int k = 0; k < 2; k++) {
      for (int r = 0; r < value.length; r++) {
        for (int c = 0; c < byRows[k][r].length; c++) {
          double a = byRows[k][r][c];
          double b = byColumns[k][r][c];
          if (Double.isFinite(a) && Double.isFinite(b)
              && !(Math.abs(a - b) <= EXACT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) + ROUNDING * (1 + magnitude))) {
            fail(Oracle.JACOBIAN, "modes", "r0 Jacobian " + (k == 0 ? "d/dx" : "d/dp") + "[" + r + "][" + c
                + "]: by rows (reverse) " + a + ", by columns (forward) " + b + at);
          }
        }
      }
    }
    // Central differences, column by column, where two steps agree. Rounding is that of the
    // larger of the method's values and r0's own: r0 may compute far larger values than the
    // method that calls it (p *= ... in a loop), which swamp steps of 1e-5 (seed 20261202, m465).
    double ownMagnitude = magnitude;
    for (double v : value) {
      ownMagnitude = Double.isFinite(v) ? Math.max(ownMagnitude, Math.abs(v)) : ownMagnitude;
    }
    double rounding = 1e-9 * (1 + ownMagnitude) / 1e-5;
    for (int c = 0; c <= x.length; c++) {
      double[] big = vectorDifference(x, p, c, 1e-4);
      double[] small = vectorDifference(x, p, c, 1e-5);
      if (big == null || small == null) {
        continue;
      }
      boolean stable = true;
      for (int r = 0; r < value.length; r++) {
        stable &= Math.abs(big[r] - small[r]) <= 1e-3 * Math.max(1, Math.abs(small[r])) + rounding;
      }
      for (int r = 0; stable && r < value.length; r++) {
        double actual = c < x.length ? byRows[0][r][c] : byRows[1][r][0];
        if (!Double.isFinite(actual) && !NON_FINITE_FAILS) {
          // As for partials: an infinite local derivative times a zero adjoint (see NON_FINITE_FAILS).
          stats.nonFinitePartials++;
          continue;
        }
        double tol = 1e-3 * Math.max(1, Math.max(Math.abs(small[r]), Math.abs(actual))) + rounding;
        if (!(Math.abs(actual - small[r]) <= tol)) {
          fail(Oracle.JACOBIAN, "differences", "r0 Jacobian [" + r + "][" + c + "] = " + actual
              + " but central differences give " + small[r] + at);
        }
      }
    }
  }

  private double[] vectorDifference(double[] x, double p, int column, double h) {
    double[] xp = x.clone();
    double[] xm = x.clone();
    double pp = p;
    double pm = p;
    if (column < x.length) {
      xp[column] += h;
      xm[column] -= h;
    } else {
      pp += h;
      pm -= h;
    }
    double[] plus = vectorAt(xp, pp);
    double[] minus = vectorAt(xm, pm);
    if (plus == null || minus == null) {
      return null;
    }
    double[] d = new double[plus.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (plus[i] - minus[i]) / (2 * h);
      if (!Double.isFinite(d[i])) {
        return null;
      }
    }
    return d;
  }

  private double[] vectorAt(double[] x, double p) {
    try {
      return (double[]) vector.invoke(null, x.clone(), p);
    } catch (InvocationTargetException e) {
      return null;
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static double[] flattenAll(Object[] parts) {
    return java.util.Arrays.stream(parts).flatMapToDouble(p -> java.util.Arrays.stream(flatten(p))).toArray();
  }

  private static double[] flatten(Object o) {
    if (o instanceof Double x) {
      return new double[] {x};
    }
    if (o instanceof double[] v) {
      return v.clone();
    }
    return java.util.Arrays.stream((double[][]) o).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  /** {@code flat} in the shape of {@code like}: a number, a vector or the rows of a matrix. */
  private static Object unflatten(double[] flat, Object like) {
    if (like instanceof Double) {
      return flat[0];
    }
    if (like instanceof double[]) {
      return flat;
    }
    double[][] rows = new double[((double[][]) like).length][];
    int k = 0;
    for (int r = 0; r < rows.length; r++) {
      rows[r] = java.util.Arrays.copyOfRange(flat, k, k + ((double[][]) like)[r].length);
      k += rows[r].length;
    }
    return rows;
  }

  private void checkVjp(Object[] args, double primal, Object[] partials, String at) throws Found {
    Object first = newAdjoint();
    Object[] passed = Points.copy(args);
    double r = callVjpInsideTapeFrame(passed, 1.0, first, at);
    checkUnchanged(args, passed, vjp.getName() + "(...)", at);
    if (!sameBits(primal, r)) {
      fail(Oracle.VALUE, "vjp", vjp.getName() + " returned " + r + " but " + name + " returns " + primal + at);
    }
    Object[] once = new Object[ACTIVE];
    for (int i = 0; i < ACTIVE; i++) {
      once[i] = field(first, PARAM_NAMES[i]);
      String diff = difference(partials[i], once[i], EXACT_TOLERANCE);
      if (diff != null) {
        fail(Oracle.VJP_VS_GRADIENT, PARAM_NAMES[i], "adjoint." + PARAM_NAMES[i] + " after "
            + vjp.getName() + " with seed 1: " + diff + " (record vs adjoint)" + at);
      }
    }
    // Pre-filled adjoint, another seed: must add SEED * partial to what is there.
    Object prefilled = newAdjoint();
    Object[] before = new Object[ACTIVE];
    for (int i = 0; i < ACTIVE; i++) {
      before[i] = prefill(args[i], i);
      setField(prefilled, PARAM_NAMES[i], Points.copyValue(before[i]));
    }
    passed = Points.copy(args);
    callVjpInsideTapeFrame(passed, SEED, prefilled, at);
    for (int i = 0; i < ACTIVE; i++) {
      Object expected = plusScaled(before[i], SEED, once[i]);
      String diff = difference(expected, field(prefilled, PARAM_NAMES[i]), EXACT_TOLERANCE);
      // Where the method or a partial overflows with seed 1, another seed's larger intermediates
      // may overflow where seed 1's did not, and meet a zero or an infinity of the other sign
      // (inf * 0 and inf - inf are NaN): the product is not linear in floating point there.
      boolean overflowed = !Double.isFinite(primal)
          || java.util.Arrays.stream(flattenAll(once)).anyMatch(x -> !Double.isFinite(x));
      if (diff != null && !overflowed && !onlyRounding(args, once, before, field(prefilled, PARAM_NAMES[i]), i, at)) {
        fail(Oracle.VJP_LINEARITY, PARAM_NAMES[i], "adjoint." + PARAM_NAMES[i] + " pre-filled with "
            + Points.valueString(before[i]) + ", then " + vjp.getName() + " with seed " + SEED
            + ": expected prefill + " + SEED + " * partial, " + diff + at);
      }
    }
  }

  /**
   * Whether a pre-filled adjoint that is off from prefill + seed * partial by more than 1e-12 is
   * off only by rounding. Adding contributions one by one into a pre-filled element rounds
   * differently from adding them to zero: when contributions of 1e5 cancel, the last bits of the
   * prefill go. Two checks that rounding cannot fool tell: with a power-of-two seed the VJP
   * scales exactly (no bit changes), and moving the prefill by a power of two above the partials'
   * magnitude moves the result by as much (a VJP that overwrites the adjoint, or ignores what is
   * there, does not). The shift must be that large: contributions of 1e18 that cancel swallow a
   * prefill of 100 altogether.
   */
  private boolean onlyRounding(Object[] args, Object[] once, Object[] before, Object result, int i, String at)
      throws Found {
    Object fresh = newAdjoint();
    callVjpInsideTapeFrame(Points.copy(args), 4.0, fresh, at);
    Object scaled = field(fresh, PARAM_NAMES[i]);
    if (difference(plusScaled(zerosLike(once[i]), 4.0, once[i]), scaled, EXACT_TOLERANCE) != null) {
      return false;
    }
    double largest = 1.0;
    for (Object o : once) {
      for (int k = 0; k < flatSize(o); k++) {
        if (Double.isFinite(element(o, k))) {
          largest = Math.max(largest, Math.abs(SEED * element(o, k)));
        }
      }
    }
    double shift = Math.max(1024.0, Math.scalb(1.0, Math.getExponent(largest) + 2));
    Object shifted = newAdjoint();
    for (int k = 0; k < ACTIVE; k++) {
      setField(shifted, PARAM_NAMES[k], plusScaled(before[k], 1.0, constantLike(before[k], shift)));
    }
    callVjpInsideTapeFrame(Points.copy(args), SEED, shifted, at);
    Object moved = plusScaled(field(shifted, PARAM_NAMES[i]), -1.0, result);
    if (difference(constantLike(before[i], shift), moved, 1e-6) != null) {
      return false;
    }
    stats.vjpRounding++;
    return true;
  }

  private static Object zerosLike(Object shape) {
    return constantLike(shape, 0.0);
  }

  private static Object constantLike(Object shape, double c) {
    if (shape instanceof double[] a) {
      double[] out = new double[a.length];
      java.util.Arrays.fill(out, c);
      return out;
    }
    if (shape instanceof double[][] a) {
      double[][] out = new double[a.length][];
      for (int r = 0; r < a.length; r++) {
        out[r] = (double[]) constantLike(a[r], c);
      }
      return out;
    }
    return c;
  }

  /**
   * Calls mVjp inside a tape frame of the harness's own, with sentinels on the tape: a call that
   * leaves values behind or pops more than it pushed is caught, where the generated exit()
   * would otherwise quietly clear the tape.
   */
  private double callVjpInsideTapeFrame(Object[] passed, double seed, Object adjoint, String at)
      throws Found {
    Tape tape = Tape.local();
    tape.enter();
    try {
      tape.push(-7.25);
      tape.push(-7);
      tape.push(true);
      int size = tape.size();
      Object[] a = java.util.Arrays.copyOf(passed, passed.length + 2);
      a[passed.length] = seed;
      a[passed.length + 1] = adjoint;
      double r = (Double) callGradient(vjp, a, at);
      if (tape.size() != size) {
        fail(Oracle.TAPE, "size", vjp.getName() + " changed the tape's size by "
            + (tape.size() - size) + at);
      }
      boolean b = tape.popBoolean();
      int i = tape.popInt();
      double d = tape.popDouble();
      if (!b || i != -7 || d != -7.25) {
        fail(Oracle.TAPE, "sentinel", vjp.getName() + " overwrote values below its own on the tape" + at);
      }
      return r;
    } finally {
      tape.exit();
    }
  }

  private Object newAdjoint() {
    try {
      return adjointClass.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Object field(Object adjoint, String f) throws Found {
    try {
      Field fl = adjointClass.getField(f);
      return fl.get(adjoint);
    } catch (NoSuchFieldException e) {
      throw new Found(new Problem(Oracle.MISSING_MEMBER, "field", adjointClass.getSimpleName() + " has no field " + f));
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private void setField(Object adjoint, String f, Object value) throws Found {
    try {
      adjointClass.getField(f).set(adjoint, value);
    } catch (NoSuchFieldException e) {
      throw new Found(new Problem(Oracle.MISSING_MEMBER, "field", adjointClass.getSimpleName() + " has no field " + f));
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** 10 + i for a scalar, 10 + i + flat / 8 for array elements: distinct, exact in binary. */
  private static Object prefill(Object arg, int i) {
    if (arg instanceof double[] a) {
      double[] out = new double[a.length];
      for (int k = 0; k < a.length; k++) {
        out[k] = 10 + i + k / 8.0;
      }
      return out;
    }
    if (arg instanceof double[][] a) {
      double[][] out = new double[a.length][];
      int flat = 0;
      for (int r = 0; r < a.length; r++) {
        out[r] = new double[a[r].length];
        for (int k = 0; k < a[r].length; k++) {
          out[r][k] = 10 + i + (flat++) / 8.0;
        }
      }
      return out;
    }
    return 10.0 + i;
  }

  private static Object plusScaled(Object base, double s, Object x) {
    if (base instanceof double[] a) {
      double[] xs = (double[]) x;
      double[] out = new double[a.length];
      for (int k = 0; k < a.length; k++) {
        out[k] = a[k] + s * xs[k];
      }
      return out;
    }
    if (base instanceof double[][] a) {
      double[][] xs = (double[][]) x;
      double[][] out = new double[a.length][];
      for (int r = 0; r < a.length; r++) {
        out[r] = (double[]) plusScaled(a[r], s, xs[r]);
      }
      return out;
    }
    return (Double) base + s * (Double) x;
  }

  // ---------------------------------------------------------------- optimised vs not

  private void checkUnoptimised(Object[] args, double primal, Object[] partials, String at)
      throws Found {
    Object[] passed = Points.copy(args);
    Object record;
    try {
      record = unoptimisedGradient.invoke(null, Receiver.first(unoptimisedReceiver, passed));
    } catch (InvocationTargetException e) {
      throw new Found(new Problem(Oracle.OPT_VS_UNOPT, "threw", "the unoptimised gradient threw "
          + e.getCause() + " where the optimised one did not" + at));
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    double value = (Double) component(record, "value");
    if (!sameBits(primal, value)) {
      fail(Oracle.OPT_VS_UNOPT, "value", "unoptimised value() = " + value + ", optimised " + primal + at);
    }
    if (!Double.isFinite(primal)) {
      return;
    }
    for (int i = 0; i < ACTIVE; i++) {
      Object unoptimised = component(record, PARAM_NAMES[i]);
      // Both orders of evaluation round sums of terms as large as the method's values.
      String diff = difference(partials[i], unoptimised, EXACT_TOLERANCE, ROUNDING * magnitude);
      if (diff != null && !NON_FINITE_FAILS && differsOnlyWhereNotFinite(partials[i], unoptimised)) {
        stats.nonFiniteUnoptimised++;
        continue;
      }
      if (diff != null) {
        fail(Oracle.OPT_VS_UNOPT, PARAM_NAMES[i], "d/d" + PARAM_NAMES[i]
            + " optimised vs -Aadjoint.disable=all: " + diff + at);
      }
    }
  }

  // ---------------------------------------------------------------- central differences

  private void checkPartials(Object[] args, double primal, Object[] partials, String at) throws Found {
    for (int i = 0; i < ACTIVE; i++) {
      int size = flatSize(args[i]);
      for (int flat = 0; flat < size; flat++) {
        double g = element(partials[i], flat);
        double x0 = element(args[i], flat);
        Estimate e = estimate(args, i, flat, x0, STEP);
        if (e == null) {
          skipped(args, i, flat, primal, g, at);
          continue;
        }
        if (e.noise > IMPRECISE * Math.max(1.0, Math.max(Math.abs(g), Math.abs(e.value)))) {
          // The method's values are so large that rounding swamps the steps: nothing to learn.
          stats.partialsImprecise++;
          continue;
        }
        if (agrees(g, e)) {
          stats.partialsChecked++;
          continue;
        }
        if (!Double.isFinite(g) && !NON_FINITE_FAILS) {
          stats.nonFinitePartials++;
          continue;
        }
        // Confirm with another step before reporting: rounding noise differs between steps, and
        // a function that is not smooth at the scale of the steps (a staircase of fine steps,
        // (long) of a fast-changing value) gives estimates that change with the step.
        Estimate e2 = estimate(args, i, flat, x0, STEP * 0.31);
        if (e2 == null || !agrees(e.value, e2)) {
          skipped(args, i, flat, primal, g, at);
          continue;
        }
        if (agrees(g, e2)) {
          stats.partialsSkipped++;
          continue;
        }
        String label = PARAM_NAMES[i] + index(args[i], flat);
        String mismatch = "d/d" + label + " = " + g + " but central differences give " + e.value
            + " (and " + e2.value + " with a smaller step)";
        // Both step sizes can miss a path alike: forward mode, on the method's own arithmetic, has the last word.
        Forward f = forwardMode(args, i, flat, primal, mismatch, at);
        if (f.tangent() != null && agreesWithForwardMode(g, f.tangent())) {
          stats.partialsSettledByForwardMode++;
          continue;
        }
        stats.partialsChecked++;
        fail(Oracle.PARTIAL, PARAM_NAMES[i].length() == 1 && size == 1 ? "scalar" : "array",
            mismatch + f.describe() + at);
      }
    }
  }

  /** Whether forward mode, seeded on any active argument, computes a float that varies with it. */
  private boolean throughFloats(Object[] args) {
    if (!usesFloats || forward == null) {
      return false;
    }
    for (int param = 0; param < ACTIVE; param++) {
      for (int flat = 0; flat < flatSize(args[param]); flat++) {
        try {
          forward.run(name, args, param, flat);
        } catch (DualInterpreter.Unsupported u) {
          return false;
        }
        if (forward.roundedFloat()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A partial central differences cannot judge: through float roundings, forward mode judges
   * it; otherwise (a kink or a branch switch within the steps) it is not checked.
   */
  private void skipped(Object[] args, int param, int flat, double primal, double g, String at) throws Found {
    if (!usesFloats || !Double.isFinite(g)) {
      stats.partialsSkipped++;
      return;
    }
    String label = PARAM_NAMES[param] + index(args[param], flat);
    Forward f = forwardMode(args, param, flat, primal, "d/d" + label + " through floats", at);
    if (f.tangent() == null || !forward.roundedFloat() || !Double.isFinite(f.tangent())) {
      stats.partialsSkipped++;
      return;
    }
    stats.partialsThroughFloats++;
    if (!agreesWithForwardMode(g, f.tangent())) {
      fail(Oracle.PARTIAL, PARAM_NAMES[param].length() == 1 && flatSize(args[param]) == 1 ? "scalar" : "array",
          "d/d" + label + " = " + g + " where central differences cannot judge the float roundings"
              + f.describe() + at);
    }
  }

  /** What forward mode said of a partial: its tangent, or (null) why it could not tell. */
  private record Forward(Double tangent, String unsupported) {
    String describe() {
      if (tangent != null) {
        return "; forward mode gives " + tangent;
      }
      return unsupported == null ? "" : "; forward mode cannot tell (" + unsupported + ")";
    }
  }

  /**
   * The tangent of the method's result with tangent 1 on element {@code flat} of argument
   * {@code param}, by forward mode; none when there is no AST or the interpreter does not
   * support the program. A forward-mode value that is not the method's own result bit for bit
   * is the interpreter's fault (a harness fault, not the processor's), reported as such.
   */
  private Forward forwardMode(Object[] args, int param, int flat, double primal, String mismatch, String at)
      throws Found {
    if (forward == null) {
      return new Forward(null, null);
    }
    Dual d;
    try {
      d = forward.run(name, args, param, flat);
    } catch (DualInterpreter.Unsupported u) {
      return new Forward(null, u.getMessage());
    }
    if (!sameBits(d.v(), primal)) {
      fail(Oracle.GENERATOR, "forward", "the forward-mode interpreter computes " + d.v() + " where " + name
          + " returns " + primal + " (while confirming: " + mismatch + ")" + at);
    }
    return new Forward(d.t(), null);
  }

  /** Within rounding of each other: relative, with slack for terms as large as the method's values. */
  private boolean agreesWithForwardMode(double g, double tangent) {
    double scale = Math.max(Math.abs(g), Math.abs(tangent));
    return Double.isFinite(g) && Double.isFinite(tangent)
        && Math.abs(g - tangent) <= FORWARD_TOLERANCE * scale + ROUNDING * magnitude;
  }

  private static boolean agrees(double g, Estimate e) {
    double scale = Math.max(1.0, Math.max(Math.abs(g), Math.abs(e.value)));
    return Double.isFinite(g) && Math.abs(g - e.value) <= CD_TOLERANCE * scale + e.noise;
  }

  private record Estimate(double value, double noise) {}

  /**
   * Two Richardson-refined central differences, (h, h/2) and (h/2, h/4); null when they disagree
   * (a kink or a jump within the steps) or a value is not finite.
   */
  private Estimate estimate(Object[] args, int param, int flat, double x0, double base) throws Found {
    double h = base * Math.max(1.0, Math.abs(x0));
    double[] d = new double[3];
    double fMax = 0;
    for (int k = 0; k < 3; k++) {
      double s = h / (1 << k);
      double xp = x0 + s;
      double xm = x0 - s;
      double fp = evaluateAt(args, param, flat, xp);
      double fm = evaluateAt(args, param, flat, xm);
      if (!Double.isFinite(fp) || !Double.isFinite(fm)) {
        return null;
      }
      fMax = Math.max(fMax, Math.max(Math.abs(fp), Math.abs(fm)));
      d[k] = (fp - fm) / (xp - xm);
    }
    double r1 = (4 * d[1] - d[0]) / 3;
    double r2 = (4 * d[2] - d[1]) / 3;
    // Rounding of f (an ulp or so of its magnitude per evaluation) divided by the smallest step,
    // with room for the extrapolation's amplification.
    double noise = 1e-14 * Math.max(fMax, magnitude) / h;
    double scale = Math.max(1.0, Math.abs(r2));
    if (!Double.isFinite(r1) || !Double.isFinite(r2) || Math.abs(r1 - r2) > CD_AGREEMENT * scale + noise) {
      return null;
    }
    return new Estimate(r2, noise);
  }

  private double evaluateAt(Object[] args, int param, int flat, double x) throws Found {
    Object[] a = Points.copy(args);
    if (a[param] instanceof Double) {
      a[param] = x;
    } else if (a[param] instanceof double[] v) {
      v[flat] = x;
    } else {
      double[][] m = (double[][]) a[param];
      int cols = m[0].length;
      m[flat / cols][flat % cols] = x;
    }
    try {
      return (Double) original.invoke(receiver, a);
    } catch (InvocationTargetException e) {
      throw new Found(new Problem(Oracle.GENERATOR, "", name + " itself threw " + e.getCause()));
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- values

  private static boolean sameBits(double x, double y) {
    return Double.doubleToLongBits(x) == Double.doubleToLongBits(y);
  }

  private static int flatSize(Object o) {
    if (o instanceof double[] a) {
      return a.length;
    }
    if (o instanceof double[][] a) {
      return a.length * a[0].length;
    }
    return 1;
  }

  private static double element(Object o, int flat) {
    if (o instanceof double[] a) {
      return a[flat];
    }
    if (o instanceof double[][] a) {
      return a[flat / a[0].length][flat % a[0].length];
    }
    return (Double) o;
  }

  private static String index(Object o, int flat) {
    if (o instanceof double[]) {
      return "[" + flat + "]";
    }
    if (o instanceof double[][] a) {
      return "[" + flat / a[0].length + "][" + flat % a[0].length + "]";
    }
    return "";
  }

  private static boolean sameShape(Object arg, Object c) {
    if (arg instanceof double[] a) {
      return c instanceof double[] b && a.length == b.length;
    }
    if (arg instanceof double[][] a) {
      if (!(c instanceof double[][] b) || a.length != b.length) {
        return false;
      }
      for (int i = 0; i < a.length; i++) {
        if (b[i] == null || a[i].length != b[i].length) {
          return false;
        }
      }
      return true;
    }
    return c instanceof Double;
  }

  /** null when x and y agree to {@code tol} element by element, else a description. */
  private static String difference(Object x, Object y, double tol) {
    return difference(x, y, tol, 0);
  }

  /** As {@link #difference(Object, Object, double)}, with an absolute slack besides. */
  private static String difference(Object x, Object y, double tol, double slack) {
    if (y == null || !sameShape(x, y)) {
      return "expected " + Points.valueString(x) + " but was " + Points.valueString(y);
    }
    for (int k = 0; k < flatSize(x); k++) {
      double a = element(x, k);
      double b = element(y, k);
      if (!close(a, b, tol) && !(Math.abs(a - b) <= slack)) {
        return "expected " + a + " but was " + b + (flatSize(x) > 1 ? " at " + index(x, k) : "");
      }
    }
    return null;
  }

  /** Whether, shapes equal, every element where {@code x} and {@code y} differ is NaN or infinite in one of them. */
  private static boolean differsOnlyWhereNotFinite(Object x, Object y) {
    if (y == null || !sameShape(x, y)) {
      return false;
    }
    for (int k = 0; k < flatSize(x); k++) {
      double a = element(x, k);
      double b = element(y, k);
      if (!close(a, b, EXACT_TOLERANCE) && Double.isFinite(a) && Double.isFinite(b)) {
        return false;
      }
    }
    return true;
  }

  private static boolean close(double a, double b, double tol) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return a == b;
    }
    return Math.abs(a - b) <= tol * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static Object component(Object record, String c) throws Found {
    for (RecordComponent rc : record.getClass().getRecordComponents()) {
      if (rc.getName().equals(c)) {
        try {
          Method acc = rc.getAccessor();
          acc.setAccessible(true);
          return acc.invoke(record);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new Found(new Problem(Oracle.MISSING_MEMBER, "component",
        record.getClass().getSimpleName() + " has no component " + c));
  }

  private static void fail(Oracle o, String key, String detail) throws Found {
    throw new Found(new Problem(o, key, detail));
  }

  /** Lists, for reports. */
  static List<String> names(Oracle... os) {
    List<String> out = new ArrayList<>();
    for (Oracle o : os) {
      out.add(o.name());
    }
    return out;
  }
}
