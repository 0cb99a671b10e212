package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.MethodSizes;
import dev.adjoint.processor.testing.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Methods of 200 and 2,000 statements, straight-line and with loops, branches and an array
 * mixed in: every method of the generated class stays under HotSpot's 8,000 bytes of bytecode
 * for JIT compilation when the primal does, and under javac's 64 KB otherwise (read from the
 * class files), and the gradients match a forward-mode evaluation of the same statements on dual
 * numbers written here, independently of the processor, and central differences.
 */
class LongMethodsTest {
  static final String CLASS = "p.LongMethods";
  /** HotSpot compiles no method of more bytes of bytecode ({@code HugeMethodLimit}). */
  static final int JIT_LIMIT = 8000;
  /** javac compiles no method of more ("code too large"). */
  static final int JAVAC_LIMIT = 65535;

  // ---- the statements, and their evaluation on dual numbers (value, d/dx, d/dy) ----

  record D(double v, double dx, double dy) {
    static D c(double v) {
      return new D(v, 0, 0);
    }

    D plus(D o) {
      return new D(v + o.v, dx + o.dx, dy + o.dy);
    }

    D minus(D o) {
      return new D(v - o.v, dx - o.dx, dy - o.dy);
    }

    D times(D o) {
      return new D(v * o.v, dx * o.v + v * o.dx, dy * o.v + v * o.dy);
    }

    D scale(double k) {
      return new D(k * v, k * dx, k * dy);
    }

    D over(D o) {
      return new D(v / o.v, (dx * o.v - v * o.dx) / (o.v * o.v), (dy * o.v - v * o.dy) / (o.v * o.v));
    }

    D sin() {
      return new D(Math.sin(v), Math.cos(v) * dx, Math.cos(v) * dy);
    }

    D cos() {
      return new D(Math.cos(v), -Math.sin(v) * dx, -Math.sin(v) * dy);
    }

    D tanh() {
      double t = Math.tanh(v);
      return new D(t, (1 - t * t) * dx, (1 - t * t) * dy);
    }
  }

  /** Where a program keeps its values while the test evaluates it. */
  static final class State {
    final D x;
    final D y;
    final int n;
    final List<D> v = new ArrayList<>();
    final D[] w = new D[8];
    D acc = D.c(0);

    State(double x, double y, int n) {
      this.x = new D(x, 1, 0);
      this.y = new D(y, 0, 1);
      this.n = n;
      java.util.Arrays.fill(w, D.c(0));
    }
  }

  /** One step of a generated method: its Java text and its evaluation. */
  interface Step {
    String java();

    void run(State s);

    /** Lines of Java it counts as. */
    int statements();
  }

  /** {@code double vK = template(vA, vB, vC)}: contracting, so 2,000 of them stay finite. */
  record Def(int k, int template, int a, int b, int c) implements Step {
    public String java() {
      String va = "v" + a;
      String vb = "v" + b;
      String vc = "v" + c;
      String e = switch (template) {
        case 0 -> "Math.sin(" + va + ") * 0.6 + 0.3 * " + vb + " * x";
        case 1 -> "0.7 * " + va + " * y - 0.2 * " + vc;
        case 2 -> "Math.tanh(0.8 * " + va + " + 0.1 * " + vb + ")";
        case 3 -> "0.8 * " + va + " + 0.1 * Math.cos(x - " + vb + ")";
        case 4 -> "0.8 * " + va + " / (1.0 + " + vb + " * " + vb + ")";
        default -> "0.7 * " + va + " + 0.2 * w[" + (c % 8) + "]";
      };
      return "double v" + k + " = " + e + ";";
    }

    public void run(State s) {
      D va = s.v.get(a);
      D vb = s.v.get(b);
      D vc = s.v.get(c);
      D e = switch (template) {
        case 0 -> va.sin().scale(0.6).plus(vb.scale(0.3).times(s.x));
        case 1 -> va.scale(0.7).times(s.y).minus(vc.scale(0.2));
        case 2 -> va.scale(0.8).plus(vb.scale(0.1)).tanh();
        case 3 -> va.scale(0.8).plus(s.x.minus(vb).cos().scale(0.1));
        case 4 -> va.scale(0.8).over(D.c(1.0).plus(vb.times(vb)));
        default -> va.scale(0.7).plus(s.w[c % 8].scale(0.2));
      };
      s.v.add(e);
    }

