package dev.adjoint.processor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reflection view of one {@code @Differentiable} method {@code m} of class {@code Foo} and of the
 * generated members of {@code Foo_Grad} that belong to it: the record {@code MGradient}, the entry
 * point {@code m(...)}, the class {@code MAdjoint} and the entry point {@code mVjp(...)}.
 *
 * <p>Which parameters are active comes from javac's model of the user source (see {@link
 * ParameterRecorder}), not from the generated code.
 */
public final class DiffMethod {

  private final Compiled compiled;
  private final String classBinaryName;
  private final String name;
  private final List<ParameterRecorder.Param> params;

  private Method original;
  private Method gradientMethod;
  private Method vjpMethod;

  DiffMethod(
      Compiled compiled,
      String classBinaryName,
      String name,
      List<ParameterRecorder.Param> params) {
    this.compiled = compiled;
    this.classBinaryName = classBinaryName;
    this.name = name;
    this.params = params;
  }

  public String name() {
    return name;
  }

  public Compiled compiled() {
    return compiled;
  }

  @Override
  public String toString() {
    return classBinaryName + "." + name;
  }

  // ---------------------------------------------------------------- naming contract

  /** "p.Foo" -> "p.Foo_Grad"; "p.Outer$Inner" -> "p.Outer_Inner_Grad". */
  public String gradClassName() {
    int dot = classBinaryName.lastIndexOf('.');
    String pkg = dot < 0 ? "" : classBinaryName.substring(0, dot + 1);
    String simple = classBinaryName.substring(dot + 1).replace('$', '_');
    return pkg + simple + "_Grad";
  }

