package dev.adjoint.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checks what Adjoint generated for a {@code @Differentiable} method against central differences
 * of the method itself, for a user's own tests:
 *
 * <pre>{@code
 * GradientCheck.of(Model.class, "loss").assertGradient(w, b, x, y);   // m(...)'s partials
 * GradientCheck.of(Model.class, "loss").assertJvp(w, b, x, y);        // mJvp along random tangents
 * GradientCheck.of(Model.class, "loss").assertHvp(w, b, x, y);        // mHvp against differences of the gradient
 * GradientCheck.of(Layer.class, "forward").assertJacobian(w, x);      // a method returning double[]
 * GradientCheck.of(model, "loss").assertGradient(x, y);               // an instance method
 * }</pre>
 *
 * <p>A mismatch throws an {@link AssertionError} naming the method, the parameter and the element,
 * with both numbers, the tolerance, and every other mismatch found (up to ten). Arguments are
 * copied before every call, so methods that write into their arrays are checked as they are. The
 * differences are Richardson-refined (see {@link Differences}); the tolerance is relative ({@code
 * 1e-6} unless {@link #withTolerance} says otherwise), with an allowance for the rounding error of
 * differencing a function of large values.
 */
public final class GradientCheck {
  private static final int SHOWN = 10;

  private final Object receiver;
  private final Class<?> owner;
  private final String name;
  private final double tolerance;
  private final List<String> parameterNames;

  private GradientCheck(Object receiver, Class<?> owner, String name, double tolerance, List<String> parameterNames) {
    this.receiver = receiver;
    this.owner = owner;
    this.name = name;
    this.tolerance = tolerance;
    this.parameterNames = parameterNames;
  }

  /** The static method {@code name} of {@code owner}. */
  public static GradientCheck of(Class<?> owner, String name) {
    return new GradientCheck(null, owner, name, 1e-6, null);
  }

  /** The instance method {@code name} of {@code receiver}'s class, called on {@code receiver}. */
  public static GradientCheck of(Object receiver, String name) {
    return new GradientCheck(receiver, receiver.getClass(), name, 1e-6, null);
  }

  /** The same check with relative tolerance {@code relative}. */
  public GradientCheck withTolerance(double relative) {
    return new GradientCheck(receiver, owner, name, relative, parameterNames);
  }

  /**
   * The same check, told the method's parameter names, where its class was compiled without
   * {@code -parameters} and two parameters of one type leave open which ones are differentiated.
   */
  public GradientCheck withParameterNames(String... names) {
    return new GradientCheck(receiver, owner, name, tolerance, List.of(names));
  }

  // ---------------------------------------------------------------- the checks

  /** {@code m(args)}: its value is the method's, and each partial matches central differences. */
  public void assertGradient(Object... args) {
    Target t = target(args);
    Object gradient = t.callGrad(name, args);
    Mismatches found = new Mismatches(t.describe());
    double value = component(gradient, "value");
    double primal = t.primal(args);
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(primal)) {
      found.add("value", "the method returns " + primal + " but the gradient's value is " + value);
    }
    for (Active p : t.active()) {
      forEachElement(args, p, (element, at) -> {
        Differences.Estimate d = Differences.at(v -> t.primal(at.apply(v)), element.get());
        found.compare(p.label(element), read(componentObject(gradient, p.name()), element), d, tolerance);
      });
    }
    found.throwIfAny();
  }

  /**
   * {@code mJvp(args, tangents)} along two seeded random directions: its value is the method's,
   * its tangent the central difference of the method along the direction.
   */
  public void assertJvp(Object... args) {
    Target t = target(args);
    Mismatches found = new Mismatches(t.describe());
    Random random = new Random(20261203);
    for (int trial = 0; trial < 2; trial++) {
      Object[] tangents = t.randomTangents(args, random);
      Object jvp = t.callGrad(name + "Jvp", concat(args, tangents));
      Differences.Estimate d = Differences.at(s -> t.primal(t.along(args, tangents, s)), 0);
      found.compare("tangent along random direction " + (trial + 1), component(jvp, "tangent"), d, tolerance);
    }
    found.throwIfAny();
  }

  /**
   * {@code mHvp(args, tangents)} along a seeded random direction: its Hessian-vector product, for
   * every element of every differentiated parameter, against the central difference of the
   * generated gradient's partial along the direction (the gradient itself checked by {@link
   * #assertGradient}).
   */
  public void assertHvp(Object... args) {
    Target t = target(args);
    Mismatches found = new Mismatches(t.describe());
    Object[] tangents = t.randomTangents(args, new Random(20261204));
    Object hvp = componentObject(t.callGrad(name + "Hvp", concat(args, tangents)), "hvp");
    for (Active p : t.active()) {
      forEachElement(args, p, (element, at) -> {
        Differences.Estimate d = Differences.at(
            s -> read(componentObject(t.callGrad(name, t.along(args, tangents, s)), p.name()), element), 0);
        found.compare("(H v) for " + p.label(element), read(componentObject(hvp, p.name()), element), d,
            tolerance);
      });
    }
    found.throwIfAny();
  }

  /**
   * {@code m(args)} of a method returning {@code double[]}: its value is the method's, and each
   * entry of each parameter's Jacobian block (row per output, column per element) matches central
   * differences of that output.
   */
  public void assertJacobian(Object... args) {
    Target t = target(args);
    Mismatches found = new Mismatches(t.describe());
    Object jacobian = t.callGrad(name, args);
    double[] value = (double[]) componentObject(jacobian, "value");
    double[] primal = t.vectorPrimal(args);
    if (!Arrays.equals(value, primal)) {
      found.add("value", "the method returns " + Arrays.toString(primal) + " but the Jacobian's value is "
          + Arrays.toString(value));
    }
    for (Active p : t.active()) {
      double[][] block = (double[][]) componentObject(jacobian, p.name());
      int[] column = {0};
      forEachElement(args, p, (element, at) -> {
        for (int row = 0; row < primal.length; row++) {
          int output = row;
          Differences.Estimate d = Differences.at(v -> t.vectorPrimal(at.apply(v))[output], element.get());
          found.compare("d out[" + row + "] / d " + p.label(element), block[row][column[0]], d, tolerance);
        }
        column[0]++;
      });
    }
    found.throwIfAny();
  }

  // ---------------------------------------------------------------- parameters and their elements

  /** A differentiated parameter: its position among the method's parameters and its name. */
  record Active(int index, String name) {
    String label(Element element) {
      return name + element.suffix();
    }
  }

  /** One element of a parameter's value: a double, {@code a[i]} or {@code m[i][j]}. */
  record Element(Object[] args, int parameter, int i, int j) {
    double get() {
      Object value = args[parameter];
      return value instanceof Double d ? d : value instanceof double[] a ? a[i] : ((double[][]) value)[i][j];
    }

    String suffix() {
      return i < 0 ? "" : j < 0 ? "[" + i + "]" : "[" + i + "][" + j + "]";
    }
  }

  private interface ElementAction {
    void accept(Element element, java.util.function.DoubleFunction<Object[]> withValue);
  }

  /** Each element of parameter {@code p} in {@code args}, with a way to make args holding another value there. */
  private static void forEachElement(Object[] args, Active p, ElementAction action) {
    Object value = args[p.index()];
    if (value instanceof Double) {
      action.accept(new Element(args, p.index(), -1, -1), v -> with(args, p.index(), v));
    } else if (value instanceof double[] a) {
      for (int i = 0; i < a.length; i++) {
        int at = i;
        action.accept(new Element(args, p.index(), i, -1), v -> {
          double[] moved = a.clone();
          moved[at] = v;
          return with(args, p.index(), moved);
        });
      }
    } else if (value instanceof double[][] m) {
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < m[i].length; j++) {
          int row = i;
          int col = j;
          action.accept(new Element(args, p.index(), i, j), v -> {
            double[][] moved = deepCopy(m);
            moved[row][col] = v;
            return with(args, p.index(), moved);
          });
        }
      }
    } else {
      throw new IllegalArgumentException("parameter " + p.name() + " is a " + value.getClass().getSimpleName()
          + "; GradientCheck checks double, double[] and double[][] parameters");
    }
  }

  private static double read(Object partial, Element element) {
    return partial instanceof Double d ? d
        : partial instanceof double[] a ? a[element.i()] : ((double[][]) partial)[element.i()][element.j()];
  }

  private static Object[] with(Object[] args, int index, Object value) {
    Object[] copy = args.clone();
    copy[index] = value;
    return copy;
  }

  static Object[] copyArgs(Object[] args) {
    Object[] copy = args.clone();
    for (int k = 0; k < copy.length; k++) {
      copy[k] = deepCopy(copy[k]);
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof double[] a) {
      return (T) a.clone();
    }
    if (value instanceof double[][] m) {
      double[][] copy = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        copy[i] = m[i] == null ? null : m[i].clone();
      }
      return (T) copy;
    }
    if (value instanceof int[] a) {
      return (T) a.clone();
    }
    return value;
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static double component(Object record, String component) {
    return (Double) componentObject(record, component);
  }

  private static Object componentObject(Object record, String component) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(component)) {
        try {
          Method accessor = c.getAccessor();
          accessor.setAccessible(true);
          return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + component + " of " + record.getClass().getName(), e);
        }
      }
    }
    throw new IllegalStateException(record.getClass().getName() + " has no component " + component);
  }

  // ---------------------------------------------------------------- the method and its _Grad

  private Target target(Object[] args) {
    Method method = find(owner, name, args.length, receiver == null);
    Class<?> grad;
    try {
      grad = Class.forName(owner.getName().replace('$', '_') + "_Grad", true, owner.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(owner.getName() + " has no _Grad class: is " + name
          + " annotated @Differentiable, and was Adjoint's processor on the build's processor path?", e);
    }
    return new Target(method, grad);
  }

  private static Method find(Class<?> owner, String name, int arity, boolean isStatic) {
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity && Modifier.isStatic(m.getModifiers()) == isStatic) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new IllegalArgumentException(owner.getName() + " has no " + (isStatic ? "static " : "instance ") + "method "
        + name + " with " + arity + " parameters");
  }

  /** The user's method and its generated class, with what calling them needs. */
  private final class Target {
    private final Method method;
    private final Class<?> grad;
    private List<Active> active;

    Target(Method method, Class<?> grad) {
      this.method = method;
      this.grad = grad;
    }

    String describe() {
      return owner.getSimpleName() + "." + name;
    }

    double primal(Object[] args) {
      return (Double) invoke(method, receiver, copyArgs(args));
    }

    double[] vectorPrimal(Object[] args) {
      return (double[]) invoke(method, receiver, copyArgs(args));
    }

    /** {@code member(args)} of the _Grad class, the receiver first for an instance method. */
    Object callGrad(String member, Object[] args) {
      int arity = args.length + (receiver == null ? 0 : 1);
      for (Method m : grad.getDeclaredMethods()) {
        if (m.getName().equals(member) && m.getParameterCount() == arity && Modifier.isStatic(m.getModifiers())
            && !m.getReturnType().isPrimitive()) {
          m.setAccessible(true);
          Object[] all = receiver == null ? copyArgs(args) : concat(new Object[] {receiver}, copyArgs(args));
          return invoke(m, null, all);
        }
      }
      throw new IllegalArgumentException(grad.getName() + " has no " + member + " taking " + arity
          + " arguments (forward and second-order members exist where forward mode covers the method)");
    }

    /**
     * The differentiated parameters, from the gradient record's components (in declaration
     * order): matched to the method's parameters by name where the class has them, else by type.
     */
    List<Active> active() {
      if (active != null) {
        return active;
      }
      Method gradient = Arrays.stream(grad.getDeclaredMethods())
          .filter(m -> m.getName().equals(name) && m.getReturnType().isRecord())
          .findFirst().orElseThrow(() -> new IllegalArgumentException(grad.getName() + " has no " + name));
      RecordComponent[] components = gradient.getReturnType().getRecordComponents();
      List<RecordComponent> partials = Arrays.asList(components).subList(1, components.length);
      List<String> names = parameterNames != null ? parameterNames
          : Arrays.stream(method.getParameters()).allMatch(java.lang.reflect.Parameter::isNamePresent)
              ? Arrays.stream(method.getParameters()).map(java.lang.reflect.Parameter::getName).toList() : null;
      List<Active> found = new ArrayList<>();
      if (names != null) {
        for (RecordComponent c : partials) {
          int index = names.indexOf(c.getName());
          if (index < 0) {
            throw new IllegalStateException(describe() + " has no parameter " + c.getName());
          }
          found.add(new Active(index, c.getName()));
        }
      } else {
        Class<?>[] types = method.getParameterTypes();
        List<Class<?>> wanted = partialTypes(partials);
        if (embeddings(types, wanted) != 1) {
          throw new IllegalStateException(describe() + " has parameters without a derivative of the same type as"
              + " ones with, and its class was compiled without -parameters, so which is which is not known: compile"
              + " with -parameters, or say with withParameterNames(...)");
        }
        int next = 0;
        for (int k = 0; k < partials.size(); k++) {
          while (types[next] != wanted.get(k)) {
            next++;
          }
          found.add(new Active(next++, partials.get(k).getName()));
        }
      }
      active = found;
      return found;
    }

    /**
     * The types of the differentiated parameters: those of mJvp's tangents, which follow the
     * parameters; a scalar function's partials have them too (a Jacobian's blocks do not).
     */
    private List<Class<?>> partialTypes(List<RecordComponent> partials) {
      int arity = method.getParameterCount() + (receiver == null ? 0 : 1);
      for (Method m : grad.getDeclaredMethods()) {
        if (m.getName().equals(name + "Jvp") && m.getParameterCount() == arity + partials.size()
            && m.getReturnType().isRecord()) {
          Class<?>[] all = m.getParameterTypes();
          return Arrays.asList(all).subList(arity, all.length);
        }
      }
      return partials.stream().<Class<?>>map(RecordComponent::getType).toList();
    }

    /** One random tangent (entries in [-1, 1)) per differentiated parameter. */
    Object[] randomTangents(Object[] args, Random random) {
      List<Object> tangents = new ArrayList<>();
      for (Active p : active()) {
        Object value = args[p.index()];
        if (value instanceof Double) {
          tangents.add(2 * random.nextDouble() - 1);
        } else if (value instanceof double[] a) {
          tangents.add(random.doubles(a.length, -1, 1).toArray());
        } else {
          double[][] m = (double[][]) value;
          double[][] t = new double[m.length][];
          for (int i = 0; i < m.length; i++) {
            t[i] = random.doubles(m[i].length, -1, 1).toArray();
          }
          tangents.add(t);
        }
      }
      return tangents.toArray();
    }

    /** {@code args + s * tangents}. */
    Object[] along(Object[] args, Object[] tangents, double s) {
      Object[] moved = copyArgs(args);
      List<Active> ps = active();
      for (int k = 0; k < ps.size(); k++) {
        int index = ps.get(k).index();
        Object t = tangents[k];
        if (t instanceof Double d) {
          moved[index] = (Double) moved[index] + s * d;
        } else if (t instanceof double[] v) {
          double[] a = (double[]) moved[index];
          for (int i = 0; i < a.length; i++) {
            a[i] += s * v[i];
          }
        } else {
          double[][] v = (double[][]) t;
          double[][] m = (double[][]) moved[index];
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              m[i][j] += s * v[i][j];
            }
          }
        }
      }
      return moved;
    }
  }

  /** In how many ways {@code wanted} is a subsequence of {@code types}. */
  private static long embeddings(Class<?>[] types, List<Class<?>> wanted) {
    long[] ways = new long[wanted.size() + 1];
    ways[0] = 1;
    for (Class<?> type : types) {
      for (int k = wanted.size(); k > 0; k--) {
        if (wanted.get(k - 1) == type) {
          ways[k] += ways[k - 1];
        }
      }
    }
    return ways[wanted.size()];
  }

  private static Object invoke(Method m, Object target, Object[] args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getDeclaringClass().getSimpleName() + "." + m.getName() + " threw " + e.getCause(),
          e.getCause());
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot call " + m + " with these arguments: " + e.getMessage(), e);
    }
  }

  /** The mismatches of one check, reported together. */
  private static final class Mismatches {
    private final String method;
    private final List<String> lines = new ArrayList<>();
    private int count;

    Mismatches(String method) {
      this.method = method;
    }

    void add(String what, String text) {
      count++;
      if (lines.size() < SHOWN) {
        lines.add(what + ": " + text);
      }
    }

    /** {@code generated} against the estimate, within the relative tolerance plus the rounding of differencing. */
    void compare(String what, double generated, Differences.Estimate d, double tolerance) {
      double allowed = tolerance * Math.max(1, Math.max(Math.abs(generated), Math.abs(d.derivative())))
          + 1e-12 * d.scale() + 0.01 * d.spread();
      if (!(Math.abs(generated - d.derivative()) <= allowed)) {
        add("d/d" + what, "generated " + generated + " but central differences give " + d.derivative()
            + " (difference " + Math.abs(generated - d.derivative()) + ", allowed " + allowed + ")");
      }
    }

    void throwIfAny() {
      if (count > 0) {
        throw new AssertionError(method + ": " + count + " mismatch" + (count == 1 ? "" : "es") + "\n  "
            + String.join("\n  ", lines) + (count > lines.size() ? "\n  ..." : ""));
      }
    }
  }
}