    public int statements() {
      return 1;
    }
  }

  /** {@code acc = acc * 0.9 + vA * 0.1}: an overwritten variable. */
  record Accumulate(int a) implements Step {
    public String java() {
      return "acc = acc * 0.9 + v" + a + " * 0.1;";
    }

    public void run(State s) {
      s.acc = s.acc.scale(0.9).plus(s.v.get(a).scale(0.1));
    }

    public int statements() {
      return 1;
    }
  }

  /** {@code w[j] = 0.5 * w[j] + 0.3 * vA}: an element overwritten in place. */
  record Store(int j, int a) implements Step {
    public String java() {
      return "w[" + j + "] = 0.5 * w[" + j + "] + 0.3 * v" + a + ";";
    }

    public void run(State s) {
      s.w[j] = s.w[j].scale(0.5).plus(s.v.get(a).scale(0.3));
    }

    public int statements() {
      return 1;
    }
  }

  /** A loop of run-time trip count {@code n} over a new variable. */
  record Loop(int k, int a) implements Step {
    public String java() {
      return "double v" + k + " = v" + a + ";\n    for (int i" + k + " = 0; i" + k + " < n; i" + k + "++) {\n"
          + "      v" + k + " = 0.5 * v" + k + " + 0.3 * Math.sin(v" + k + " + i" + k + " * x);\n    }";
    }

    public void run(State s) {
      D v = s.v.get(a);
      for (int i = 0; i < s.n; i++) {
        v = v.scale(0.5).plus(v.plus(s.x.scale(i)).sin().scale(0.3));
      }
      s.v.add(v);
    }

    public int statements() {
      return 3;
    }
  }

  /** A branch on an active value, each side assigning a new variable. */
  record Branch(int k, int a, int b) implements Step {
    public String java() {
      return "double v" + k + " = v" + a + ";\n    if (v" + b + " > 0.0) {\n      v" + k + " = 0.6 * v" + k
          + " * x + 0.2 * v" + b + ";\n    } else {\n      v" + k + " = 0.5 * Math.cos(v" + k + ") * y;\n    }";
    }

    public void run(State s) {
      D v = s.v.get(a);
      D vb = s.v.get(b);
      s.v.add(vb.v() > 0.0 ? v.scale(0.6).times(s.x).plus(vb.scale(0.2)) : v.cos().scale(0.5).times(s.y));
    }

    public int statements() {
      return 4;
    }
  }

  /** A loop whose body is a long chain of its own: {@code body} statements on {@code acc}. */
  record LongLoop(int k, int body) implements Step {
    public String java() {
      StringBuilder sb = new StringBuilder("for (int r" + k + " = 0; r" + k + " < n; r" + k + "++) {\n");
      sb.append("      double u").append(k).append("_0 = acc;\n");
      for (int j = 1; j < body; j++) {
        String prev = "u" + k + "_" + (j - 1);
        String e = j % 3 == 0 ? "Math.sin(" + prev + ") * 0.7 + 0.1 * x"
            : j % 3 == 1 ? "0.6 * " + prev + " * y + 0.2" : "Math.tanh(" + prev + " + 0.3 * x)";
        sb.append("      double u").append(k).append('_').append(j).append(" = ").append(e).append(";\n");
      }
      sb.append("      acc = 0.5 * acc + 0.4 * u").append(k).append('_').append(body - 1).append(";\n    }");
      return sb.toString();
    }

    public void run(State s) {
      for (int r = 0; r < s.n; r++) {
        D u = s.acc;
        for (int j = 1; j < body; j++) {
          u = j % 3 == 0 ? u.sin().scale(0.7).plus(s.x.scale(0.1))
              : j % 3 == 1 ? u.scale(0.6).times(s.y).plus(D.c(0.2)) : u.plus(s.x.scale(0.3)).tanh();
        }
        s.acc = s.acc.scale(0.5).plus(u.scale(0.4));
      }
    }

    public int statements() {
      return body + 2;
    }
  }