  /** "value" -> "Value". */
  public String capitalizedName() {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  public String recordSimpleName() {
    return capitalizedName() + "Gradient";
  }

  public String adjointSimpleName() {
    return capitalizedName() + "Adjoint";
  }

  public List<String> parameterNames() {
    return params.stream().map(ParameterRecorder.Param::name).toList();
  }

  /**
   * Names of the active parameters (double, double[] or double[][], and not @NoDerivative), in
   * declaration order.
   */
  public List<String> activeNames() {
    return params.stream()
        .filter(ParameterRecorder.Param::active)
        .map(ParameterRecorder.Param::name)
        .toList();
  }

  /** Declared types of the active parameters ("double", "double[]", "double[][]"). */
  public List<String> activeTypes() {
    return params.stream()
        .filter(ParameterRecorder.Param::active)
        .map(ParameterRecorder.Param::type)
        .toList();
  }

  /** Does the method have a parameter of an array type (active or not)? */
  public boolean hasArrayParameters() {
    return params.stream().anyMatch(p -> p.type().endsWith("]"));
  }

  int[] activeIndices() {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).active()) {
        idx.add(i);
      }
    }
    return idx.stream().mapToInt(Integer::intValue).toArray();
  }

  // ---------------------------------------------------------------- reflection lookups

  public Class<?> userClass() {
    return compiled.load(classBinaryName);
  }

  public Class<?> gradClass() {
    return compiled.load(gradClassName());
  }

  public Class<?> recordClass() {
    return compiled.load(gradClassName() + "$" + recordSimpleName());
  }

  public Class<?> adjointClass() {
    return compiled.load(gradClassName() + "$" + adjointSimpleName());
  }

  public synchronized Method original() {
    if (original == null) {
      List<Method> found = new ArrayList<>();
      for (Method m : userClass().getDeclaredMethods()) {
        if (m.getName().equals(name)) {
          found.add(m);
        }
      }
      if (found.size() != 1) {
        fail("Expected exactly one method " + this + ", found " + found);
      }
      original = found.get(0);
      original.setAccessible(true);
    }
    return original;
  }

  public synchronized Method gradientMethod() {
    if (gradientMethod == null) {
      gradientMethod = lookup(name, original().getParameterTypes());
    }
    return gradientMethod;
  }

  /** {@code mJvp(params..., tangents of the active ones...)}, or null if the _Grad has none. */
  /** {@code mHvp}, which takes the same parameters as {@code mJvp}; null if the class has none. */
  public synchronized Method hvpMethod() {
    Method jvp = jvpMethod();
    if (jvp == null) {
      return null;
    }
    try {
      Method m = gradClass().getMethod(name + "Hvp", jvp.getParameterTypes());
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  public synchronized Method jvpMethod() {
    Class<?>[] types = original().getParameterTypes();
    int[] active = activeIndices();
    Class<?>[] jvpTypes = Arrays.copyOf(types, types.length + active.length);
    for (int k = 0; k < active.length; k++) {
      jvpTypes[types.length + k] = types[active[k]];
    }
    try {
      Method m = gradClass().getMethod(name + "Jvp", jvpTypes);
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  public synchronized Method vjpMethod() {
    if (vjpMethod == null) {
      Class<?>[] types = original().getParameterTypes();
      Class<?>[] vjpTypes = Arrays.copyOf(types, types.length + 2);
      vjpTypes[types.length] = double.class;
      vjpTypes[types.length + 1] = adjointClass();
      vjpMethod = lookup(name + "Vjp", vjpTypes);
    }
    return vjpMethod;
  }

  private Method lookup(String methodName, Class<?>[] types) {
    Class<?> grad = gradClass();
    try {
      Method m = grad.getMethod(methodName, types);
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          "No public method "
              + methodName
              + Arrays.toString(types)
              + " in "
              + grad.getName()
              + "; declared: "
              + Arrays.toString(grad.getDeclaredMethods())
              + "\n"
              + compiled.generatedSourcesDump());
    }
  }

  // ---------------------------------------------------------------- structural contract

  /**
   * Checks the shape of every generated member of this method against the contract: names,
   * modifiers, record components, parameter types and names, adjoint fields.
   */
  public void assertContract() {
    List<String> problems = new ArrayList<>();
    Class<?> grad = gradClass();
    if (!Modifier.isPublic(grad.getModifiers()) || !Modifier.isFinal(grad.getModifiers())) {
      problems.add(grad.getName() + " must be public final, is " + Modifier.toString(grad.getModifiers()));
    }
    if (grad.getEnclosingClass() != null) {
      problems.add(grad.getName() + " must be a top-level class");
    }
    if (!grad.getPackageName().equals(userClass().getPackageName())) {
      problems.add(grad.getName() + " must be in package " + userClass().getPackageName());
    }

    Class<?> rec = recordClass();
    if (!rec.isRecord()) {
      problems.add(rec.getName() + " must be a record");
    }
    if (!Modifier.isPublic(rec.getModifiers())) {
      problems.add(rec.getName() + " must be public");
    }
    if (rec.getDeclaringClass() != grad) {
      problems.add(rec.getName() + " must be nested in " + grad.getName());
    }
    if (rec.isRecord()) {
      List<String> expected = new ArrayList<>();
      expected.add("value");
      expected.addAll(activeNames());
      List<String> actual = new ArrayList<>();
      for (RecordComponent c : rec.getRecordComponents()) {
        actual.add(c.getName());
        Class<?> want = expectedDerivativeType(c.getName());
        if (c.getType() != want) {
          problems.add(
              "record component "
                  + c.getName()
                  + " must be "
                  + want.getSimpleName()
                  + ", is "
                  + c.getType().getSimpleName());
        }
      }
      if (!expected.equals(actual)) {
        problems.add(rec.getName() + " components must be " + expected + ", are " + actual);
      }
    }

    Method g = gradientMethod();
    checkStaticPublic(g, problems);
    if (g.getReturnType() != rec) {
      problems.add(g + " must return " + rec.getName());
    }
    checkParameterNames(g, parameterNames(), problems);

    Class<?> adj = adjointClass();
    int mods = adj.getModifiers();
    if (!Modifier.isPublic(mods) || !Modifier.isStatic(mods) || !Modifier.isFinal(mods)) {
      problems.add(adj.getName() + " must be public static final, is " + Modifier.toString(mods));
    }
    if (adj.getDeclaringClass() != grad) {
      problems.add(adj.getName() + " must be nested in " + grad.getName());
    }
    try {
      Constructor<?> ctor = adj.getConstructor();
      if (!Modifier.isPublic(ctor.getModifiers())) {
        problems.add(adj.getName() + " no-arg constructor must be public");
      }
    } catch (NoSuchMethodException e) {
      problems.add(adj.getName() + " needs a public no-arg constructor");
    }
    List<String> fields = new ArrayList<>();
    for (Field f : adj.getDeclaredFields()) {
      // Private fields keep callees' adjoint objects between calls: not part of the contract.
      if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || Modifier.isPrivate(f.getModifiers())) {
        continue;
      }
      fields.add(f.getName());
      Class<?> want = expectedDerivativeType(f.getName());
      if (f.getType() != want || !Modifier.isPublic(f.getModifiers())) {
        problems.add("adjoint field " + f + " must be a public " + want.getSimpleName());
      }
      if (Modifier.isFinal(f.getModifiers())) {
        problems.add("adjoint field " + f + " must not be final");
      }
    }
    if (!fields.equals(activeNames())) {
      problems.add(adj.getName() + " instance fields must be " + activeNames() + ", are " + fields);
    }
    try {
      Method reset = adj.getMethod("reset");
      if (reset.getReturnType() != void.class || Modifier.isStatic(reset.getModifiers())) {
        problems.add(reset + " must be a public void instance method");
      }
    } catch (NoSuchMethodException e) {
      problems.add(adj.getName() + " needs public void reset()");
    }

    Method vjp = vjpMethod();
    checkStaticPublic(vjp, problems);
    if (vjp.getReturnType() != double.class) {
      problems.add(vjp + " must return double");
    }
    // The contract names the original parameters; the names of seed/adjoint are not checked.
    checkParameterNames(vjp, parameterNames(), problems);

    if (!problems.isEmpty()) {
      fail(
          "Contract violations for "
              + this
              + ":\n  "
              + String.join("\n  ", problems)
              + "\n"
              + compiled.generatedSourcesDump());
    }
  }

  /**
   * The type of the record component / adjoint field named {@code name}: that of the active
   * parameter of that name ({@code double}, {@code double[]}, {@code double[][]}), {@code double}
   * for "value" and for unknown names.
   */
  private Class<?> expectedDerivativeType(String name) {
    for (ParameterRecorder.Param p : params) {
      if (p.active() && p.name().equals(name) && p.javaClass() != null) {
        return p.javaClass();
      }
    }
    return double.class;
  }

  private static void checkStaticPublic(Method m, List<String> problems) {
    if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
      problems.add(m + " must be public static");
    }
  }

  private static void checkParameterNames(Method m, List<String> expected, List<String> problems) {
    List<String> actual = new ArrayList<>();
    Parameter[] ps = m.getParameters();
    for (int i = 0; i < Math.min(ps.length, expected.size()); i++) {
      if (!ps[i].isNamePresent()) {
        return; // compiled without names: nothing to check
      }
      actual.add(ps[i].getName());
    }
    if (!actual.equals(expected)) {
      problems.add(m.getName() + " parameter names must be " + expected + ", are " + actual);
    }
  }

  // ---------------------------------------------------------------- evaluation

  /**
   * Arguments normalised to the declared parameter types (so {@code at(1, 2)} works). Array
   * arguments are copied deeply, so the caller's arrays are never handed to the code under test.
   */
  Object[] normalise(Object[] args) {
    if (args instanceof double[][] matrix && params.size() == 1) {
      // at(double[][]) alone: javac passes the matrix itself as the varargs array.
      args = new Object[] {matrix};
    }
    if (args.length != params.size()) {
      fail(this + " takes " + params.size() + " arguments, got " + args.length);
    }
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      String type = params.get(i).type();
      Object a = args[i];
      out[i] =
          switch (type) {
            case "double" -> ((Number) a).doubleValue();
            case "int" -> ((Number) a).intValue();
            case "long" -> ((Number) a).longValue();
            default -> ArrayValues.deepCopy(a);
          };
    }
    return out;
  }

  static Object invoke(Method m, Object[] args) {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(
          "Calling " + m + " with " + Arrays.toString(args) + " threw " + e.getCause(),
          e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls the user's original method. */
  public double primal(Object... args) {
    return (Double) invoke(original(), normalise(args));
  }

  /** The method at a point: the entry to all assertions. */
  public Point at(Object... args) {
    return new Point(this, normalise(args));
  }
}
