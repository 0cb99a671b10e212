package dev.adjoint.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every error Adjoint reports: on the right line, with a message that says what is unsupported
 * and what to do, no stack trace, and no {@code _Grad} written for the class.
 */
class DiagnosticsTest {


  private static JavaFileObject badSource(String body) {
    return JavaFileObjects.forSourceString("q.Bad", """
        package q;

        import dev.adjoint.Differentiable;
        import dev.adjoint.NoDerivative;

        class Bad {
          static double counter = 1;
          private static final double HIDDEN = Math.sqrt(2);
          static final double[] TABLE = {1, 2};
          private static final double[] SECRET = {3};
          static {
            SECRET[0] = 4;
          }

          static double helper(double x) {
            return x;
          }

          @Differentiable
          static double h(double x, @NoDerivative double k) {
            return x * k;
          }

        %s
        }
        """.formatted(body));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      switch on a double    | @Differentiable static double m(double x) {\\n switch ((long) x) { default: x = 1; }\\n return x; } | switch ((long) x) | a switch on '(long) x' is not supported in a @Differentiable method yet; switch on an int
      checked exception     | @Differentiable static double m(double x) throws Exception {\\n if (x < 0) { throw new Exception("no"); }\\n return x; } | throw new Exception | this throw statement is not supported in a @Differentiable method yet; throw new SomeUncheckedException("text" + value) with a message of strings and numbers
      returning a parameter | @Differentiable static double m(double[] a) {\\n double[] b = same(a);\\n return b[0]; }\\n static double[] same(double[] v) {\\n return v; } | return v; | returning this array is not supported in a @Differentiable method yet; return a local array variable the method allocated
      for-each over a list  | @Differentiable static double m(double x) {\\n for (double v : java.util.List.of(x)) { x *= v; }\\n return x; } | for (double v : | a for-each loop over 'java.util.List.of(x)' is not supported in a @Differentiable method yet; loop over an array: double[], the rows of a double[][], int[], long[] or boolean[]
      for-each over a number | @Differentiable static double m(double x) {\\n double s = 0;\\n for (double v : helper(x)) { s += v; }\\n return s; } | for (double v : helper | a for-each loop over 'helper(x)' is not supported in a @Differentiable method yet; loop over an array
      for-each boxed variable | @Differentiable static double m(double[] a) {\\n double s = 0;\\n for (Double v : a) { s += v; }\\n return s; } | for (Double v | local variable v has type Double, which Adjoint does not support
      yield inside an if   | @Differentiable static double m(double x, int n) {\\n double y = switch (n) { case 0 -> { if (x > 0) { yield x; }\\n yield -x; } default -> x; };\\n return y; } | if (x > 0) | a yield inside a statement of a switch arm is not supported in a @Differentiable method; set a variable there, and yield it at the end of the arm
      label on a block      | @Differentiable static double m(double x) {\\n done: { x *= 2; }\\n return x; } | done: | a label on a statement that is not a loop is not supported
      mutable static field  | @Differentiable static double m(double x) {\\n return x * counter; } | x * counter | field q.Bad.counter is not a static final constant; pass its value in as a @NoDerivative parameter
      private non-constant  | @Differentiable static double m(double x) {\\n return x * HIDDEN; } | x * HIDDEN | field q.Bad.HIDDEN is private and not a compile-time constant, so the generated class cannot read it; make it package-private
      method without source | @Differentiable static double m(double x) {\\n return java.awt.geom.Point2D.distance(x, 1.0, 0.0, 0.0) * x; } | return java.awt.geom.Point2D.distance | Point2D.distance has no derivative: it is not @Differentiable, and Adjoint differentiates a method without @Differentiable only when it is in the same source file as its caller
      private helper        | @Differentiable static double m(double x) {\\n return hidden(x); }\\n private static double hidden(double x) { return x; } | return hidden | Bad.hidden is private, so the generated code cannot call it; make it package-private
      record with a float array | record P(float[] v) { }\\n @Differentiable static double m(P p) {\\n return p.v()[0]; } | static double m(P p) | the record P cannot be differentiated component by component: its component v is a float[], whose partials (doubles) a record of its type cannot hold; pass the array as a parameter of its own
      Math.ulp of a float   | @Differentiable static double m(float x) {\\n return x * Math.ulp(x); } | Math.ulp | Math.ulp of a float is not supported; call it on a double, as in Math.ulp((double) x)
      record with a constructor | record P(double x) {\\n P { if (x < 0) throw new IllegalArgumentException(); } }\\n @Differentiable static double m(P p) {\\n return p.x() * p.x(); } | static double m(P p) | the record P cannot be differentiated component by component: it declares its canonical constructor, which may check or change the values it is given
      record with an accessor | record P(double x) {\\n public double x() { return 2 * x; } }\\n @Differentiable static double m(double a) {\\n P p = new P(a);\\n return p.x(); } | P p = new P(a) | the record P cannot be differentiated component by component: it declares the accessor x(), which may return something else than the component
      record with a parameter's array from a helper | record P(double[] v, double w) { }\\n static P wrap(double[] a) { return new P(a, 1); }\\n @Differentiable static double m(double[] a) {\\n P h = wrap(a);\\n return h.v()[0] * h.w(); } | return new P(a, 1) | returning this array as the component v is not supported in a @Differentiable method yet; give each array component a local array variable the method allocated, as in double[] out = new double[n]; ...; return new P(..., out, ...);
      array helper returning its parameter | static double[] id(double[] x) {\\n double[] y = x;\\n return y; }\\n @Differentiable static double m(double[] x, double a) {\\n double[] p = id(x);\\n p[0] *= a;\\n return x[0] * p[0]; } | return y; | returning the array y, which is not always one this method allocated (it is set in 'double[] y = x;'), is not supported in a @Differentiable method yet; return an array variable only ever set to a new array
      record component aliasing a parameter | record P(double[] v, double w) { }\\n static P wrap(double[] x, int n) {\\n double[] y = new double[n];\\n if (n > 2) { y = x; }\\n return new P(y, 1); }\\n @Differentiable static double m(double[] x, int n) {\\n return wrap(x, n).v()[0]; } | return new P(y, 1) | returning the array y, which is not always one this method allocated (it is set in 'y = x;')
      record with one array twice | record P(double[] v, double[] u) { }\\n static P twice(double[] a) {\\n double[] b = new double[a.length];\\n return new P(b, b); }\\n @Differentiable static double m(double[] a) {\\n return twice(a).u()[0]; } | return new P(b, b) | returning this array as the component u is not supported
      record with a matrix from a helper | record P(double[][] v) { }\\n static P wrap(double[] a) { return new P(new double[][] {a}); }\\n @Differentiable static double m(double[] a) {\\n P h = wrap(a);\\n return h.v()[0][0]; } | P h = wrap(a) | 'wrap(a)' returns the record P, whose component v is a double[][]: a record returned by a method is carried as an array of doubles, so its components may be numbers, booleans and one-dimensional arrays of them; return the array of arrays from a method of its own, or pass it in and fill it
      record from a private helper | record P(double x) { }\\n private static P half(P p) { return new P(p.x() / 2); }\\n @Differentiable static double m(P p) {\\n P h = half(p);\\n return h.x(); } | P h = half(p) | Bad.half is private
      checkpointed loop missing | @Differentiable @dev.adjoint.CheckpointedLoop("time") static double m(double x, int n) {\\n for (int i = 0; i < n; i++) { x = x * 0.5; }\\n return x; } | static double m(double x, int n) | @CheckpointedLoop names the loop 'time', and
      checkpointed inner loop | @Differentiable @dev.adjoint.CheckpointedLoop("inner") static double m(double x, int n) {\\n for (int j = 0; j < n; j++) {\\n inner: for (int i = 0; i < n; i++) { x = x * 0.5; } }\\n return x; } | inner: for | the checkpointed loop 'inner' is inside another loop, which is not supported yet
      checkpointed swap | @Differentiable @dev.adjoint.CheckpointedLoop("time") static double m(double[] a, double[] b, int n) {\\n time: for (int i = 0; i < n; i++) { double[] t = a; a = b; b = t; a[0] *= 2; }\\n return a[0]; } | time: for | the checkpointed loop 'time' makes the array variable a point to another array
      checkpoint budget | @Differentiable @dev.adjoint.CheckpointedLoop(value = "time", snapshots = -1)\\n static double m(double x, int n) {\\n time: for (int i = 0; i < n; i++) { x = x * 0.5; }\\n return x; } | static double m(double x, int n) | @CheckpointedLoop's snapshots must be 1 or more, or 0 for the default; it is -1
      record helper's carrier name | record P(double x) { }\\n static P half(double a) { return new P(a / 2); }\\n static double halfComponents(double a) { return a; }\\n @Differentiable static double m(double a) {\\n P h = half(a);\\n return h.x() + halfComponents(a); } | static double halfComponents | both would generate halfComponents
      overridable instance method | @Differentiable\\n double m(double x) { return x; } | double m( | @Differentiable instance method Bad.m can be overridden in a subclass, whose method the generated gradient would not differentiate; make the method or its class final
      private field of this | private double hiddenField = 2;\\n @Differentiable final double m(double x) {\\n return x * hiddenField; } | x * hiddenField | field Bad.hiddenField is private, so the generated class cannot read it; make it package-private
      array field as a value | double[] weights = {1, 2};\\n @Differentiable final double m(double x) {\\n double[] w = weights;\\n return x * w[0]; } | double[] w = weights | the array field Bad.weights can be read here only by its elements (as in w[i]) and its length
      overridable callee    | double scale(double x) { return 2 * x; }\\n @Differentiable final double m(double x) {\\n return scale(x); } | return scale(x) | calling Bad.scale, which a subclass may override, is not supported in a @Differentiable method: the derivative would be of this class's method whatever the object is; make the method or its class final
      private method        | @Differentiable\\n private static double m(double x) { return x; } | private static double m | @Differentiable method Bad.m must not be private: the generated q.Bad_Grad calls it; make it package-private
      parameter named value | @Differentiable static double m(\\n double value) { return value; } | double value) | parameter 'value' clashes with the 'value' component of the generated gradient record; rename the parameter
      into @NoDerivative    | @Differentiable static double m(double x) {\\n return h(1.0, x); } | return h(1.0 | this argument depends on a differentiated parameter, but parameter k of Bad.h is @NoDerivative, so its derivative would be lost; remove @NoDerivative there
      boolean compound in expr | @Differentiable static double m(double x) {\\n boolean f = false;\\n return x * ((f &= x > 0) ? 1 : 2); } | (f &= x > 0) | the bitwise compound assignment 'f &= x > 0' is not supported in a @Differentiable method; use it on int and long variables and elements, or as a statement on a boolean variable
      assigning a field in expr | @Differentiable static double m(double x) {\\n return (counter = x) * 2; } | (counter = x) | only local variables and parameters can be assigned in a @Differentiable method; 'counter' is neither
      increment in a throw  | @Differentiable static double m(double x, int n) {\\n if (x < 0) { throw new IllegalArgumentException("bad " + n++); }\\n return x; } | "bad " + n++ | an assignment inside a throw's message is not supported in a @Differentiable method yet; assign before the throw statement
      Math.random           | @Differentiable static double m(double x) {\\n return x * Math.random(); } | Math.random | Math.random() is not supported: it is not a function of its arguments
      int return            | @Differentiable\\n static int m(double x) { return 1; } | static int m | @Differentiable method Bad.m returns int; it must return double or double[]
      method on object      | @Differentiable static double m(double x) {\\n return "s".length() * x; } | "s".length() | calling a method on '"s"' is not supported
      3-d array parameter   | @Differentiable static double m(\\n double[][][] x) { return x[0][0][0]; } | double[][][] x | parameter x has type double[][][], which Adjoint does not support
      array without value   | @Differentiable static double m(double x) {\\n double[] a;\\n a = new double[2];\\n return x; } | double[] a; | an array variable without an initial value is not supported in a @Differentiable method yet; declare it where it is allocated
      literal to array parameter | @Differentiable static double m(double[] x) {\\n return sum(new double[] {x[0], 1}); }\\n @Differentiable static double sum(double[] v) { return v[0] + v[1]; } | return sum( | passing 'new double[]{x[0], 1}' to an array parameter is not supported in a @Differentiable method; store it in an array variable and pass that
      String local          | @Differentiable static double m(double x) {\\n String s = "a";\\n return x; } | String s | local variable s has type String, which Adjoint does not support
      unknown method        | @Differentiable static double m(double x) {\\n return Math.nope(x); } | Math.nope | Adjoint cannot resolve the method 'Math.nope'
      lambda                | @Differentiable static double m(double x) {\\n java.util.function.DoubleUnaryOperator f = v -> v;\\n return x; } | DoubleUnaryOperator f | local variable f has type java.util.function.DoubleUnaryOperator, which Adjoint does not support
      generic method        | @Differentiable\\n static <T> double m(double x) { return x; } | static <T> | @Differentiable method Bad.m must not have type parameters
      table as a variable   | @Differentiable static double m(double x) {\\n double[] t = TABLE;\\n return x * t[0]; } | double[] t = TABLE | the table q.Bad.TABLE can be read here only by its elements (as in TABLE[i]) and its length
      table passed on       | @Differentiable static double m(double x) {\\n return x * first(TABLE); }\\n static double first(double[] v) { return v[0]; } | first(TABLE) | the table q.Bad.TABLE can be read here only by its elements
      row of a table        | static final double[][] GRID = {{1, 2}};\\n @Differentiable static double m(double x) {\\n double[] r = GRID[0];\\n return x * r[1]; } | GRID[0]; | the table 'GRID[0]' can be read here only by its elements
      table written         | @Differentiable static double m(double x) {\\n TABLE[0] = x;\\n return x; } | TABLE[0] = x | only local variables and parameters can be assigned in a @Differentiable method; 'TABLE[0]' is neither
      private table written | @Differentiable static double m(double x) {\\n return x * SECRET[0]; } | x * SECRET[0] | table q.Bad.SECRET is private, so the generated class cannot read it, and it cannot hold a copy: its initialiser is not numeric literals only, or its class does more with it than read elements and lengths; make it package-private
      unused call           | @Differentiable static double m(double x) {\\n Math.sin(x);\\n return x; } | Math.sin(x); | an expression whose value is unused is not supported
      overloads             | @Differentiable static double m(double x) { return x; }\\n @Differentiable static double m(double x, double y) { return x; } | double m(double x, double y) | @Differentiable method m clashes with m: both would generate m; rename one of them (overloaded @Differentiable methods are not supported)
      names differing by case | @Differentiable static double loss(double x) { return x; }\\n @Differentiable static double Loss(double x) { return x; } | double Loss( | @Differentiable method Loss clashes with loss
      printing              | @Differentiable static double m(double x) {\\n double y = x * x;\\n System.out.println("y=" + y);\\n return y; } | System.out.println("y=" | calling 'System.out.println' is not supported in a @Differentiable method: it is a method of the object 'System.out', which Adjoint can neither differentiate nor know to leave the result alone; move it out of the method (to print or log, do it in the caller, with the value and partials the gradient returns)
      logging               | static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("q");\\n @Differentiable static double m(double x) {\\n LOG.fine("x");\\n return x; } | LOG.fine | calling 'LOG.fine' is not supported in a @Differentiable method: it is a method of the object 'LOG'
      Arrays.parallelSort   | @Differentiable static double m(double[] x) {\\n java.util.Arrays.parallelSort(x);\\n return x[0]; } | java.util.Arrays.parallelSort(x) | Arrays.parallelSort is not supported in a @Differentiable method; write it as a loop over the array's elements
      Arrays.stream         | @Differentiable static double m(double[] x) {\\n return java.util.Arrays.stream(x).map(v -> v * v).sum(); } | java.util.Arrays.stream(x) | Arrays.stream is not supported in a @Differentiable method
      row of a matrix's clone re-pointed | @Differentiable static double m(double[][] x) {\\n double[][] y = x.clone();\\n y[0] = new double[2];\\n return y[0][0]; } | y[0] = new double[2] | assigning the row 'y[0]' is not supported in a @Differentiable method; a matrix's rows stay where they are: copy into the row (System.arraycopy(r, 0, m[i], 0, n)), swap rows element by element, or keep the order in an int[] of row indices
      arraycopy across types | @Differentiable static double m(double[] x) {\\n int[] k = new int[2];\\n System.arraycopy(x, 0, k, 0, 2);\\n return x[k[0]]; } | System.arraycopy(x, 0, k, 0, 2) | System.arraycopy is supported on one-dimensional arrays of one element type (double[], int[], long[], boolean[]), not on int[] with double[]
      fill with a double into int[] | @Differentiable static double m(double x) {\\n int[] k = new int[2];\\n java.util.Arrays.fill(k, x);\\n return x; } | java.util.Arrays.fill(k, x) | 'x' is not supported in a @Differentiable method
      call without source   | @Differentiable static double m(double[] a) {\\n System.gc();\\n return a[0]; } | System.gc() | calling 'System.gc' as a statement is not supported in a @Differentiable method: its source is not part of this compilation, so Adjoint cannot tell what it changes; move it out of the method, or call a static method of this compilation instead
      write through an overloaded call | @Differentiable static double m(double[] a) {\\n outer(a);\\n return a[0] * a[0]; }\\n static void outer(double[] v) {\\n inner(v); }\\n static void inner(double[] w) { w[0] = 2 * w[0]; }\\n static void inner(int[] w) { } | static void outer | outer writes into its array parameter v only through a call of another method, which Adjoint does not follow when it differentiates calls of outer; write the elements of v in outer itself
      """)
  void reportsUnsupportedCodeOnTheOffendingLine(String name, String body, String line, String message) {
    JavaFileObject source = badSource(body.replace("\\n", "\n"));
    Compilation compilation = javac().withProcessors(new AdjointProcessor()).compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    assertNoStackTrace(compilation);
    assertThat(GeneratedOnDisk.generatedSources(List.of(source))).isEmpty();
  }

  /** An unsupported method of a nested type: an error on it, and no _Grad for that type. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      instance method of a generic class | static final class G<T> {\\n @Differentiable double g(double x) { return x; } } | double g( | @Differentiable instance method G.g is in the generic class G; make it static and pass what it reads from the object as parameters
      enum whose constants override | enum E { A { };\\n @Differentiable double g(double x) { return x; } } | double g( | @Differentiable instance method E.g can be overridden in a subclass
      default method        | interface I {\\n @Differentiable default double g(double x) { return x; } } | default double g( | @Differentiable method I.g must be static
      private interface method | interface I {\\n @Differentiable private static double g(double x) { return x; } } | private static double g( | @Differentiable method I.g must not be private: the generated q.Bad_I_Grad calls it; make it package-private
      inner class           | class Inner {\\n @Differentiable static double g(double x) { return x; } } | static double g( | @Differentiable methods must be in a top-level class or a static nested class, not in q.Bad.Inner
      """)
  void reportsUnsupportedMethodsOfNestedTypes(String name, String body, String line, String message) {
    JavaFileObject source = badSource(body.replace("\\n", "\n"));
    Compilation compilation = javac().withProcessors(new AdjointProcessor()).compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    assertNoStackTrace(compilation);
    assertThat(GeneratedOnDisk.generatedSources(List.of(source))).containsExactly("q/Bad_Grad.java");
  }

  /** A derivative rule that does not fit its target: an error on the rule, saying what would. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      rule not static      | @dev.adjoint.DerivativeOf(value = Bad.class, method = "helper")\\n double rule(double x, double xDot) { return xDot; } | double rule( | derivative rule Bad.rule must be static
      private rule         | @dev.adjoint.DerivativeOf(value = Bad.class, method = "helper")\\n private static double rule(double x, double xDot) { return xDot; } | private static double rule( | derivative rule Bad.rule must not be private: the generated code calls it; make it package-private or public
      no such method       | @dev.adjoint.DerivativeOf(value = Bad.class, method = "nothing")\\n static double rule(double x, double xDot) { return xDot; } | static double rule( | derivative rule Bad.rule describes no method: q.Bad has no static method nothing whose parameters the rule's first parameters repeat
      missing tangent      | @dev.adjoint.DerivativeOf(value = Bad.class, method = "helper")\\n static double rule(double x) { return 1; } | static double rule( | derivative rule Bad.rule does not fit Bad.helper(double): after the 1 parameters of the method, a JVP rule takes one double tangent for each of its 1 double parameters, and nothing else
      int tangent          | @dev.adjoint.DerivativeOf(value = Bad.class, method = "helper")\\n static double rule(double x, int xDot) { return 1; } | static double rule( | a JVP rule takes one double tangent for each of its 1 double parameters
      returns int          | @dev.adjoint.DerivativeOf(value = Bad.class, method = "helper")\\n static int rule(double x, double xDot) { return 1; } | static int rule( | derivative rule Bad.rule does not fit Bad.helper(double): it returns int: a JVP rule returns double, a VJP rule void
      VJP of a double      | @dev.adjoint.DerivativeOf(value = Bad.class, method = "helper")\\n static void rule(double x, double s, double sBar, double xBar) { } | static void rule( | its parameter x is a double, whose adjoint a void rule cannot hand back; write a JVP rule if all parameters are numbers, or pass the double in a double[]
      VJP adjoint type     | static double sum(double[] v) { return v[0]; }\\n @dev.adjoint.DerivativeOf(value = Bad.class, method = "sum")\\n static void rule(double[] v, double sBar, double[][] vBar) { } | static void rule( | a VJP rule takes the result (double, optional), the result's adjoint (double) and one adjoint for each of its 1 double array parameters, of the same type, in order
      two rules            | @dev.adjoint.DerivativeOf(value = Bad.class, method = "helper")\\n static double rule(double x, double xDot) { return xDot; }\\n @dev.adjoint.DerivativeOf(value = Bad.class, method = "helper")\\n static double other(double x, double xDot) { return xDot; } | static double other( | Bad.helper(double) has two derivative rules, Bad.rule and Bad.other; keep one
      rule of a float method | static double lib(float x) { return x * x; }\\n @dev.adjoint.DerivativeOf(value = Bad.class, method = "lib")\\n static double libJvp(float x, float xDot) { return 2 * x * xDot; }\\n @Differentiable static double m(double x) {\\n return lib((float) x); } | static double libJvp( | derivative rule Bad.libJvp does not fit Bad.lib(float): its parameter x has type float; rules describe methods of double, int, long and boolean values and arrays
      """)
  void reportsARuleThatDoesNotFitOnTheRule(String name, String body, String line, String message) {
    JavaFileObject source = badSource(body.replace("\\n", "\n"));
    Compilation compilation = javac().withProcessors(new AdjointProcessor()).compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    assertNoStackTrace(compilation);
  }

  /**
   * javac shows processors no element declared in a method body; Adjoint finds such methods on the
   * trees instead of ignoring them (whenever another @Differentiable method is compiled with them).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      local class          | class Local {\\n @Differentiable static double f(double x) { return x * x; } }\\n return new Local(); | static double f( | @Differentiable method f is in local class Local, which javac does not show annotation processors, so it would get no _Grad; move it to a top-level class or a static nested class
      anonymous class      | return new Object() {\\n @Differentiable double g(double x) { return x; } }; | double g( | @Differentiable method g is in an anonymous class, which javac does not show annotation processors, so it would get no _Grad; move it to a top-level class or a static nested class
      nested in a local class | class Local {\\n class Deeper {\\n @Differentiable\\n double f(double x) { return x * x; } } }\\n return new Local(); | double f( | @Differentiable method f is in class Deeper, nested in a local or anonymous class, which javac does not show annotation processors
      fully qualified      | return new Object() {\\n @dev.adjoint.Differentiable double g(double x) { return x; } }; | double g( | @Differentiable method g is in an anonymous class
      """)
  void reportsMethodsOfLocalAndAnonymousClasses(String name, String body, String line, String message) {
    JavaFileObject source = badSource("static Object make() {\n" + body.replace("\\n", "\n") + "\n}\n");
    Compilation compilation = javac().withProcessors(new AdjointProcessor()).compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    assertNoStackTrace(compilation);
  }

  @Test
  void doesNotWriteAGradForAClassThatCallsIntoAFailedOne() {
    JavaFileObject broken = JavaFileObjects.forSourceString("q.Broken", """
        package q;
        import dev.adjoint.Differentiable;
        class Broken {
          @Differentiable static double f(double x) {
            for (double v : java.util.List.of(x)) { x = v; }
            return x;
          }
        }
        """);
    JavaFileObject caller = JavaFileObjects.forSourceString("q.Caller", """
        package q;
        import dev.adjoint.Differentiable;
        class Caller {
          @Differentiable static double g(double x) {
            return Broken.f(x) * 2;
          }
        }
        """);
    Compilation compilation = javac().withProcessors(new AdjointProcessor()).compile(broken, caller);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("a for-each loop over 'java.util.List.of(x)' is not supported").inFile(broken).onLineContaining("for (double v");
    assertThat(GeneratedOnDisk.generatedSources(List.of(broken, caller))).isEmpty();
  }

  @Test
  void aFailedMethodLeavesOtherMethodsOfTheClassReportedButUnwritten() {
    JavaFileObject source = badSource("""
        @Differentiable static double ok(double x) { return x * x; }
        @Differentiable static double bad(double x) {
          return java.awt.geom.Point2D.distance(x, 1.0, 0.0, 0.0); }
        """);
    Compilation compilation = javac().withProcessors(new AdjointProcessor()).compile(source);

    assertThat(compilation).hadErrorCount(1);
    assertNoStackTrace(compilation);
    assertThat(GeneratedOnDisk.generatedSources(List.of(source))).isEmpty();
  }

  private static void assertNoStackTrace(Compilation compilation) {
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String text = d.getMessage(Locale.ROOT);
      // A stack trace names exception classes by their qualified names.
      assertWithMessage("diagnostic %s", text).that(text).doesNotContainMatch("[a-z]+\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)");
      assertWithMessage("diagnostic %s", text).that(text).doesNotContain("\tat ");
    }
  }
}