  /** A method of about {@code size} statements; with {@code mixed}, loops, branches and an array among them. */
  static List<Step> program(int size, boolean mixed, long seed) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    int count = 0;
    int k = 2; // v0 = x, v1 = y
    boolean longLoopDone = false;
    while (count < size) {
      int choice = random.nextInt(mixed ? 16 : 10);
      Step step;
      if (choice == 9) {
        step = new Accumulate(k - 1);
      } else if (mixed && choice == 10) {
        step = new Store(random.nextInt(8), k - 1);
      } else if (mixed && choice == 11) {
        step = new Def(k++, 5, k - 2, k - 3, random.nextInt(k - 1));
      } else if (mixed && choice == 12) {
        step = new Loop(k++, k - 2);
      } else if (mixed && choice == 13) {
        step = new Branch(k++, k - 2, random.nextInt(k - 1));
      } else if (mixed && choice == 14 && !longLoopDone && count > size / 3) {
        step = new LongLoop(k, Math.min(300, size / 6));
        longLoopDone = true;
      } else {
        step = new Def(k++, choice % 5, k - 2, Math.max(0, k - 3), random.nextInt(k - 1));
      }
      steps.add(step);
      count += step.statements();
    }
    return steps;
  }

  static String method(String name, List<Step> steps, boolean mixed) {
    StringBuilder sb = new StringBuilder();
    sb.append("  @Differentiable static double ").append(name).append("(double x, double y")
        .append(mixed ? ", int n" : "").append(") {\n");
    sb.append("    double v0 = x;\n    double v1 = y;\n    double acc = 0.0;\n");
    if (mixed) {
      sb.append("    double[] w = new double[8];\n");
    }
    for (Step s : steps) {
      sb.append("    ").append(s.java()).append('\n');
    }
    int last = lastIndex(steps);
    sb.append("    return v").append(last).append(" + acc + 0.5 * v").append(last / 2).append(";\n  }\n");
    return sb.toString();
  }

  static int lastIndex(List<Step> steps) {
    int last = 1;
    for (Step s : steps) {
      if (s instanceof Def d) {
        last = d.k();
      } else if (s instanceof Loop l) {
        last = l.k();
      } else if (s instanceof Branch b) {
        last = b.k();
      }
    }
    return last;
  }

  /** The value and partials the method's statements give at (x, y, n), on dual numbers. */
  static D evaluate(List<Step> steps, double x, double y, int n) {
    State s = new State(x, y, n);
    s.v.add(s.x);
    s.v.add(s.y);
    steps.forEach(step -> step.run(s));
    int last = lastIndex(steps);
    return s.v.get(last).plus(s.acc).plus(s.v.get(last / 2).scale(0.5));
  }

  // ---- the methods under test ----

  record Case(String name, int size, boolean mixed, long seed) {
    List<Step> steps() {
      return program(size, mixed, seed);
    }

    Compiled compile(List<String> options) {
      return AdjointCompiler.compileWithOptions(options,
          AdjointCompiler.source(CLASS, Sources.classWith(CLASS, method(name, steps(), mixed))));
    }
  }

  static final Case STRAIGHT_200 = new Case("straight200", 200, false, 200);
  static final Case STRAIGHT_2000 = new Case("straight2000", 2000, false, 2000);
  static final Case MIXED_2000 = new Case("mixed2000", 2000, true, 2001);
  static final Case MIXED_200 = new Case("mixed200", 200, true, 201);

  static Case byName(String name) {
    return List.of(STRAIGHT_200, STRAIGHT_2000, MIXED_2000, MIXED_200).stream()
        .filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** Every method of the generated class: under 8,000 bytes if the primal is, under javac's limit otherwise. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"straight200", "mixed200", "straight2000", "mixed2000"})
  void everyGeneratedMethodIsShortEnough(String name) {
    Case c = byName(name);
    Compiled compiled = c.compile(List.of());
    int primal = MethodSizes.of(compiled.classFile(CLASS)).get(c.name());
    int limit = primal < JIT_LIMIT ? JIT_LIMIT : JAVAC_LIMIT;
    Map<String, Integer> generated = new TreeMap<>(MethodSizes.of(compiled.classFile(CLASS + "_Grad")));
    System.out.printf("%s: primal %d bytes; generated methods: %s%n", c.name(), primal, generated);
    generated.forEach((method, bytes) -> assertTrue(bytes < limit,
        c.name() + " (primal " + primal + " bytes): " + method + " has " + bytes + " bytes of bytecode, over "
            + limit + "; all: " + generated));
  }

  @ParameterizedTest(name = "{0} at ({1}, {2}, n = {3})")
  @CsvSource({
    "straight200, 0.3, -0.7, 0",
    "straight200, -1.1, 0.45, 0",
    "mixed200, 0.6, 0.2, 3",
    "straight2000, 0.35, -0.6, 0",
    "straight2000, -0.8, 0.9, 0",
    "mixed2000, 0.3, -0.45, 2",
    "mixed2000, -0.55, 0.75, 4",
  })
  void gradientsMatchForwardModeAndCentralDifferences(String name, double x, double y, int n) {
    Case c = byName(name);
    DiffMethod m = c.compile(List.of()).method(CLASS, c.name());
    D expected = evaluate(c.steps(), x, y, n);
    var point = c.mixed() ? m.at(x, y, n) : m.at(x, y);
    assertEquals(expected.v(), point.value(), 1e-12 * Math.max(1, Math.abs(expected.v())), "value");
    point.hasGradient(expected.dx(), expected.dy());
  }

  /**
   * Around the budget, where a method is left whole if its estimate is under it: the estimate
   * errs on the large side, so what is left whole is still under the JIT's limit.
   */
  @ParameterizedTest(name = "{0} statements")
  @CsvSource({"70", "80", "90", "100", "110", "120", "130", "140"})
  void methodsLeftWholeAreUnderTheJitLimit(int size) {
    for (boolean mixed : new boolean[] {false, true}) {
      Case c = new Case((mixed ? "mixed" : "straight") + size, size, mixed, size);
      Compiled compiled = c.compile(List.of());
      Map<String, Integer> generated = new TreeMap<>(MethodSizes.of(compiled.classFile(CLASS + "_Grad")));
      boolean cut = generated.keySet().stream().anyMatch(m -> m.contains("Locals"));
      System.out.printf("%s: %s, largest method %d bytes%n", c.name(), cut ? "cut" : "whole",
          generated.values().stream().mapToInt(Integer::intValue).max().orElse(0));
      generated.forEach((method, bytes) -> assertTrue(bytes < JIT_LIMIT,
          c.name() + ": " + method + " has " + bytes + " bytes; all: " + generated));
    }
  }

  /** Cutting moves statements between methods and changes no arithmetic: the same bits either way. */
  @Test
  void cutGradientEqualsUncutGradientBitForBit() {
    for (Case c : List.of(STRAIGHT_200, MIXED_200)) {
      DiffMethod cut = c.compile(List.of()).method(CLASS, c.name());
      DiffMethod whole = c.compile(List.of("-Aadjoint.disable=splitMethods")).method(CLASS, c.name());
      Object[] args = c.mixed() ? new Object[] {0.4, -0.3, 3} : new Object[] {0.4, -0.3};
      var a = cut.at(args);
      var b = whole.at(args);
      assertEquals(b.value(), a.value(), 0.0, c.name() + " value");
      assertEquals(b.partial("x"), a.partial("x"), 0.0, c.name() + " d/dx");
      assertEquals(b.partial("y"), a.partial("y"), 0.0, c.name() + " d/dy");
    }
  }

  /**
   * With the optimisation off, the 200-statement method's gradient is one method over the JIT's
   * limit (what cutting avoids), and the 2,000-statement one is still cut below javac's.
   */
  @Test
  void withoutTheOptimisationOnlyJavacsLimitIsKept() {
    Map<String, Integer> small = MethodSizes.of(STRAIGHT_200.compile(List.of("-Aadjoint.disable=splitMethods"))
        .classFile(CLASS + "_Grad"));
    assertTrue(small.get("straight200Vjp") > JIT_LIMIT,
        "uncut straight200Vjp: " + small);
    Compiled big = STRAIGHT_2000.compile(List.of("-Aadjoint.disable=all"));
    MethodSizes.of(big.classFile(CLASS + "_Grad")).forEach((method, bytes) ->
        assertTrue(bytes < JAVAC_LIMIT, method + ": " + bytes));
    big.method(CLASS, STRAIGHT_2000.name()).at(0.35, -0.6).matchesCentralDifferences();
  }
}
