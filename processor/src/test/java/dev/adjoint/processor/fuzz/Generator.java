package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.*;
import dev.adjoint.processor.fuzz.Scope.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded generator of random {@code @Differentiable} methods and the helpers they call.
 *
 * <p>Reproducibility: batch {@code b} holds the methods with global indices {@code first ..
 * first + count - 1}; its helper library comes from {@code (seed, b)} and method {@code k} from
 * {@code (seed, k)} (and the earlier methods of its batch, which it may call). So a method is
 * regenerated from the seed, the batch size and its index.
 *
 * <p>Every program it writes compiles with plain javac, terminates (each loop runs at most a few
 * times, counters are never written in their loop, while loops step a guard first thing in
 * their body) and throws nothing (indices are checked against what {@link Scope} knows of array
 * lengths; no integer division by a variable). Values may still be NaN or infinite at some
 * points; the oracles skip those.
 *
 * <p>Every method of the batch has the signature {@code (double a, double b, double c, double[]
 * v, double[][] m, int n)}, sometimes followed by {@code @NoDerivative double d}; the harness
 * passes {@code v} of length L >= 3, {@code m} of L x L and {@code n} in 0..4. Some are
 * instance methods ({@link Feature#INSTANCE_METHODS}): the harness calls them on an object of
 * the class made by its no-arg constructor, which gives the {@link #FIELDS} their fixed values.
 */
final class Generator {
  static final String PKG = "fz";
  /** The class's {@code static final double[]} of three constants (printed by {@link Printer}). */
  static final String TABLE = "TAB";
  /** The same, private: the generated class holds a copy. */
  static final String PRIVATE_TABLE = "PTAB";
  static final double[] TABLE_VALUES = {0.5, -1.25, 2.0};
  static final String CLASS = "Batch";
  /** A record of the batch's class, {@code record P2(double x, double y)}, which methods build and read. */
  static final String RECORD = "P2";

  /** The class's final fields, which its instance methods read as constants. */
  static final String SCALE = "scale";
  static final String SHIFT = "shift";
  static final String ORDER = "order";
  static final int ORDER_VALUE = 3;
  static final String WEIGHTS = "table";
  static final int WEIGHTS_LENGTH = 4;
  /** The length group ({@link Scope}) of the table field: its counters index it. */
  private static final String WEIGHTS_GROUP = "K" + WEIGHTS_LENGTH;
  static final List<Field> FIELDS = List.of(
      new Field(Ty.DOUBLE, SCALE, lit("1.5"), false),
      new Field(Ty.DOUBLE, SHIFT, lit("-0.75"), true),
      new Field(Ty.INT, ORDER, ilit(ORDER_VALUE), false),
      new Field(Ty.DARR, WEIGHTS, new ArrayInit(Ty.DARR, List.of(lit("0.5"), lit("-1.25"), lit("2.0"), lit("0.75"))),
          true));

  /** A generated batch: the program and its {@code @Differentiable} methods' global indices. */
  record Batch(Program program, List<String> methods, int firstIndex) {}

  /** What a later method needs to know to call an earlier one: an instance one only from another. */
  record Callee(String name, boolean hasD, boolean writesArrays, boolean instance) {}

  private final long seed;
  private final Set<Feature> features;

  Generator(long seed, Set<Feature> features) {
    this.seed = seed;
    this.features = features;
  }

  Set<Feature> features() {
    return features;
  }

  static long mix(long seed, long k) {
    long z = seed * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  Batch batch(int batchIndex, int firstIndex, int count) {
    Library lib = library(new Random(mix(seed, -1L - batchIndex)));
    if (on(Feature.INSTANCE_METHODS)) {
      instanceHelpers(lib, new Random(mix(seed ^ INSTANCE_SALT, -1L - batchIndex)));
    }
    List<Method> all = new ArrayList<>(lib.methods);
    List<String> names = new ArrayList<>();
    // The methods a static method may pick from are those it would have seen were every method
    // static, so that its random choices stay as they were; it passes over the instance ones it
    // picks, which it cannot call. An instance method sees them as they are.
    List<Callee> asIfStatic = new ArrayList<>();
    List<Callee> asTheyAre = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int index = firstIndex + k;
      boolean instance = isInstanceMethod(index);
      MethodGen g = new MethodGen(new Random(mix(seed, index)), lib, instance ? asTheyAre : asIfStatic);
      Method m = g.differentiable("m" + index, instance);
      checkpointALoop(m, index);
      all.add(m);
      names.add(m.name);
      if (!g.callsMethods) {
        asTheyAre.add(new Callee(m.name, g.hasD, g.writesParams, instance));
      }
      MethodGen seen = instance ? staticTwin(index, lib, asIfStatic) : g;
      if (!seen.callsMethods) {
        asIfStatic.add(new Callee(m.name, seen.hasD, seen.writesParams, instance));
      }
    }
    List<Field> fields = on(Feature.INSTANCE_METHODS) ? FIELDS : List.of();
    return new Batch(new Program(PKG, CLASS, all, fields), names, firstIndex);
  }

  /**
   * The generator of instance method {@code index} run again as the static method it would have
   * been, for what a static method would have seen of it.
   */
  private MethodGen staticTwin(int index, Library lib, List<Callee> callees) {
    MethodGen g = new MethodGen(new Random(mix(seed, index)), lib, callees);
    g.differentiable("m" + index, false);
    return g;
  }

  /** Keeps the choices of instance methods and their helpers apart from the batch's others. */
  private static final long INSTANCE_SALT = 0x1257A9CE5EEDL;

  /**
   * One method in five is an instance method of the batch's class. Decided from the seed and the
   * index, as {@link #checkpointALoop} decides, so that the random choices of the methods stay as
   * they were: a static method changes only where it would have called an instance method, which
   * it cannot, or calls a static method that so changed (see batch).
   */
  private boolean isInstanceMethod(int index) {
    return on(Feature.INSTANCE_METHODS) && Math.floorMod(mix(seed ^ INSTANCE_SALT, index), 5) == 0;
  }

  /**
   * {@code double own0(double x, double y)} and {@code own1}, generated instance methods reading
   * the fields, own1 annotated {@code @Differentiable} (and free to call own0); from a Random of
   * their own, so the batch's other helpers stay as they were.
   */
  private void instanceHelpers(Library lib, Random r) {
    for (int k = 0; k < 2; k++) {
      Method h = new MethodGen(new Random(r.nextLong()), lib, List.of()).instanceHelper("own" + k, k == 1);
      lib.methods.add(h);
      lib.instanceHelpers.add(h.name);
    }
  }

  /**
   * One method in four has its first loop of the top level reversed by binomial checkpointing
   * ({@code @CheckpointedLoop}), with 0 (the default) to 3 snapshots, unless the loop makes an
   * array variable point elsewhere (refused). Decided from the index, so that the random choices
   * of the methods stay as they were.
   */
  private static void checkpointALoop(Method m, int index) {
    long h = mix(index, 0x5eedL);
    if (Math.floorMod(h, 4) != 0) {
      return;
    }
    for (Stmt s : m.body.stmts) {
      Stmt loop = s instanceof Block b ? b.stmts.stream().filter(Loop.class::isInstance).findFirst().orElse(null) : s;
      if (loop instanceof Loop l) {
        if (!reassignsArrays(l)) {
          if (l.label == null) {
            l.label = "checkpointed";
          }
          m.checkpointedLoop = l.label;
          m.snapshots = (int) Math.floorMod(h >> 8, 4);
        }
        return;
      }
    }
  }

  private static boolean reassignsArrays(Stmt s) {
    if (s instanceof Block b) {
      return b.stmts.stream().anyMatch(Generator::reassignsArrays);
    }
    return s.exprs().stream().anyMatch(Generator::reassignsArrays)
        || s.blocks().stream().anyMatch(Generator::reassignsArrays)
        || (s instanceof If i && i.els != null && reassignsArrays(i.els));
  }

  private static boolean reassignsArrays(Expr e) {
    if (e instanceof Assign a && a.target() instanceof Name n && n.ty != Ty.DOUBLE && n.ty != Ty.INT
        && n.ty != Ty.LONG && n.ty != Ty.BOOLEAN && n.ty != Ty.FLOAT && n.ty != Ty.RECORD) {
      return true;
    }
    if (e instanceof Nary n) {
      for (Expr arg : n.args) {
        if (reassignsArrays(arg)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean on(Feature f) {
    return features.contains(f);
  }

  // ------------------------------------------------------------------ the helper library

  private Library library(Random r) {
    Library lib = new Library();
    if (on(Feature.HELPERS)) {
      lib.methods.add(fixedSq());
      lib.methods.add(fixedSoft());
      lib.unary.add("sq");
      lib.unary.add("soft");
      lib.methods.add(fixedVnorm());
      lib.varargs.add("vnorm");
      lib.methods.add(fixedRuled());
      lib.unary.add("spr");
      lib.methods.add(fixedTurn());
      lib.turn = true;
      lib.methods.add(fixedFloatHelper());
      lib.floatHelper = true;
      lib.methods.add(fixedFloatSum());
      lib.methods.add(fixedFloatScale());
      lib.floatArrayHelpers = true;
      if (on(Feature.RECURSION)) {
        int count = 1 + r.nextInt(2);
        // Two of them may call each other instead of themselves: mutual recursion.
        boolean mutual = count == 2 && r.nextInt(3) == 0;
        for (int k = 0; k < count; k++) {
          String partner = mutual ? "rec" + (1 - k) : "rec" + k;
          lib.methods.add(new MethodGen(new Random(r.nextLong()), lib, List.of()).recursive("rec" + k, partner));
          lib.recursive.add("rec" + k);
        }
      }
      int scalars = 1 + r.nextInt(3);
      for (int k = 0; k < scalars; k++) {
        Method h = new MethodGen(new Random(r.nextLong()), lib, List.of()).scalarHelper("h" + k);
        // The second is @Checkpointed: its calls run joint beside the others' split ones.
        h.checkpointed = k == 1;
        lib.methods.add(h);
        lib.binary.add(h.name);
      }
      if (on(Feature.ARRAYS)) {
        Method g = new MethodGen(new Random(r.nextLong()), lib, List.of()).reader("g0");
        lib.methods.add(g);
        lib.readers.add(g.name);
      }
    }
    if (on(Feature.ARRAY_HELPERS)) {
      lib.methods.add(fixedAxpy());
      lib.axpy = true;
      lib.methods.add(fixedMatVec());
      lib.matVec = true;
      for (int k = 0; k < 1 + r.nextInt(2); k++) {
        Method w = new MethodGen(new Random(r.nextLong()), lib, List.of()).writer("w" + k);
        w.checkpointed = k == 1;
        lib.methods.add(w);
        lib.writers.add(w.name);
      }
      // Half the batches annotate it: a vector function, whose Jacobian the harness checks.
      Method mk = new MethodGen(new Random(r.nextLong()), lib, List.of()).maker("r0", r.nextBoolean());
      lib.methods.add(mk);
      lib.makers.add(mk.name);
    }
    if (on(Feature.INT_HELPERS)) {
      MethodGen g = new MethodGen(new Random(r.nextLong()), lib, List.of());
      lib.methods.add(g.intHelper("ih0"));
      lib.intHelpers.add("ih0");
      lib.methods.add(new MethodGen(new Random(r.nextLong()), lib, List.of()).boolHelper("bh0"));
      lib.boolHelpers.add("bh0");
    }
    return lib;
  }

  private static Expr d(String name) {
    return new Name(Ty.DOUBLE, name);
  }

  private static Expr lit(String text) {
    return new Lit(Ty.DOUBLE, text);
  }

  private static Expr ilit(int v) {
    return new Lit(Ty.INT, Integer.toString(v));
  }

  private static Expr bin(String op, Expr l, Expr r) {
    return new Binary(l.ty == Ty.DOUBLE || r.ty == Ty.DOUBLE ? Ty.DOUBLE : l.ty, op, l, r);
  }

  private static Expr math(String fn, Expr... args) {
    return new Call(Ty.DOUBLE, "Math." + fn, List.of(args));
  }

  private static Method fixedSq() {
    Method m =
        new Method(
            "sq",
            false,
            Ty.DOUBLE,
            List.of(new Param(Ty.DOUBLE, "z", false)),
            new Block(List.of(new Return(bin("*", d("z"), d("z"))).kept(true))));
    m.comment = "fixed scalar helper";
    return m;
  }

  /**
   * {@code double spr(double z)}, softplus, with a JVP rule of its own ({@code @DerivativeOf}):
   * Adjoint differentiates its calls through the rule, the interpreter through the body, which
   * agree everywhere (at 0 too: abs gives 0 there, max 1/2). The rule is {@code @Differentiable},
   * so second order goes through it.
   */
  private static Method fixedRuled() {
    Expr z = d("z");
    Expr body = bin("+", math("log1p", math("exp", new Unary(Ty.DOUBLE, "-", math("abs", z)))),
        math("max", d("z"), lit("0")));
    Method m = new Method("spr", false, Ty.DOUBLE, List.of(new Param(Ty.DOUBLE, "z", false)),
        new Block(List.of(new Return(body).kept(true))));
    m.comment = "fixed helper with a derivative rule: softplus";
    m.rule = """
        @Differentiable
        @dev.adjoint.DerivativeOf(value = %s.class, method = "spr")
        public static double sprJvp(double z, double zDot) {
          return zDot / (1 + Math.exp(-z));
        }""".formatted(CLASS);
    return m;
  }

  /** {@code P2 turn(P2 p, double t)}: p turned by the angle t, a record a helper returns. */
  private static Method fixedTurn() {
    Expr px = new Call(Ty.DOUBLE, "p.x", List.of());
    Expr py = new Call(Ty.DOUBLE, "p.y", List.of());
    Expr turned = new Call(Ty.RECORD, "new " + RECORD, List.of(
        bin("-", bin("*", d("c"), px), bin("*", d("s"), py)),
        bin("+", bin("*", d("s"), px.copy()), bin("*", d("c"), py.copy()))));
    Method m = new Method("turn", false, Ty.RECORD, List.of(new Param(Ty.RECORD, "p", false),
        new Param(Ty.DOUBLE, "t", false)), new Block(List.of(
            new Decl(Ty.DOUBLE, "c", math("cos", d("t"))),
            new Decl(Ty.DOUBLE, "s", math("sin", d("t"))),
            new Return(turned).kept(true))));
    m.comment = "fixed helper returning a record";
    return m;
  }

  /** {@code float fsc(float z, float k)}: float arithmetic on float parameters, a float result. */
  private static Method fixedFloatHelper() {
    Expr z = new Name(Ty.FLOAT, "z");
    Expr k = new Name(Ty.FLOAT, "k");
    Method m = new Method("fsc", false, Ty.FLOAT, List.of(new Param(Ty.FLOAT, "z", false),
        new Param(Ty.FLOAT, "k", false)), new Block(List.of(
            new Decl(Ty.FLOAT, "p", bin("*", z, k)),
            new Return(bin("+", bin("*", new Name(Ty.FLOAT, "p"), z.copy()), new Lit(Ty.FLOAT, "0.5f"))).kept(true))));
    m.comment = "fixed float helper";
    return m;
  }

  /** {@code float fsum(float[] a, float s)}: a float array read in float arithmetic. */
  private static Method fixedFloatSum() {
    Expr a = new Name(Ty.FARR, "a");
    Expr ai = new Index(Ty.FLOAT, a, new Name(Ty.INT, "i"));
    Block loop = new Block(List.of(new ExprStmt(new Assign(new Name(Ty.FLOAT, "acc"), "+=",
        bin("*", ai, new Name(Ty.FLOAT, "s"))))));
    Method m = new Method("fsum", false, Ty.FLOAT, List.of(new Param(Ty.FARR, "a", false),
        new Param(Ty.FLOAT, "s", false)), new Block(List.of(
            new Decl(Ty.FLOAT, "acc", new Lit(Ty.FLOAT, "0f")),
            new For(null, new Decl(Ty.INT, "i", ilit(0)), new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, "i"),
                new Length(a.copy())), new Step(new Name(Ty.INT, "i"), "++", false), loop),
            new Return(new Name(Ty.FLOAT, "acc")).kept(true))));
    m.comment = "fixed helper reading a float array";
    return m;
  }

  /** {@code void fscale(float[] a, float k)}: writes a float array in float arithmetic. */
  private static Method fixedFloatScale() {
    Expr a = new Name(Ty.FARR, "a");
    Expr ai = new Index(Ty.FLOAT, a, new Name(Ty.INT, "i"));
    Block loop = new Block(List.of(new ExprStmt(new Assign(ai, "=",
        bin("+", bin("*", ai.copy(), new Name(Ty.FLOAT, "k")), new Lit(Ty.FLOAT, "0.25f"))))));
    Method m = new Method("fscale", false, Ty.VOID, List.of(new Param(Ty.FARR, "a", false),
        new Param(Ty.FLOAT, "k", false)), new Block(List.of(
            new For(null, new Decl(Ty.INT, "i", ilit(0)), new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, "i"),
                new Length(a.copy())), new Step(new Name(Ty.INT, "i"), "++", false), loop))));
    m.comment = "fixed helper writing a float array";
    return m;
  }

  /** {@code double vnorm(double... xs)}: the sum of squares of its arguments. */
  private static Method fixedVnorm() {
    Expr xs = new Name(Ty.DARR, "xs");
    Expr xi = new Index(Ty.DOUBLE, xs, new Name(Ty.INT, "i"));
    For loop = new For(null, new Decl(Ty.INT, "i", ilit(0)),
        new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, "i"), new Length(xs.copy())),
        new Step(new Name(Ty.INT, "i"), "++", false),
        new Block(List.of(new ExprStmt(new Assign(d("s"), "+=", bin("*", xi, xi.copy()))))));
    Method m = new Method("vnorm", false, Ty.DOUBLE, List.of(new Param(Ty.DARR, "xs", false)),
        new Block(List.of(new Decl(Ty.DOUBLE, "s", lit("0")), loop, new Return(d("s")).kept(true))));
    m.comment = "fixed varargs helper";
    m.varargs = true;
    return m;
  }

  private static Method fixedSoft() {
    Expr z = d("z");
    Expr body =
        bin(
            "+",
            math("log", bin("+", lit("1"), math("exp", new Unary(Ty.DOUBLE, "-", math("abs", z))))),
            math("max", d("z"), lit("0")));
    Method m =
        new Method(
            "soft",
            false,
            Ty.DOUBLE,
            List.of(new Param(Ty.DOUBLE, "z", false)),
            new Block(List.of(new Return(body).kept(true))));
    m.comment = "fixed scalar helper: softplus";
    return m;
  }

  private static Method fixedAxpy() {
    Expr x = new Name(Ty.DARR, "x");
    Expr y = new Name(Ty.DARR, "y");
    Expr i = new Name(Ty.INT, "i");
    Decl init = new Decl(Ty.INT, "i", ilit(0));
    Expr cond =
        new Binary(
            Ty.BOOLEAN,
            "<",
            i,
            new Call(Ty.INT, "Math.min", List.of(new Length(x.copy()), new Length(y.copy()))));
    Stmt upd =
        new ExprStmt(
            new Assign(
                new Index(Ty.DOUBLE, y.copy(), i.copy()),
                "+=",
                bin("*", d("a"), new Index(Ty.DOUBLE, x.copy(), i.copy()))));
    For loop =
        new For(null, init, cond, new Step(i.copy(), "++", false), new Block(List.of(upd)));
    Method m =
        new Method(
            "axpy",
            false,
            Ty.VOID,
            List.of(
                new Param(Ty.DOUBLE, "a", false),
                new Param(Ty.DARR, "x", false),
                new Param(Ty.DARR, "y", false)),
            new Block(List.of(loop)));
    m.comment = "fixed void helper writing into y";
    return m;
  }

  private static Method fixedMatVec() {
    Expr w = new Name(Ty.DARR2, "w");
    Expr x = new Name(Ty.DARR, "x");
    Expr out = new Name(Ty.DARR, "out");
    Expr i = new Name(Ty.INT, "i");
    Expr j = new Name(Ty.INT, "j");
    Stmt acc =
        new ExprStmt(
            new Assign(
                d("s"),
                "+=",
                bin(
                    "*",
                    new Index(Ty.DOUBLE, new Index(Ty.DARR, w.copy(), i.copy()), j.copy()),
                    new Index(Ty.DOUBLE, x.copy(), j.copy()))));
    For inner =
        new For(
            null,
            new Decl(Ty.INT, "j", ilit(0)),
            new Binary(Ty.BOOLEAN, "<", j.copy(), new Length(x.copy())),
            new Step(j.copy(), "++", false),
            new Block(List.of(acc)));
    Block body =
        new Block(
            List.of(
                new Decl(Ty.DOUBLE, "s", lit("0")),
                inner,
                new ExprStmt(new Assign(new Index(Ty.DOUBLE, out.copy(), i.copy()), "=", d("s")))));
    For outer =
        new For(
            null,
            new Decl(Ty.INT, "i", ilit(0)),
            new Binary(Ty.BOOLEAN, "<", i.copy(), new Length(out.copy())),
            new Step(i.copy(), "++", false),
            body);
    Method m =
        new Method(
            "matVec",
            false,
            Ty.VOID,
            List.of(
                new Param(Ty.DARR2, "w", false),
                new Param(Ty.DARR, "x", false),
                new Param(Ty.DARR, "out", false)),
            new Block(List.of(outer)));
    m.comment = "fixed void helper: out = w x";
    return m;
  }

  // ------------------------------------------------------------------ one method body

  /** Loop nesting information for jumps. */
  private record LoopInfo(String label, boolean isLoop) {}

  /** Generates one method: its scope, statements and expressions. */
  private final class MethodGen {
    private final Random r;
    private final Library lib;
    private final List<Callee> callees;
    private final Scope scope = new Scope();
    private final List<LoopInfo> jumps = new ArrayList<>();
    private int names;
    private int stmtBudget;
    /** Product of the trip counts of the enclosing loops, to bound the work. */
    private int trips = 1;
    private int loopDepth;
    /** Depth of if and switch statements around the current point. */
    private int branchDepth;
    /** An early return was generated: later code runs under the lowering's returned flag. */
    private boolean afterReturn;
    private boolean returnsDouble = true;
    /** Generating a helper: no calls of @Differentiable methods, fewer constructs. */
    private boolean helper;
    /** Names of library helpers this helper may not call (itself and later ones). */
    private String self;
    /** Generating an instance method: it may read the fields and call instance methods. */
    private boolean instance;

    boolean hasD;
    boolean writesParams;
    boolean callsMethods;

    MethodGen(Random r, Library lib, List<Callee> callees) {
      this.r = r;
      this.lib = lib;
      this.callees = callees;
    }

    // ---------------------------------------------------------------- randomness

    boolean chance(double p) {
      return r.nextDouble() < p;
    }

    int between(int lo, int hi) {
      return lo + r.nextInt(hi - lo + 1);
    }

    <T> T pick(List<T> xs) {
      return xs.get(r.nextInt(xs.size()));
    }

    String fresh(String prefix) {
      return prefix + (++names);
    }

    // ---------------------------------------------------------------- method shapes

    Method differentiable(String name, boolean instance) {
      this.instance = instance;
      List<Param> params = new ArrayList<>();
      params.add(new Param(Ty.DOUBLE, "a", false));
      params.add(new Param(Ty.DOUBLE, "b", false));
      params.add(new Param(Ty.DOUBLE, "c", false));
      params.add(new Param(Ty.DARR, "v", false));
      params.add(new Param(Ty.DARR2, "m", false));
      params.add(new Param(Ty.INT, "n", false));
      hasD = on(Feature.NO_DERIVATIVE) && chance(0.2);
      if (hasD) {
        params.add(new Param(Ty.DOUBLE, "d", true));
      }
      for (String s : List.of("a", "b", "c")) {
        scope.add(new Var(s, Ty.DOUBLE));
      }
      Var v = scope.add(new Var("v", Ty.DARR));
      v.group = "L";
      v.assignable = false;
      v.paramDerived = true;
      Var m = scope.add(new Var("m", Ty.DARR2));
      m.group = "L";
      m.colGroup = "L";
      m.assignable = false;
      m.paramDerived = true;
      Var n = scope.add(new Var("n", Ty.INT));
      n.assignable = false;
      n.nonneg = true;
      n.ubConst = 5;
      if (hasD) {
        Var dv = scope.add(new Var("d", Ty.DOUBLE));
        dv.assignable = false;
        dv.inactive = true;
      }
      stmtBudget = between(4, 22);
      Block body = new Block();
      if (on(Feature.SUM_LOOPS) && on(Feature.LOOPS) && chance(0.25)) {
        sumLoopShape(body);
      } else {
        int top = between(2, 7);
        for (int i = 0; i < top && stmtBudget > 0; i++) {
          addStmt(body, stmt(3));
        }
        body.stmts.add(finalReturn());
      }
      Method method = new Method(name, true, Ty.DOUBLE, params, body);
      method.instance = instance;
      return method;
    }

    /**
     * {@code prelude; double s = 0; for (i ...) { ...; s += f(...); } return s / k + ...;}: the
     * loop of sums the processor may reverse iteration by iteration.
     */
    private void sumLoopShape(Block body) {
      for (int i = between(0, 2); i > 0; i--) {
        addStmt(body, stmt(2));
      }
      String s = fresh("s");
      body.stmts.add(new Decl(Ty.DOUBLE, s, lit("0")));
      String s2 = chance(0.4) ? fresh("s") : null;
      if (s2 != null) {
        body.stmts.add(new Decl(Ty.DOUBLE, s2, lit("0")));
      }
      Var sv = new Var(s, Ty.DOUBLE);
      Var sv2 = s2 == null ? null : new Var(s2, Ty.DOUBLE);
      // The sums are not in scope inside the loop except through += (iterations must pass
      // each other nothing but the sums).
      CounterLoop loop = countedLoop(null);
      scope.push();
      scope.add(loop.counter);
      int saved = trips;
      trips *= loop.trips;
      loopDepth++;
      jumps.add(new LoopInfo(null, true));
      Block lb = new Block();
      for (int i = between(1, 3); i > 0; i--) {
        addStmt(lb, stmt(2));
      }
      lb.stmts.add(new ExprStmt(new Assign(d(s), pick(List.of("+=", "+=", "-=")), dbl(3))));
      if (sv2 != null) {
        lb.stmts.add(new ExprStmt(new Assign(d(s2), "+=", dbl(2))));
      }
      jumps.remove(jumps.size() - 1);
      loopDepth--;
      trips = saved;
      scope.pop();
      loop.loop.body = lb;
      body.stmts.add(loop.loop);
      scope.add(sv);
      if (sv2 != null) {
        scope.add(sv2);
      }
      for (int i = between(0, 1); i > 0; i--) {
        addStmt(body, stmt(1));
      }
      Expr ret = bin("/", d(s), pick(List.of(lit("3"), new Length(new Name(Ty.DARR, "v")), bin("+", new Name(Ty.INT, "n"), lit("1.0")))));
      if (sv2 != null) {
        ret = bin(pick(List.of("+", "-")), ret, bin("*", lit("0.5"), d(s2)));
      }
      if (chance(0.5)) {
        ret = bin("+", ret, bin("*", lit("0.1"), dbl(1)));
      }
      body.stmts.add(new Return(ret).kept(true));
    }

    Method scalarHelper(String name) {
      helper = true;
      self = name;
      scope.add(new Var("x", Ty.DOUBLE));
      scope.add(new Var("y", Ty.DOUBLE));
      stmtBudget = between(1, 7);
      Block body = new Block();
      for (int i = between(1, 3); i > 0 && stmtBudget > 0; i--) {
        addStmt(body, stmt(2));
      }
      body.stmts.add(finalReturn());
      Method m =
          new Method(
              name,
              false,
              Ty.DOUBLE,
              List.of(new Param(Ty.DOUBLE, "x", false), new Param(Ty.DOUBLE, "y", false)),
              body);
      m.comment = "generated scalar helper";
      return m;
    }

    /** A scalar helper that is an instance method, reading the fields; annotated or not. */
    Method instanceHelper(String name, boolean differentiable) {
      instance = true;
      Method scalar = scalarHelper(name);
      Method m = new Method(name, differentiable, Ty.DOUBLE, scalar.params, scalar.body);
      m.instance = true;
      m.comment = differentiable ? "generated instance method reading the fields, annotated"
          : "generated instance helper reading the fields";
      return m;
    }

    Method reader(String name) {
      helper = true;
      self = name;
      Var x = scope.add(new Var("x", Ty.DARR));
      x.group = "P:x";
      x.assignable = false;
      x.readOnly = true;
      scope.add(new Var("p", Ty.DOUBLE));
      stmtBudget = between(2, 7);
      Block body = new Block();
      CounterLoop loop = countedLoopOver(new Name(Ty.DARR, "x"), "P:x", null);
      String s = fresh("s");
      body.stmts.add(new Decl(Ty.DOUBLE, s, lit("0")));
      scope.push();
      scope.add(loop.counter);
      trips *= loop.trips;
      loopDepth++;
      jumps.add(new LoopInfo(null, true));
      Block lb = new Block();
      if (chance(0.5)) {
        addStmt(lb, stmt(1));
      }
      lb.stmts.add(new ExprStmt(new Assign(d(s), "+=", dbl(3))));
      jumps.clear();
      loopDepth--;
      trips = 1;
      scope.pop();
      loop.loop.body = lb;
      body.stmts.add(loop.loop);
      scope.add(new Var(s, Ty.DOUBLE));
      body.stmts.add(finalReturn());
      Method m =
          new Method(
              name,
              false,
              Ty.DOUBLE,
              List.of(new Param(Ty.DARR, "x", false), new Param(Ty.DOUBLE, "p", false)),
              body);
      m.comment = "generated helper reading an array";
      return m;
    }

    /** void w(double[] y, double p): writes y directly, through an alias, or via another writer. */
    Method writer(String name) {
      helper = true;
      self = name;
      returnsDouble = false;
      Var y = scope.add(new Var("y", Ty.DARR));
      y.group = "P:y";
      y.assignable = false;
      scope.add(new Var("p", Ty.DOUBLE));
      stmtBudget = 3;
      Block body = new Block();
      String target = "y";
      if (chance(0.4)) {
        target = fresh("z");
        body.stmts.add(new Decl(Ty.DARR, target, new Name(Ty.DARR, "y")));
        Var z = scope.add(new Var(target, Ty.DARR));
        z.group = "P:y";
        z.origin = "y";
        z.assignable = false;
      }
      CounterLoop loop = countedLoopOver(new Name(Ty.DARR, "y"), "P:y", null);
      scope.push();
      scope.add(loop.counter);
      Expr elem = new Index(Ty.DOUBLE, new Name(Ty.DARR, target), new Name(Ty.INT, loop.counter.name));
      Block lb = new Block();
      loopDepth++;
      lb.stmts.add(new ExprStmt(new Assign(elem, pick(List.of("=", "+=", "*=", "-=")), dbl(2))));
      loopDepth--;
      scope.pop();
      loop.loop.body = lb;
      body.stmts.add(loop.loop);
      if (chance(0.4)) {
        Expr cond = bool(1);
        branchDepth++;
        body.stmts.add(
            new If(
                cond,
                new Block(
                    List.of(
                        new ExprStmt(
                            new Assign(
                                new Index(Ty.DOUBLE, new Name(Ty.DARR, "y"), ilit(r.nextInt(3))),
                                "+=",
                                dbl(1))))),
                null));
        branchDepth--;
      }
      if (!lib.writers.isEmpty() && chance(0.5)) {
        body.stmts.add(
            new ExprStmt(
                new Call(
                    Ty.VOID,
                    pick(lib.writers),
                    List.of(new Name(Ty.DARR, target), bin("*", d("p"), lit("0.5"))))));
      }
      Method m =
          new Method(
              name,
              false,
              Ty.VOID,
              List.of(new Param(Ty.DARR, "y", false), new Param(Ty.DOUBLE, "p", false)),
              body);
      m.comment = "generated void helper writing into y";
      return m;
    }

    /** double[] r(double[] x, double p): a new array of x's length. */
    Method maker(String name, boolean differentiable) {
      helper = true;
      self = name;
      returnsDouble = false;
      Var x = scope.add(new Var("x", Ty.DARR));
      x.group = "P:x";
      x.assignable = false;
      x.readOnly = true;
      scope.add(new Var("p", Ty.DOUBLE));
      stmtBudget = 3;
      Block body = new Block();
      body.stmts.add(
          new Decl(Ty.DARR, "out", new NewArray(Ty.DARR, List.of(new Length(new Name(Ty.DARR, "x"))))));
      CounterLoop loop = countedLoopOver(new Name(Ty.DARR, "x"), "P:x", null);
      scope.push();
      scope.add(loop.counter);
      Block lb = new Block();
      loopDepth++;
      lb.stmts.add(
          new ExprStmt(
              new Assign(
                  new Index(Ty.DOUBLE, new Name(Ty.DARR, "out"), new Name(Ty.INT, loop.counter.name)),
                  "=",
                  dbl(3))));
      loopDepth--;
      scope.pop();
      loop.loop.body = lb;
      body.stmts.add(loop.loop);
      body.stmts.add(new Return(new Name(Ty.DARR, "out")).kept(true));
      Method m =
          new Method(
              name,
              differentiable,
              Ty.DARR,
              List.of(new Param(Ty.DARR, "x", false), new Param(Ty.DOUBLE, "p", false)),
              body);
      m.comment = differentiable ? "generated vector function" : "generated helper returning a new array";
      return m;
    }

    /**
     * double rec(double x, int depth), recursing depth times through {@code callee} (itself, or a
     * partner that calls it back): after a few random statements, the recursive call (or two, of
     * depths depth - 1 and depth - 2) in a ?:, after an early return, in an if statement or twice
     * in a loop. Each such call runs in split mode.
     */
    Method recursive(String name, String callee) {
      helper = true;
      self = name;
      scope.add(new Var("x", Ty.DOUBLE));
      stmtBudget = between(1, 4);
      Block body = new Block();
      for (int i = between(0, 2); i > 0 && stmtBudget > 0; i--) {
        addStmt(body, stmt(2));
      }
      Expr base = dbl(2);
      Expr inner =
          new Call(
              Ty.DOUBLE,
              callee,
              List.of(dbl(2), bin("-", new Name(Ty.INT, "depth"), ilit(1))));
      Expr step =
          switch (r.nextInt(5)) {
            case 0 -> bin("*", inner, dbl(1));
            case 1 -> bin("+", math(pick(List.of("sin", "tanh", "atan")), inner), dbl(1));
            case 2 -> bin("-", dbl(1), bin("*", lit("0.5"), inner));
            case 3 -> bin("+", inner, dbl(2));
            // Two calls a level: a tree of calls.
            default -> bin("+", math(pick(List.of("sin", "tanh")), inner), bin("*", lit("0.5"),
                new Call(Ty.DOUBLE, callee, List.of(dbl(1), bin("-", new Name(Ty.INT, "depth"), ilit(2))))));
          };
      Expr stop = new Binary(Ty.BOOLEAN, "<=", new Name(Ty.INT, "depth"), ilit(0));
      int shape = r.nextInt(on(Feature.SPLIT_CALLS) ? (on(Feature.LOOPS) ? 4 : 3) : 1);
      if (shape == 0) {
        body.stmts.add(new Return(new Cond(Ty.DOUBLE, stop, base, step)).kept(true));
      } else if (shape == 1) {
        body.stmts.add(new If(stop, new Block(List.of(new Return(base))), null));
        body.stmts.add(new Return(step).kept(true));
      } else if (shape == 2) {
        // double t = base; if (depth > 0) { t = step; } return t;
        String t = fresh("t");
        body.stmts.add(new Decl(Ty.DOUBLE, t, base));
        Expr go = new Binary(Ty.BOOLEAN, ">", new Name(Ty.INT, "depth"), ilit(0));
        body.stmts.add(new If(go, new Block(List.of(new ExprStmt(new Assign(d(t), "=", step)))), null));
        body.stmts.add(new Return(d(t)).kept(true));
      } else {
        // double t = base; for (int i = 0; i < 2; i++) { if (depth > 0) { t = 0.5 * t + step; } } return t;
        String t = fresh("t");
        String i = fresh("i");
        body.stmts.add(new Decl(Ty.DOUBLE, t, base));
        Expr go = new Binary(Ty.BOOLEAN, ">", new Name(Ty.INT, "depth"), ilit(0));
        Stmt update = new ExprStmt(new Assign(d(t), "=", bin("+", bin("*", lit("0.5"), d(t)), step)));
        body.stmts.add(new For(null, new Decl(Ty.INT, i, ilit(0)),
            new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, i), ilit(2)),
            new Step(new Name(Ty.INT, i), "++", false),
            new Block(List.of(new If(go, new Block(List.of(update)), null)))));
        body.stmts.add(new Return(d(t)).kept(true));
      }
      Method m =
          new Method(
              name,
              false,
              Ty.DOUBLE,
              List.of(new Param(Ty.DOUBLE, "x", false), new Param(Ty.INT, "depth", false)),
              body);
      m.comment = "generated recursive helper";
      return m;
    }

    /** int ih(double[] x, double[] out): writes out and counts. */
    Method intHelper(String name) {
      helper = true;
      self = name;
      returnsDouble = false;
      scope.add(new Var("x", Ty.DARR)).group = "P:x";
      scope.add(new Var("out", Ty.DARR)).group = "P:out";
      Name i = new Name(Ty.INT, "i");
      Expr xi = new Index(Ty.DOUBLE, new Name(Ty.DARR, "x"), i);
      Expr cond =
          new Binary(
              Ty.BOOLEAN,
              "&&",
              new Binary(Ty.BOOLEAN, "<", i.copy(), new Length(new Name(Ty.DARR, "x"))),
              new Binary(Ty.BOOLEAN, "<", i.copy(), new Length(new Name(Ty.DARR, "out"))));
      Block then =
          new Block(
              List.of(
                  new ExprStmt(
                      new Assign(
                          new Index(Ty.DOUBLE, new Name(Ty.DARR, "out"), i.copy()),
                          "=",
                          bin("*", xi.copy(), lit(pick(List.of("2", "0.5", "3")))))),
                  new ExprStmt(new Step(new Name(Ty.INT, "k"), "++", false))));
      For loop =
          new For(
              null,
              new Decl(Ty.INT, "i", ilit(0)),
              cond,
              new Step(i.copy(), "++", false),
              new Block(
                  List.of(new If(new Binary(Ty.BOOLEAN, ">", xi.copy(), lit("0")), then, null))));
      Method m =
          new Method(
              name,
              false,
              Ty.INT,
              List.of(new Param(Ty.DARR, "x", false), new Param(Ty.DARR, "out", false)),
              new Block(
                  List.of(
                      new Decl(Ty.INT, "k", ilit(0)),
                      loop,
                      new Return(new Name(Ty.INT, "k")).kept(true))));
      m.comment = "int helper writing into out";
      return m;
    }

    /** boolean bh(double[] x, double[] out, double t): writes out[0..2]. */
    Method boolHelper(String name) {
      Expr x0 = new Index(Ty.DOUBLE, new Name(Ty.DARR, "x"), ilit(0));
      Expr x1 = new Index(Ty.DOUBLE, new Name(Ty.DARR, "x"), ilit(1));
      List<Stmt> body = new ArrayList<>();
      body.add(
          new ExprStmt(
              new Assign(new Index(Ty.DOUBLE, new Name(Ty.DARR, "out"), ilit(0)), "=", bin("*", x0, d("t")))));
      body.add(
          new ExprStmt(
              new Assign(
                  new Index(Ty.DOUBLE, new Name(Ty.DARR, "out"), ilit(2)),
                  "+=",
                  math("sin", bin("+", x1.copy(), d("t"))))));
      body.add(new Return(new Binary(Ty.BOOLEAN, ">", x1.copy(), d("t"))).kept(true));
      Method m =
          new Method(
              name,
              false,
              Ty.BOOLEAN,
              List.of(
                  new Param(Ty.DARR, "x", false),
                  new Param(Ty.DARR, "out", false),
                  new Param(Ty.DOUBLE, "t", false)),
              new Block(body));
      m.comment = "boolean helper writing into out";
      return m;
    }

    // ---------------------------------------------------------------- statements

    private Block block(int depth, int count) {
      scope.push();
      Block b = new Block();
      for (int i = 0; i < count && stmtBudget > 0; i++) {
        addStmt(b, stmt(depth));
      }
      if (b.stmts.isEmpty()) {
        b.stmts.add(assignStmt());
      }
      scope.pop();
      return b;
    }

    Stmt stmt(int depth) {
      stmtBudget--;
      boolean compound = depth > 0 && stmtBudget > 1;
      for (int attempt = 0; attempt < 20; attempt++) {
        int k = r.nextInt(100);
        if (k < 16) {
          return declDouble();
        }
        if (k < 28) {
          return assignStmt();
        }
        if (k < 32 && on(Feature.LOCALS)) {
          return declInt();
        }
        if (k < 36 && on(Feature.INT_STEPS)) {
          Stmt s = intStep();
          if (s != null) {
            return s;
          }
        }
        if (k < 38 && on(Feature.LOCALS)) {
          return declBoolean();
        }
        if (k < 47 && compound && on(Feature.IF)) {
          return ifStmt(depth);
        }
        if (k < 51 && compound && on(Feature.SWITCH)) {
          return switchStmt(depth);
        }
        if (k < 63 && compound && on(Feature.LOOPS) && trips <= 12) {
          return loop(depth);
        }
        if (k < 69 && on(Feature.JUMPS)) {
          Stmt s = jump();
          if (s != null) {
            return s;
          }
        }
        if (k < 80 && on(Feature.ARRAYS)) {
          Stmt s = arrayStmt(depth);
          if (s != null) {
            return s;
          }
        }
        if (k < 86 && on(Feature.ARRAY_HELPERS) && !helper && callsAllowed()) {
          Stmt s = helperCallStmt();
          if (s != null) {
            return s;
          }
        }
        if (k < 89 && on(Feature.CALLS) && !helper && callsAllowed()) {
          Stmt s = methodCallStmt();
          if (s != null) {
            return s;
          }
        }
        if (k < 92 && on(Feature.INT_HELPERS) && !helper && callsAllowed()) {
          Stmt s = intHelperStmt();
          if (s != null) {
            return s;
          }
        }
        if (k < 100 && on(Feature.IDIOMS)) {
          Stmt s = idiomStmt(depth);
          if (s != null) {
            return s;
          }
        }
      }
      return assignStmt();
    }

    private Stmt declDouble() {
      String name = fresh("t");
      if (on(Feature.LOCALS) && chance(0.15)) {
        // Declared first, assigned later (in both branches of an if, or just after).
        Decl decl = new Decl(Ty.DOUBLE, name, null);
        Block pair = new Block();
        pair.stmts.add(decl);
        if (on(Feature.IF) && chance(0.5)) {
          Expr cond = bool(2);
          branchDepth++;
          Block t = new Block(List.of(new ExprStmt(new Assign(d(name), "=", dbl(2)))));
          Block f = new Block(List.of(new ExprStmt(new Assign(d(name), "=", dbl(2)))));
          branchDepth--;
          pair.stmts.add(new If(cond, t, f));
        } else {
          pair.stmts.add(new ExprStmt(new Assign(d(name), "=", dbl(3))));
        }
        scope.add(new Var(name, Ty.DOUBLE));
        return flatten(pair);
      }
      if (on(Feature.LOCALS) && chance(0.1)) {
        String name2 = fresh("t");
        Decl decl = new Decl(Ty.DOUBLE, List.of(name, name2), List.of(dbl(2), dbl(2)));
        scope.add(new Var(name, Ty.DOUBLE));
        scope.add(new Var(name2, Ty.DOUBLE));
        return decl;
      }
      Expr init = dbl(3);
      Decl decl = new Decl(Ty.DOUBLE, name, init);
      Var var = scope.add(new Var(name, Ty.DOUBLE));
      if (on(Feature.LOCALS) && chance(0.08)) {
        decl.isFinal = true;
        var.assignable = false;
      } else if (on(Feature.LOCALS) && init.ty == Ty.DOUBLE && chance(0.08)) {
        decl.useVar = true;
      }
      return decl;
    }

    /**
     * Two statements that must stay in one block (a declaration and its assignment) are returned
     * as a block only when needed; here the caller's block takes them in order.
     */
    private Stmt flatten(Block pair) {
      spliced.add(pair);
      return pair;
    }

    /** Blocks stmt() returned that stand for several statements of the enclosing block. */
    private final java.util.Set<Block> spliced =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private Stmt assignStmt() {
      List<Var> targets = scope.all(v -> v.ty == Ty.DOUBLE && v.assignable);
      if (targets.isEmpty() || chance(0.1)) {
        return declDouble();
      }
      Var t = pick(targets);
      String op = on(Feature.LOCALS) ? pick(List.of("=", "=", "+=", "-=", "*=", "/=", "=", "+=", "-=", "*=", "%=")) : "=";
      Expr value = op.equals("/=") || op.equals("%=") ? safeDenominator() : dbl(3);
      if (op.equals("+=") && chance(0.15)) {
        value = intLeaf();
      }
      return new ExprStmt(new Assign(d(t.name), op, value));
    }

    private Stmt declInt() {
      if (chance(0.1) && on(Feature.CASTS)) {
        return new Decl(Ty.LONG, fresh("q"), new Cast(Ty.LONG, dbl(2)));
      }
      String name = fresh("k");
      Var var = new Var(name, Ty.INT);
      Expr init;
      if (chance(0.5)) {
        init = ilit(0);
        var.nonneg = true;
        var.steppable = true;
      } else {
        init = intExpr(2);
      }
      scope.add(var);
      return new Decl(Ty.INT, name, init);
    }

    private Stmt declBoolean() {
      String name = fresh("f");
      Decl d = new Decl(Ty.BOOLEAN, name, bool(2));
      scope.add(new Var(name, Ty.BOOLEAN));
      return d;
    }

    private Stmt intStep() {
      List<Var> steppable = scope.all(v -> v.ty == Ty.INT && v.steppable);
      List<Var> any = scope.all(v -> v.ty == Ty.INT && v.assignable && !v.nonneg);
      if (!steppable.isEmpty() && chance(0.7)) {
        Var k = pick(steppable);
        Expr e =
            switch (r.nextInt(4)) {
              case 0 -> new Step(new Name(Ty.INT, k.name), "++", false);
              case 1 -> new Step(new Name(Ty.INT, k.name), "++", true);
              case 2 -> new Assign(new Name(Ty.INT, k.name), "+=", ilit(between(1, 2)));
              default -> null;
            };
        if (e == null) {
          // Decrement only when positive, so the counter stays a valid (nonneg) index base.
          return new If(
              new Binary(Ty.BOOLEAN, ">", new Name(Ty.INT, k.name), ilit(0)),
              new Block(List.of(new ExprStmt(new Step(new Name(Ty.INT, k.name), "--", false)))),
              null);
        }
        return new ExprStmt(e);
      }
      if (!any.isEmpty()) {
        Var k = pick(any);
        return switch (r.nextInt(4)) {
          case 0 -> new ExprStmt(new Step(new Name(Ty.INT, k.name), "--", false));
          case 1 -> new ExprStmt(new Assign(new Name(Ty.INT, k.name), "=", intExpr(2)));
          // int += double: a narrowing compound assignment
          case 2 -> new ExprStmt(new Assign(new Name(Ty.INT, k.name), "+=", dbl(1)));
          default -> new ExprStmt(new Assign(new Name(Ty.INT, k.name), "*=", ilit(2)));
        };
      }
      return null;
    }

    /** Whether a call may go here: anywhere with SPLIT_CALLS, else only in straight-line code. */
    private boolean callsAllowed() {
      return on(Feature.SPLIT_CALLS) || (loopDepth == 0 && branchDepth == 0 && !afterReturn);
    }

    private Stmt ifStmt(int depth) {
      Expr c = bool(2);
      branchDepth++;
      Block then = block(depth - 1, between(1, 3));
      Stmt els = null;
      int k = r.nextInt(10);
      if (k < 4) {
        els = block(depth - 1, between(1, 2));
      } else if (k < 6) {
        Expr c2 = bool(2);
        Block t2 = block(depth - 1, between(1, 2));
        els = new If(c2, t2, chance(0.5) ? block(depth - 1, 1) : null);
      }
      branchDepth--;
      return new If(c, then, els);
    }

    private Stmt switchStmt(int depth) {
      Expr sel = switchSelector();
      boolean arrow = chance(0.5);
      List<Integer> labels = new ArrayList<>(List.of(0, 1, 2, 3, 4));
      java.util.Collections.shuffle(labels, r);
      int groups = between(1, 3);
      List<Case> cases = new ArrayList<>();
      int used = 0;
      jumps.add(new LoopInfo(null, false));
      branchDepth++;
      for (int g = 0; g < groups; g++) {
        int size = between(1, 2);
        List<Integer> ls = new ArrayList<>(labels.subList(used, Math.min(used + size, labels.size())));
        used += ls.size();
        java.util.Collections.sort(ls);
        Block body = block(depth - 1, between(1, 2));
        if (!arrow && chance(0.7)) {
          body.stmts.add(new Break(null)); // else falls through
        }
        cases.add(new Case(ls, body));
      }
      if (chance(0.7)) {
        Block body = block(depth - 1, 1);
        cases.add(r.nextInt(cases.size() + 1), new Case(List.of(), body));
        if (!arrow) {
          // A default placed before other cases falls through into them unless it breaks.
          body.stmts.add(new Break(null));
        }
      }
      jumps.remove(jumps.size() - 1);
      branchDepth--;
      if (!arrow) {
        // The last group needs no break, and a classic group may have a break in the middle
        // only as the last statement (anything after would be unreachable).
        Case last = cases.get(cases.size() - 1);
        if (!last.body.stmts.isEmpty()
            && last.body.stmts.get(last.body.stmts.size() - 1) instanceof Break
            && chance(0.5)) {
          last.body.stmts.remove(last.body.stmts.size() - 1);
        }
      }
      return new Switch(sel, cases, arrow);
    }

    private Expr switchSelector() {
      List<Var> counters = scope.all(v -> v.ty == Ty.INT);
      return switch (r.nextInt(4)) {
        case 0 -> helper ? ilit(2) : new Name(Ty.INT, "n");
        case 1 -> counters.isEmpty() ? ilit(2) : new Name(Ty.INT, pick(counters).name);
        case 2 ->
            on(Feature.CASTS)
                ? new Cast(Ty.INT, bin("*", dbl(1), lit("3")))
                : ilit(1);
        default ->
            new Binary(
                Ty.INT,
                "%",
                counters.isEmpty() ? ilit(4) : new Name(Ty.INT, pick(counters).name),
                ilit(3));
      };
    }

    /** A for loop over a counter with its trip count and the counter's variable. */
    private record CounterLoop(For loop, Var counter, int trips) {}

    private CounterLoop countedLoop(String label) {
      if (instance && chance(0.15)) {
        return loopOverAField(label);
      }
      List<Var> arrays1 = scope.all(v -> v.ty == Ty.DARR);
      int k = r.nextInt(10);
      if (k < 3 && !arrays1.isEmpty()) {
        Var a = pick(arrays1);
        return countedLoopOver(new Name(Ty.DARR, a.name), a.group, label);
      }
      String i = fresh("i");
      Var counter = new Var(i, Ty.INT);
      counter.assignable = false;
      counter.nonneg = true;
      Expr bound;
      int trips;
      if (k < 6) {
        trips = between(1, 4);
        bound = new Lit(Ty.INT, Integer.toString(trips), true);
        counter.ubConst = trips;
      } else if (k < 8 && !helper) {
        bound = new Name(Ty.INT, "n");
        trips = 4;
        counter.ubConst = 5;
      } else if (!helper) {
        bound = new Length(new Name(Ty.DARR2, "m"));
        trips = 5;
        counter.ubGroup = "L";
      } else {
        trips = 3;
        bound = new Lit(Ty.INT, "3", true);
        counter.ubConst = 3;
      }
      return counted(label, counter, bound, trips);
    }

    /** {@code i < table.length} or {@code i < order}: a counter bounded by a field. */
    private CounterLoop loopOverAField(String label) {
      Var counter = new Var(fresh("i"), Ty.INT);
      counter.assignable = false;
      counter.nonneg = true;
      if (chance(0.5)) {
        counter.ubConst = ORDER_VALUE;
        return counted(label, counter, field(Ty.INT, ORDER), ORDER_VALUE);
      }
      counter.ubGroup = WEIGHTS_GROUP;
      return counted(label, counter, new Length(field(Ty.DARR, WEIGHTS)), WEIGHTS_LENGTH);
    }

    private CounterLoop countedLoopOver(Expr array, String group, String label) {
      Var counter = new Var(fresh("i"), Ty.INT);
      counter.assignable = false;
      counter.nonneg = true;
      counter.ubGroup = group;
      int trips = Scope.minLength(group) > 3 ? Scope.minLength(group) : 5;
      return counted(label, counter, new Length(array), trips);
    }

    private CounterLoop counted(String label, Var counter, Expr bound, int trips) {
      Name i = new Name(Ty.INT, counter.name);
      int shape = r.nextInt(10);
      For f;
      if (shape < 6) {
        f = new For(label, new Decl(Ty.INT, counter.name, ilit(0)),
            new Binary(Ty.BOOLEAN, "<", i, bound), new Step(i.copy(), "++", false), null);
      } else if (shape < 8) {
        counter.startsAtOne = true;
        f = new For(label, new Decl(Ty.INT, counter.name, ilit(1)),
            new Binary(Ty.BOOLEAN, "<", i, bound), new Step(i.copy(), "++", chance(0.5)), null);
      } else {
        f = new For(label, new Decl(Ty.INT, counter.name, bin("-", bound, ilit(1))),
            new Binary(Ty.BOOLEAN, ">=", i, ilit(0)), new Step(i.copy(), "--", false), null);
      }
      return new CounterLoop(f, counter, trips);
    }

    private String maybeLabel() {
      return loopDepth > 0 && chance(0.4) ? fresh("outer") : (chance(0.1) ? fresh("loop") : null);
    }

    private Stmt loop(int depth) {
      int kind = r.nextInt(10);
      String label = maybeLabel();
      int saved = trips;
      Stmt result;
      if (kind < 5) {
        CounterLoop cl = countedLoop(label);
        cl.loop.body = loopBody(depth, cl.counter, cl.trips, label);
        result = cl.loop;
      } else if (kind < 6) {
        // A double counter.
        String t = fresh("x");
        Var tv = new Var(t, Ty.DOUBLE);
        tv.assignable = false;
        // Starts in [-1, 1] whatever the parameters became (tanh), so the loop ends soon.
        Expr start = chance(0.4) ? lit("0.0") : math("tanh", activeScalar());
        Expr end = lit(pick(List.of("1.0", "1.2")));
        Expr stepBy = lit(pick(List.of("0.25", "0.3", "0.5")));
        For f = new For(label, new Decl(Ty.DOUBLE, t, start),
            new Binary(Ty.BOOLEAN, "<", d(t), end), new Assign(d(t), "+=", stepBy), null);
        f.body = loopBody(depth, tv, 5, label);
        result = f;
      } else if (kind < 8) {
        // while with a guard stepped first thing in the body (continue cannot skip it).
        String w = fresh("w");
        int bound = between(1, 4);
        Var wv = new Var(w, Ty.INT);
        wv.assignable = false;
        wv.nonneg = true;
        wv.ubConst = bound + 1;
        Expr cond = new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, w), new Lit(Ty.INT, Integer.toString(bound), true));
        if (chance(0.4)) {
          loopDepth++; // the condition runs on every iteration
          cond = new Binary(Ty.BOOLEAN, "&&", cond, bool(1));
          loopDepth--;
        }
        Block body = loopBody(depth, wv, bound, label);
        body.stmts.add(0, new ExprStmt(new Step(new Name(Ty.INT, w), "++", false)).kept(true));
        Block pair = new Block();
        pair.stmts.add(new Decl(Ty.INT, w, ilit(0)).kept(true));
        if (chance(0.75)) {
          pair.stmts.add(new While(label, cond, body));
        } else {
          pair.stmts.add(new DoWhile(label, body, cond));
        }
        trips = saved;
        return flatten(pair);
      } else if (kind < 9) {
        // while on an active value: the trip count depends on a differentiated parameter.
        String x = fresh("x");
        Var xv = new Var(x, Ty.DOUBLE);
        xv.assignable = false;
        Block body = loopBody(depth, xv, 6, label);
        body.stmts.add(0, new ExprStmt(new Assign(d(x), "+=", lit(pick(List.of("0.4", "0.5", "0.7"))))).kept(true));
        Block pair = new Block();
        pair.stmts.add(new Decl(Ty.DOUBLE, x, math(pick(List.of("tanh", "sin")), activeScalar())).kept(true));
        pair.stmts.add(new While(label, new Binary(Ty.BOOLEAN, "<", d(x), lit("1.5")), body));
        trips = saved;
        return flatten(pair);
      } else {
        // Two nested counted loops.
        CounterLoop outer = countedLoop(label);
        scope.push();
        scope.add(outer.counter);
        trips *= outer.trips;
        loopDepth++;
        jumps.add(new LoopInfo(label, true));
        String innerLabel = maybeLabel();
        CounterLoop inner = countedLoop(innerLabel);
        inner.loop.body = loopBody(depth - 1, inner.counter, inner.trips, innerLabel);
        Block ob = new Block();
        if (chance(0.5)) {
          addStmt(ob, stmt(0));
        }
        ob.stmts.add(inner.loop);
        if (chance(0.5)) {
          addStmt(ob, stmt(0));
        }
        jumps.remove(jumps.size() - 1);
        loopDepth--;
        scope.pop();
        outer.loop.body = ob;
        result = outer.loop;
      }
      trips = saved;
      return result;
    }

    /** A double variable (the start of loops whose trip count depends on it). */
    private Expr activeScalar() {
      List<Var> dvars = scope.all(v -> v.ty == Ty.DOUBLE && !v.inactive);
      return dvars.isEmpty() ? lit("0.5") : d(pick(dvars).name);
    }

    private Block loopBody(int depth, Var counter, int tripCount, String label) {
      scope.push();
      if (counter != null) {
        scope.add(counter);
      }
      trips *= tripCount;
      loopDepth++;
      jumps.add(new LoopInfo(label, true));
      Block b = new Block();
      for (int i = between(1, 3); i > 0 && stmtBudget > 0; i--) {
        addStmt(b, stmt(depth - 1));
      }
      if (b.stmts.isEmpty()) {
        b.stmts.add(assignStmt());
      }
      jumps.remove(jumps.size() - 1);
      loopDepth--;
      trips /= tripCount;
      scope.pop();
      return b;
    }

    private Block forEachBody(int depth, Var element, int tripCount) {
      return loopBody(depth, element, tripCount, null);
    }

    /** Adds s to b, splicing the blocks that stand for several statements of b. */
    private void addStmt(Block b, Stmt s) {
      if (s instanceof Block pair && spliced.remove(pair)) {
        b.stmts.addAll(pair.stmts);
      } else {
        b.stmts.add(s);
      }
    }

    private Stmt jump() {
      boolean inLoop = jumps.stream().anyMatch(LoopInfo::isLoop);
      boolean inSwitchOrLoop = !jumps.isEmpty();
      int k = r.nextInt(10);
      Stmt s = null;
      if (k < 3 && inSwitchOrLoop && inLoop) {
        s = new Break(labelledTarget());
      } else if (k < 6 && inLoop) {
        s = new Continue(labelledTarget());
      } else if (returnsDouble && (loopDepth > 0 || chance(0.5))) {
        branchDepth++;
        s = new Return(dbl(2));
        branchDepth--;
        afterReturn = true;
      }
      if (s == null) {
        return null;
      }
      return new If(bool(2), new Block(List.of(s)), null);
    }

    /** null (the innermost loop) or the label of an enclosing labelled loop. */
    private String labelledTarget() {
      List<String> labels = new ArrayList<>();
      for (LoopInfo l : jumps) {
        if (l.isLoop() && l.label() != null) {
          labels.add(l.label());
        }
      }
      if (!labels.isEmpty() && chance(0.5)) {
        return pick(labels);
      }
      // An unlabelled break inside a switch would leave the switch, not the loop: fine too.
      return null;
    }

    private Stmt arrayStmt(int depth) {
      if (on(Feature.BULK_ARRAYS) && chance(0.2)) {
        Stmt bulk = bulkStmt();
        if (bulk != null) {
          return bulk;
        }
      }
      int k = r.nextInt(10);
      List<Var> writable1 = scope.all(v -> v.ty == Ty.DARR && !v.readOnly);
      List<Var> twoD = scope.all(v -> v.ty == Ty.DARR2 && !v.readOnly);
      if (k < 3) {
        return newArray();
      }
      if (k < 7 && !writable1.isEmpty()) {
        Var a = pick(writable1);
        noteWrite(a);
        String op = pick(List.of("=", "=", "+=", "-=", "*=", "/="));
        Expr value = op.equals("/=") ? safeDenominator() : dbl(3);
        if (chance(0.1)) {
          return new ExprStmt(new Step(new Index(Ty.DOUBLE, new Name(Ty.DARR, a.name), index(a.group)), pick(List.of("++", "--")), chance(0.5)));
        }
        return new ExprStmt(new Assign(new Index(Ty.DOUBLE, new Name(Ty.DARR, a.name), index(a.group)), op, value));
      }
      if (k < 8 && !twoD.isEmpty()) {
        Var a = pick(twoD);
        noteWrite(a);
        Expr row = new Index(Ty.DARR, new Name(Ty.DARR2, a.name), index(a.group));
        return new ExprStmt(new Assign(new Index(Ty.DOUBLE, row, index(a.colGroup)), pick(List.of("=", "+=", "*=")), dbl(2)));
      }
      if (k < 9 && !twoD.isEmpty() && on(Feature.BULK_ARRAYS) && chance(0.25)) {
        // A matrix's clone, shallow: writes into its rows are writes into the matrix's.
        Var a = pick(twoD);
        String name = fresh("c");
        Var cv = scope.add(new Var(name, Ty.DARR2));
        cv.group = a.group;
        cv.colGroup = a.colGroup;
        cv.assignable = false;
        cv.paramDerived = a.paramDerived;
        cv.readOnly = a.readOnly;
        cv.origin = a.origin();
        return new Decl(Ty.DARR2, name, new Call(Ty.DARR2, a.name + ".clone", List.of()));
      }
      if (k < 9 && !twoD.isEmpty()) {
        // A row alias: writes through it are writes into the matrix.
        Var a = pick(twoD);
        String name = fresh("row");
        Var rv = scope.add(new Var(name, Ty.DARR));
        rv.group = a.colGroup;
        rv.assignable = false;
        rv.paramDerived = a.paramDerived;
        rv.origin = a.origin();
        return new Decl(Ty.DARR, name, new Index(Ty.DARR, new Name(Ty.DARR2, a.name), index(a.group)));
      }
      if (!writable1.isEmpty() && on(Feature.LOOPS) && trips <= 12 && stmtBudget > 1) {
        // Fill an array in a counted loop.
        Var a = pick(writable1);
        noteWrite(a);
        CounterLoop cl = countedLoopOver(new Name(Ty.DARR, a.name), a.group, null);
        scope.push();
        scope.add(cl.counter);
        trips *= cl.trips;
        Expr target = new Index(Ty.DOUBLE, new Name(Ty.DARR, a.name), new Name(Ty.INT, cl.counter.name));
        Block b = new Block();
        loopDepth++;
        if (chance(0.3)) {
          addStmt(b, stmt(0));
        }
        b.stmts.add(new ExprStmt(new Assign(target, pick(List.of("=", "+=", "*=")), dbl(3))));
        loopDepth--;
        trips /= cl.trips;
        scope.pop();
        cl.loop.body = b;
        return cl.loop;
      }
      return null;
    }

    private void noteWrite(Var a) {
      if (a.paramDerived) {
        writesParams = true;
      }
    }

    /**
     * {@code System.arraycopy} within one array (overlapping, either way) or between two, or
     * {@code Arrays.fill} of a whole array or a range with a differentiated value; null if no
     * array may be written.
     */
    private Stmt bulkStmt() {
      List<Var> writable = scope.all(v -> v.ty == Ty.DARR && !v.readOnly);
      if (writable.isEmpty()) {
        return null;
      }
      Var dst = pick(writable);
      Expr to = new Name(Ty.DARR, dst.name);
      int k = r.nextInt(5);
      if (k == 4) {
        Stmt recurrence = recurrence();
        if (recurrence != null) {
          return recurrence;
        }
        k = 3;
      }
      if (k == 1) {
        List<Var> sources = scope.all(v -> v.ty == Ty.DARR && v != dst);
        if (sources.isEmpty()) {
          return null;
        }
        Var src = pick(sources);
        int n = Math.min(Scope.minLength(src.group), Scope.minLength(dst.group));
        int at = between(0, 1);
        noteWrite(dst);
        return new ExprStmt(new Call(Ty.VOID, "System.arraycopy", List.of(new Name(Ty.DARR, src.name), ilit(0), to,
            ilit(at), ilit(n - at))));
      }
      noteWrite(dst);
      if (k == 0) {
        boolean rightward = chance(0.5);
        return new ExprStmt(new Call(Ty.VOID, "System.arraycopy", List.of(to, ilit(rightward ? 0 : 1), to.copy(),
            ilit(rightward ? 1 : 0), bin("-", new Length(to.copy()), ilit(1)))));
      }
      if (k == 2) {
        return new ExprStmt(new Call(Ty.VOID, "java.util.Arrays.fill", List.of(to, dbl(1))));
      }
      if (chance(0.5)) {
        // Sorted, whole or from 1: each element then carries the derivative of the one it came from.
        return new ExprStmt(new Call(Ty.VOID, "java.util.Arrays.sort", chance(0.5) ? List.of(to)
            : List.of(to, ilit(1), new Length(to.copy()))));
      }
      return new ExprStmt(new Call(Ty.VOID, "java.util.Arrays.fill", List.of(to, ilit(1), ilit(2), dbl(1))));
    }

    /**
     * The recurrent state copy: {@code double[] st = a.clone(); for (...) { double[] nx = st.clone();
     * axpy(c, st, nx); st = nx; } t += st[0] * e;}, a call writing into a new array while reading
     * the array its variable will point to next.
     */
    private Stmt recurrence() {
      List<Var> sources = scope.all(v -> v.ty == Ty.DARR && Scope.minLength(v.group) > 0);
      List<Var> targets = scope.all(v -> v.ty == Ty.DOUBLE && v.assignable);
      if (!lib.axpy || !on(Feature.LOOPS) || sources.isEmpty() || targets.isEmpty() || loopDepth > 1) {
        return null;
      }
      Var src = pick(sources);
      Var t = pick(targets);
      String st = fresh("st");
      String nx = fresh("nx");
      String i = fresh("i");
      Block body = new Block();
      body.stmts.add(new Decl(Ty.DARR, nx, new Call(Ty.DARR, st + ".clone", List.of())));
      body.stmts.add(new ExprStmt(new Call(Ty.VOID, "axpy", List.of(dbl(1), new Name(Ty.DARR, st),
          new Name(Ty.DARR, nx)))));
      body.stmts.add(new ExprStmt(new Assign(new Name(Ty.DARR, st), "=", new Name(Ty.DARR, nx))));
      Block all = new Block();
      all.stmts.add(new Decl(Ty.DARR, st, new Call(Ty.DARR, src.name + ".clone", List.of())));
      all.stmts.add(new For(null, new Decl(Ty.INT, i, ilit(0)), new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, i),
          ilit(between(0, 3))), new Step(new Name(Ty.INT, i), "++", false), body));
      all.stmts.add(new ExprStmt(new Assign(d(t.name), "+=", bin("*", new Index(Ty.DOUBLE, new Name(Ty.DARR, st),
          ilit(0)), dbl(1)))));
      return flatten(all);
    }

    /**
     * {@code double[] w = a.clone()}, {@code Arrays.copyOf(a, n)} or {@code Arrays.copyOfRange(a, 1,
     * n + 1)} (past a's end when n + 1 is): a new array, which the method may write.
     */
    private Stmt copiedArray(String name, Var var) {
      List<Var> sources = scope.all(v -> v.ty == Ty.DARR);
      if (sources.isEmpty()) {
        return null;
      }
      Var src = pick(sources);
      Expr from = new Name(Ty.DARR, src.name);
      int k = r.nextInt(3);
      if (k == 0) {
        var.group = src.group;
        return new Decl(Ty.DARR, name, new Call(Ty.DARR, src.name + ".clone", List.of()));
      }
      int len = between(3, 5);
      var.group = "K" + len;
      return new Decl(Ty.DARR, name, k == 1
          ? new Call(Ty.DARR, "java.util.Arrays.copyOf", List.of(from, ilit(len)))
          : new Call(Ty.DARR, "java.util.Arrays.copyOfRange", List.of(from, ilit(1), ilit(1 + len))));
    }

    private Stmt newArray() {
      String name = fresh("w");
      if (on(Feature.BULK_ARRAYS) && chance(0.25)) {
        Var copy = new Var(name, Ty.DARR);
        copy.assignable = false;
        Stmt decl = copiedArray(name, copy);
        if (decl != null) {
          scope.add(copy);
          return decl;
        }
      }
      int k = r.nextInt(10);
      Var var = new Var(name, Ty.DARR);
      var.assignable = false;
      Stmt decl;
      if (k < 3) {
        int len = between(3, 5);
        var.group = "K" + len;
        decl = new Decl(Ty.DARR, name, new NewArray(Ty.DARR, List.of(ilit(len))));
      } else if (k < 6 && !helper) {
        var.group = "L";
        decl = new Decl(Ty.DARR, name, new NewArray(Ty.DARR, List.of(new Length(new Name(Ty.DARR, "v")))));
      } else if (k < 8) {
        int len = between(3, 4);
        List<Expr> elems = new ArrayList<>();
        for (int i = 0; i < len; i++) {
          elems.add(chance(0.3) ? lit(pick(List.of("0.5", "1", "2.0", "0"))) : dbl(2));
        }
        var.group = "K" + len;
        decl = new Decl(Ty.DARR, name, new ArrayInit(Ty.DARR, elems));
        if (chance(0.3)) {
          // w = new double[] {w[1] * e, w[0], ...}: a literal of the array's own elements replacing it.
          List<Expr> again = new ArrayList<>();
          for (int i = 0; i < len; i++) {
            Expr old = new Index(Ty.DOUBLE, new Name(Ty.DARR, name), ilit((i + 1) % len));
            again.add(chance(0.5) ? bin("*", old, dbl(1)) : old);
          }
          Block pair = new Block();
          pair.stmts.add(decl);
          pair.stmts.add(new ExprStmt(new Assign(new Name(Ty.DARR, name), "=", new ArrayInit(Ty.DARR, again, true))));
          scope.add(var);
          return flatten(pair);
        }
      } else {
        var = new Var(name, Ty.DARR2);
        var.assignable = false;
        int rows = between(3, 4);
        var.group = "K" + rows;
        Expr cols;
        if (helper || chance(0.4)) {
          int c = between(3, 4);
          var.colGroup = "K" + c;
          cols = ilit(c);
        } else {
          var.colGroup = "L";
          cols = new Length(new Name(Ty.DARR, "v"));
        }
        decl = new Decl(Ty.DARR2, name, new NewArray(Ty.DARR2, List.of(ilit(rows), cols)));
      }
      scope.add(var);
      return decl;
    }

    private Stmt helperCallStmt() {
      List<Var> locals1 = scope.all(v -> v.ty == Ty.DARR && !v.readOnly);
      int k = r.nextInt(10);
      if (k < 4 && !lib.writers.isEmpty() && !locals1.isEmpty()) {
        Var a = pick(locals1);
        noteWrite(a);
        return new ExprStmt(new Call(Ty.VOID, pick(lib.writers), List.of(new Name(Ty.DARR, a.name), dbl(2))));
      }
      if (k < 6 && lib.axpy && locals1.size() >= 2) {
        Var x = pick(locals1);
        Var y = pick(locals1);
        if (x.origin().equals(y.origin())) {
          return null; // keep the arrays of one call apart
        }
        noteWrite(y);
        return new ExprStmt(new Call(Ty.VOID, "axpy", List.of(dbl(2), new Name(Ty.DARR, x.name), new Name(Ty.DARR, y.name))));
      }
      if (k < 7 && lib.matVec) {
        List<Var> outs = scope.all(v -> v.ty == Ty.DARR && "L".equals(v.group) && !v.paramDerived && !v.readOnly && !v.origin().equals("v") && !v.origin().equals("m"));
        if (outs.isEmpty()) {
          return null;
        }
        return new ExprStmt(new Call(Ty.VOID, "matVec", List.of(new Name(Ty.DARR2, "m"), new Name(Ty.DARR, "v"), new Name(Ty.DARR, pick(outs).name))));
      }
      if (!lib.makers.isEmpty()) {
        List<Var> sources = scope.all(v -> v.ty == Ty.DARR);
        Var src = pick(sources);
        String name = fresh("w");
        Expr call = new Call(Ty.DARR, pick(lib.makers), List.of(new Name(Ty.DARR, src.name), dbl(2)));
        Var out = scope.add(new Var(name, Ty.DARR));
        out.group = src.group;
        out.assignable = false;
        if (chance(0.5)) {
          return new Decl(Ty.DARR, name, call);
        }
        // w = mk(w, p): the new array replaces the one it was made from, once or in a loop (its
        // reverse once differentiated at, and added into the adjoint of, the new array).
        Block all = new Block();
        all.stmts.add(new Decl(Ty.DARR, name, call));
        Stmt again = new ExprStmt(new Assign(new Name(Ty.DARR, name), "=",
            new Call(Ty.DARR, pick(lib.makers), List.of(new Name(Ty.DARR, name), dbl(1)))));
        if (chance(0.5)) {
          all.stmts.add(again);
        } else {
          String i = fresh("i");
          all.stmts.add(new For(null, new Decl(Ty.INT, i, ilit(0)), new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, i),
              ilit(between(0, 3))), new Step(new Name(Ty.INT, i), "++", false), new Block(List.of(again))));
        }
        return flatten(all);
      }
      return null;
    }

    /** double t = mJ(...) for a callee that may write into its arrays. */
    private Stmt methodCallStmt() {
      List<Callee> writing = callees.stream().filter(Callee::writesArrays).toList();
      if (writing.isEmpty()) {
        return null;
      }
      Callee c = pick(writing);
      if (c.instance() && !instance) {
        return null;
      }
      String name = fresh("t");
      Decl decl = new Decl(Ty.DOUBLE, name, methodCall(c));
      scope.add(new Var(name, Ty.DOUBLE));
      return decl;
    }

    private Expr methodCall(Callee c) {
      callsMethods = true;
      List<Expr> args = new ArrayList<>();
      args.add(dbl(1));
      args.add(dbl(1));
      args.add(leafDouble());
      List<Var> mats = scope.all(v -> v.ty == Ty.DARR2 && "L".equals(v.group) && "L".equals(v.colGroup));
      Var mat = pick(mats);
      List<Var> vecs = scope.all(v -> v.ty == Ty.DARR && "L".equals(v.group) && !v.readOnly
          && !(c.writesArrays() && v.origin().equals(mat.origin())));
      if (chance(0.2) && !c.writesArrays()) {
        args.add(new Index(Ty.DARR, new Name(Ty.DARR2, "m"), index("L")));
      } else {
        args.add(new Name(Ty.DARR, pick(vecs).name));
      }
      args.add(new Name(Ty.DARR2, mat.name));
      List<Var> smallInts = scope.all(v -> v.ty == Ty.INT && v.nonneg && v.ubConst > 0 && v.ubConst <= 5);
      if (smallInts.isEmpty()) {
        args.add(ilit(between(0, 4)));
      } else {
        args.add(new Name(Ty.INT, pick(smallInts).name));
      }
      if (c.hasD()) {
        args.add(hasD && chance(0.5) ? d("d") : lit(pick(List.of("0.5", "2.0", "1"))));
      }
      if (c.writesArrays()) {
        // What a writing callee does to v and m changes the caller's arrays, which is fine.
        writesParams = true;
      }
      return new Call(Ty.DOUBLE, c.name(), args, c.instance() && chance(0.5));
    }

    private Stmt intHelperStmt() {
      List<Var> srcs = scope.all(v -> v.ty == Ty.DARR);
      List<Var> outs = scope.all(v -> v.ty == Ty.DARR && !v.readOnly && !v.paramDerived);
      if (outs.isEmpty()) {
        return null;
      }
      Var x = pick(srcs);
      Var out = pick(outs);
      if (x.origin().equals(out.origin())) {
        return null;
      }
      if (chance(0.25) && !lib.intHelpers.isEmpty()) {
        // Inside a larger expression, between reads of the array it writes: Java reads out[0]
        // before the call and out[1] after it.
        String name = fresh("t");
        Expr call = new Call(Ty.INT, pick(lib.intHelpers), List.of(new Name(Ty.DARR, x.name), new Name(Ty.DARR, out.name)));
        Expr e = bin("+", bin("*", new Index(Ty.DOUBLE, new Name(Ty.DARR, out.name), ilit(0)), call),
            new Index(Ty.DOUBLE, new Name(Ty.DARR, out.name), ilit(1)));
        scope.add(new Var(name, Ty.DOUBLE));
        return new Decl(Ty.DOUBLE, name, e);
      }
      if (chance(0.5) && !lib.intHelpers.isEmpty()) {
        String name = fresh("k");
        Var kv = scope.add(new Var(name, Ty.INT));
        kv.nonneg = true;
        kv.assignable = false;
        return new Decl(Ty.INT, name, new Call(Ty.INT, pick(lib.intHelpers), List.of(new Name(Ty.DARR, x.name), new Name(Ty.DARR, out.name))));
      }
      if (!lib.boolHelpers.isEmpty()) {
        String name = fresh("f");
        Expr call = new Call(Ty.BOOLEAN, pick(lib.boolHelpers), List.of(new Name(Ty.DARR, x.name), new Name(Ty.DARR, out.name), dbl(1)));
        scope.add(new Var(name, Ty.BOOLEAN));
        return new Decl(Ty.BOOLEAN, name, call);
      }
      return null;
    }

    /**
     * A float local computed from doubles and read back into one: a cast to float, float
     * arithmetic with float and int operands, a compound assignment of a double into the float
     * (computed in double, rounded), ++, a call of a helper taking and returning floats, a float
     * conditional, and a float times a double.
     */
    private Stmt floatIdiom(Var t) {
      String f = fresh("f");
      Expr fv = new Name(Ty.FLOAT, f);
      Block all = new Block();
      all.stmts.add(new Decl(Ty.FLOAT, f, new Cast(Ty.FLOAT, dbl(1))));
      Expr product = bin("*", fv, new Lit(Ty.FLOAT, pick(List.of("1.5f", "0.75f", "3f"))));
      Expr quotient = bin("/", new Cast(Ty.FLOAT, dbl(1)), ilit(between(1, 4)));
      all.stmts.add(new ExprStmt(new Assign(fv.copy(), "=", bin(pick(List.of("-", "+")), product, quotient))));
      all.stmts.add(new ExprStmt(new Assign(fv.copy(), pick(List.of("+=", "*=", "-=")), dbl(1))));
      if (chance(0.5)) {
        all.stmts.add(new ExprStmt(new Step(fv.copy(), "++", false)));
      }
      if (lib.floatHelper && chance(0.5)) {
        // Floats into and out of a helper: a float, a float literal or an int for its float k.
        Expr factor = pick(List.of(new Lit(Ty.FLOAT, "1.25f"), ilit(between(-2, 3)), bin("*", fv.copy(),
            new Lit(Ty.FLOAT, "0.5f"))));
        all.stmts.add(new ExprStmt(new Assign(fv.copy(), "=", new Call(Ty.FLOAT, "fsc", List.of(fv.copy(), factor)))));
      }
      Expr chosen = new Cond(Ty.FLOAT, new Binary(Ty.BOOLEAN, ">", fv.copy(), new Lit(Ty.FLOAT, "0.5f")), fv.copy(),
          bin("*", fv.copy(), new Lit(Ty.FLOAT, "0.25f")));
      all.stmts.add(new ExprStmt(new Assign(d(t.name), "+=", bin("*", chosen, dbl(1)))));
      if (lib.floatArrayHelpers && chance(0.5)) {
        floatArrays(all, fv, t);
      }
      return flatten(all);
    }

    /**
     * Float arrays, after the float {@code fv}: a literal of a float, an int and a cast double;
     * stores of a float product and of a double compounded in (rounded); {@code ++}; a clone
     * written into; the helpers reading and writing float arrays; a for-each over floats.
     */
    private void floatArrays(Block all, Expr fv, Var t) {
      String a = fresh("fa");
      Expr av = new Name(Ty.FARR, a);
      all.stmts.add(new Decl(Ty.FARR, a, new ArrayInit(Ty.FARR, List.of(fv.copy(), ilit(between(-2, 3)),
          new Cast(Ty.FLOAT, dbl(1))))));
      all.stmts.add(new ExprStmt(new Assign(new Index(Ty.FLOAT, av.copy(), ilit(1)), pick(List.of("+=", "*=", "-=")),
          dbl(1))));
      all.stmts.add(new ExprStmt(new Assign(new Index(Ty.FLOAT, av.copy(), ilit(2)), "=",
          bin("*", new Index(Ty.FLOAT, av.copy(), ilit(0)), new Index(Ty.FLOAT, av.copy(), ilit(1))))));
      if (chance(0.5)) {
        all.stmts.add(new ExprStmt(new Step(new Index(Ty.FLOAT, av.copy(), ilit(r.nextInt(3))), "++", false)));
      }
      Expr target = av;
      if (chance(0.5)) {
        String b = fresh("fb");
        all.stmts.add(new Decl(Ty.FARR, b, new Call(Ty.FARR, a + ".clone", List.of())));
        target = new Name(Ty.FARR, b);
        all.stmts.add(new ExprStmt(new Assign(new Index(Ty.FLOAT, target.copy(), ilit(r.nextInt(3))), "=",
            bin("-", new Index(Ty.FLOAT, av.copy(), ilit(2)), new Lit(Ty.FLOAT, "1.5f")))));
      }
      if (chance(0.5)) {
        all.stmts.add(new ExprStmt(new Call(Ty.VOID, "fscale", List.of(target.copy(),
            pick(List.of(new Lit(Ty.FLOAT, "0.75f"), fv.copy(), ilit(2)))))));
      }
      String e = fresh("fe");
      all.stmts.add(new ForEach(null, Ty.FLOAT, e, target.copy(), new Block(List.of(new ExprStmt(
          new Assign(d(t.name), "+=", bin("*", new Name(Ty.FLOAT, e), dbl(1))))))));
      all.stmts.add(new ExprStmt(new Assign(d(t.name), "+=", new Call(Ty.FLOAT, "fsum", List.of(av.copy(),
          pick(List.of(new Lit(Ty.FLOAT, "0.5f"), fv.copy())))))));
    }

    /** Assignments and ++/-- inside expressions, chained assignment, for-each loops. */
    private Stmt idiomStmt(int depth) {
      List<Var> dvars = scope.all(v -> v.ty == Ty.DOUBLE && v.assignable);
      List<Var> arrs = scope.all(v -> v.ty == Ty.DARR && !v.readOnly);
      int k = r.nextInt(12);
      switch (k) {
        case 11 -> {
          // (c ? a : b)[i] op= e, or double[] r = c ? a : b read: an array chosen at run time.
          Var t = dvars.isEmpty() ? null : pick(dvars);
          Var a = arrs.isEmpty() ? null : pick(arrs);
          List<Var> partners = a == null ? List.of() : scope.all(v -> v.ty == Ty.DARR && !v.readOnly && v != a
              && java.util.Objects.equals(v.group, a.group));
          if (t != null && !partners.isEmpty()) {
            Var b = pick(partners);
            Expr chosen = new Cond(Ty.DARR, bool(1), new Name(Ty.DARR, a.name), new Name(Ty.DARR, b.name));
            if (chance(0.5)) {
              noteWrite(a);
              noteWrite(b);
              return new ExprStmt(new Assign(new Index(Ty.DOUBLE, chosen, index(a.group)),
                  pick(List.of("=", "+=", "*=")), dbl(1)));
            }
            String name = fresh("r");
            Block all = new Block();
            all.stmts.add(new Decl(Ty.DARR, name, chosen));
            all.stmts.add(new ExprStmt(new Assign(d(t.name), "+=",
                bin("*", new Index(Ty.DOUBLE, new Name(Ty.DARR, name), index(a.group)), dbl(1)))));
            return flatten(all);
          }
        }
        case 10 -> {
          // A record built, rebuilt from itself in a loop (each component taken before any is
          // stored) and read through its accessors: held component by component.
          Var t = dvars.isEmpty() ? null : pick(dvars);
          if (t != null && chance(0.5)) {
            return floatIdiom(t);
          }
          if (t != null) {
            String q = fresh("q");
            String i = fresh("i");
            Decl made = new Decl(Ty.RECORD, q, new Call(Ty.RECORD, "new " + RECORD, List.of(dbl(1), dbl(1))));
            made.useVar = true;
            Expr qx = new Call(Ty.DOUBLE, q + ".x", List.of());
            Expr qy = new Call(Ty.DOUBLE, q + ".y", List.of());
            // Rebuilt in place, or by a helper returning the record (its angle read from the record).
            Expr rebuilt = lib.turn && chance(0.5)
                ? new Call(Ty.RECORD, "turn", List.of(new Name(Ty.RECORD, q), bin("*", qy, lit("0.5"))))
                : new Call(Ty.RECORD, "new " + RECORD, List.of(bin("+", bin("*", qy, lit("0.5")),
                    math("sin", qx)), qx.copy()));
            Block body = new Block(List.of(new ExprStmt(new Assign(new Name(Ty.RECORD, q), "=", rebuilt))));
            Block all = new Block();
            all.stmts.add(made);
            all.stmts.add(new For(null, new Decl(Ty.INT, i, ilit(0)), new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, i),
                ilit(between(0, 3))), new Step(new Name(Ty.INT, i), "++", false), body));
            all.stmts.add(new ExprStmt(new Assign(d(t.name), "+=", bin("*", qx.copy(), qy.copy()))));
            return flatten(all);
          }
        }
        case 0 -> {
          // a = b = e
          if (dvars.size() >= 2) {
            Var x = pick(dvars);
            Var y = pick(dvars);
            if (x != y) {
              return new ExprStmt(new Assign(d(x.name), "=", new Assign(d(y.name), "=", dbl(2))));
            }
          }
        }
        case 1 -> {
          // res += (w[i] *= 5)
          if (!dvars.isEmpty() && !arrs.isEmpty()) {
            Var a = pick(arrs);
            noteWrite(a);
            Expr inner = new Assign(new Index(Ty.DOUBLE, new Name(Ty.DARR, a.name), index(a.group)), pick(List.of("*=", "+=", "=")), dbl(1));
            return new ExprStmt(new Assign(d(pick(dvars).name), "+=", bin("*", inner, dbl(1))));
          }
        }
        case 2 -> {
          // w[k++] = e
          List<Var> steppable = scope.all(v -> v.ty == Ty.INT && v.steppable);
          if (!steppable.isEmpty() && !arrs.isEmpty()) {
            Var a = pick(arrs);
            noteWrite(a);
            Expr idx = new Binary(Ty.INT, "%", new Step(new Name(Ty.INT, pick(steppable).name), "++", false), ilit(3));
            return new ExprStmt(new Assign(new Index(Ty.DOUBLE, new Name(Ty.DARR, a.name), idx), "=", dbl(2)));
          }
        }
        case 3 -> {
          // while (n-- > 0) { ... } on the parameter itself, at the top level only: n ends at
          // -1, which the statements generated before the loop never see (none runs again).
          Var np = scope.find("n");
          if (!helper && loopDepth == 0 && np != null && np.nonneg && depth > 0 && chance(0.3)) {
            Var kv = new Var("n", Ty.INT);
            kv.assignable = false;
            kv.nonneg = true;
            kv.ubConst = 4;
            Block body = loopBody(depth, null, 4, null);
            np.nonneg = false;
            np.ubConst = 0;
            return new While(null, new Binary(Ty.BOOLEAN, ">", new Step(new Name(Ty.INT, "n"), "--", false), ilit(0)), body);
          }
          // int k = n; while (k-- > 0) { ... }
          if (depth > 0 && trips <= 12) {
            String kn = fresh("k");
            Var kv = new Var(kn, Ty.INT);
            kv.assignable = false;
            kv.nonneg = true;
            kv.ubConst = 4;
            Block body = loopBody(depth, kv, 4, null);
            Block pair = new Block();
            pair.stmts.add(new Decl(Ty.INT, kn, helper ? ilit(3) : new Name(Ty.INT, "n")).kept(true));
            pair.stmts.add(new While(null, new Binary(Ty.BOOLEAN, ">", new Step(new Name(Ty.INT, kn), "--", false), ilit(0)), body));
            return flatten(pair);
          }
        }
        case 4 -> {
          // for (double x : v), for (double[] row : m)
          if (depth > 0 && trips <= 12) {
            String x = fresh("e");
            List<Var> src1 = scope.all(v -> v.ty == Ty.DARR);
            List<Var> src2 = scope.all(v -> v.ty == Ty.DARR2);
            if (src1.isEmpty() && src2.isEmpty()) {
              return null;
            }
            if (src2.isEmpty() || !src1.isEmpty() && chance(0.5)) {
              List<Var> src = src1;
              Var s = pick(src);
              Var xv = new Var(x, Ty.DOUBLE);
              xv.assignable = false;
              return new ForEach(null, Ty.DOUBLE, x, new Name(Ty.DARR, s.name), forEachBody(depth, xv, 5));
            }
            List<Var> src = scope.all(v -> v.ty == Ty.DARR2);
            Var s = pick(src);
            Var rv = new Var(x, Ty.DARR);
            rv.assignable = false;
            rv.group = s.colGroup;
            rv.paramDerived = s.paramDerived;
            rv.origin = s.origin();
            return new ForEach(null, Ty.DARR, x, new Name(Ty.DARR2, s.name), forEachBody(depth, rv, 5));
          }
        }
        case 5 -> {
          // for (int q : idx) over an int[] local
          if (depth > 0 && trips <= 12) {
            String idx = fresh("ix");
            List<Expr> elems = new ArrayList<>();
            for (int i = between(2, 4); i > 0; i--) {
              elems.add(ilit(r.nextInt(3)));
            }
            String q = fresh("q");
            Var qv = new Var(q, Ty.INT);
            qv.assignable = false;
            qv.nonneg = true;
            qv.ubConst = 3;
            Block pair = new Block();
            pair.stmts.add(new Decl(Ty.IARR, idx, new ArrayInit(Ty.IARR, elems)));
            pair.stmts.add(new ForEach(null, Ty.INT, q, new Name(Ty.IARR, idx), forEachBody(depth, qv, 4)));
            return flatten(pair);
          }
        }
        case 6 -> {
          // One element in two statements, u = x[i] * e; v += x[i] * x[i] * u: its adjoint is
          // added to twice (elementSums), and x[i] * x[i] gives like terms (likeTerms).
          List<Var> src = scope.all(v -> v.ty == Ty.DARR);
          if (dvars.size() >= 2 && !src.isEmpty()) {
            Var a = pick(src);
            Expr el = new Index(Ty.DOUBLE, new Name(Ty.DARR, a.name), index(a.group));
            Var u = pick(dvars);
            Var v = pick(dvars);
            if (u != v) {
              Block pair = new Block();
              pair.stmts.add(new ExprStmt(new Assign(d(u.name), "=", bin("*", el, dbl(1)))));
              pair.stmts.add(new ExprStmt(new Assign(d(v.name), "+=", bin("*", bin("*", el, el), d(u.name)))));
              return flatten(pair);
            }
          }
        }
        case 7 -> {
          // x[at[0]] before and after at[0] moves: which element an adjoint update goes to depends
          // on an int array that the reverse sweep puts back in between (elementSums).
          List<Var> src = scope.all(v -> v.ty == Ty.DARR);
          if (!dvars.isEmpty() && !src.isEmpty()) {
            Var a = pick(src);
            Var t = pick(dvars);
            String at = fresh("at");
            Expr slot = new Index(Ty.INT, new Name(Ty.IARR, at), ilit(0));
            Expr el = new Index(Ty.DOUBLE, new Name(Ty.DARR, a.name), slot);
            Block moved = new Block();
            moved.stmts.add(new Decl(Ty.IARR, at, new ArrayInit(Ty.IARR, List.of(ilit(r.nextInt(3))))));
            moved.stmts.add(new ExprStmt(new Assign(d(t.name), "+=", bin("*", el, el))));
            moved.stmts.add(new ExprStmt(new Assign(slot, "=", new Binary(Ty.INT, "%", bin("+", slot, ilit(1)), ilit(3)))));
            moved.stmts.add(new ExprStmt(new Assign(d(t.name), "+=", bin("*", el, dbl(1)))));
            return flatten(moved);
          }
        }
        case 8 -> {
          // A work array rewritten from the inputs at each iteration of a loop, then read:
          // run again in the reverse sweep rather than kept (recomputedRewrites), unless the
          // random expression reads a variable that changes.
          Var t = dvars.isEmpty() ? null : pick(dvars);
          if (!helper && t != null && scope.find("v") != null && depth > 0 && trips <= 12) {
            String w = fresh("w");
            String c = fresh("c");
            String i = fresh("i");
            String j = fresh("j");
            Expr len = new Length(new Name(Ty.DARR, "v"));
            Expr vi = new Index(Ty.DOUBLE, new Name(Ty.DARR, "v"), new Name(Ty.INT, i));
            Expr rhs = bin("-", bin("*", vi, dbl(1)), bin("*", lit("0.5"), new Name(Ty.INT, c)));
            Block rewrite = new Block(List.of(new ExprStmt(
                new Assign(new Index(Ty.DOUBLE, new Name(Ty.DARR, w), new Name(Ty.INT, i)), "=", rhs))));
            Expr wj = new Index(Ty.DOUBLE, new Name(Ty.DARR, w), new Name(Ty.INT, j));
            Block read = new Block(List.of(new ExprStmt(new Assign(d(t.name), "+=", bin("*", bin("*", wj, wj), dbl(1))))));
            Block component = new Block(List.of(
                new For(null, new Decl(Ty.INT, i, ilit(0)), new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, i), len),
                    new Step(new Name(Ty.INT, i), "++", false), rewrite),
                new For(null, new Decl(Ty.INT, j, ilit(0)), new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, j), len.copy()),
                    new Step(new Name(Ty.INT, j), "++", false), read)));
            Block all = new Block();
            all.stmts.add(new Decl(Ty.DARR, w, new NewArray(Ty.DARR, List.of(len.copy()))));
            all.stmts.add(new For(null, new Decl(Ty.INT, c, ilit(0)), new Binary(Ty.BOOLEAN, "<", new Name(Ty.INT, c), ilit(2)),
                new Step(new Name(Ty.INT, c), "++", false), component));
            return flatten(all);
          }
        }
        default -> {
          // t = (t2 += e) * e, and ++ on a double inside an expression
          if (dvars.size() >= 2) {
            Var x = pick(dvars);
            Var y = pick(dvars);
            Expr inner = chance(0.5) ? new Assign(d(y.name), pick(List.of("=", "+=", "-=")), dbl(1))
                : new Step(d(y.name), pick(List.of("++", "--")), chance(0.5));
            if (x != y) {
              return new ExprStmt(new Assign(d(x.name), "=", bin(pick(List.of("*", "+", "-")), inner, dbl(1))));
            }
          }
        }
      }
      return null;
    }

    private Stmt finalReturn() {
      if (on(Feature.IDIOMS) && chance(0.1)) {
        List<Var> dvars = scope.all(v -> v.ty == Ty.DOUBLE && v.assignable);
        if (dvars.size() >= 2) {
          Var x = pick(dvars);
          Var y = pick(dvars);
          if (x != y) {
            // return (x = y) / (y * y + 1)
            return new Return(bin("/", new Assign(d(x.name), "=", d(y.name)), bin("+", bin("*", d(y.name), d(y.name)), lit("1")))).kept(true);
          }
        }
      }
      List<Expr> terms = new ArrayList<>();
      List<Var> dvars = scope.all(v -> v.ty == Ty.DOUBLE && !v.inactive);
      java.util.Collections.shuffle(dvars, r);
      for (int i = 0; i < Math.min(dvars.size(), between(1, 4)); i++) {
        terms.add(d(dvars.get(i).name));
      }
      List<Var> arrays = scope.all(v -> v.ty == Ty.DARR || v.ty == Ty.DARR2);
      for (int i = between(0, 2); i > 0 && !arrays.isEmpty(); i--) {
        terms.add(element(pick(arrays)));
      }
      if (terms.isEmpty()) {
        terms.add(dbl(2));
      }
      Expr e = terms.get(0);
      for (int i = 1; i < terms.size(); i++) {
        Expr t = terms.get(i);
        e = switch (r.nextInt(5)) {
          case 0 -> bin("-", e, t);
          case 1 -> bin("*", e, t);
          case 2 -> bin("+", e, bin("*", lit("0.5"), t));
          default -> bin("+", e, t);
        };
      }
      return new Return(e).kept(true);
    }

    // ---------------------------------------------------------------- expressions

    private Expr element(Var a) {
      Name base = new Name(a.ty, a.name);
      if (a.ty == Ty.DARR2) {
        return new Index(Ty.DOUBLE, new Index(Ty.DARR, base, index(a.group)), index(a.colGroup));
      }
      return new Index(Ty.DOUBLE, base, index(a.group));
    }

    /** An int expression that is surely an index of arrays of {@code group}. */
    private Expr index(String group) {
      List<Var> direct = scope.all(v -> v.ty == Ty.INT && Scope.indexes(v, group));
      List<Var> nonneg = scope.all(v -> v.ty == Ty.INT && v.nonneg);
      List<Var> anyInt = scope.all(v -> v.ty == Ty.INT);
      int k = r.nextInt(10);
      if (k < 5 && !direct.isEmpty()) {
        Var i = pick(direct);
        if (i.startsAtOne && chance(0.4)) {
          return bin("-", new Name(Ty.INT, i.name), ilit(1));
        }
        return new Name(Ty.INT, i.name);
      }
      if (k < 7 && !nonneg.isEmpty()) {
        Expr base = new Name(Ty.INT, pick(nonneg).name);
        if (chance(0.3)) {
          base = bin("+", base, ilit(1));
        }
        return new Binary(Ty.INT, "%", base, ilit(3));
      }
      if (k < 8 && !anyInt.isEmpty() && chance(0.3)) {
        // Bitwise: (k & 1), (k >>> 1) % 3, (~k & 3) % 3, ((k ^ 2) << 1) & 2 are in 0..2 for any int k.
        Expr x = new Name(Ty.INT, pick(anyInt).name);
        return switch (r.nextInt(4)) {
          case 0 -> new Binary(Ty.INT, "&", x, ilit(1));
          case 1 -> new Binary(Ty.INT, "%", new Binary(Ty.INT, ">>>", x, ilit(1)), ilit(3));
          case 2 -> new Binary(Ty.INT, "%", new Binary(Ty.INT, "&", new Unary(Ty.INT, "~", x), ilit(3)), ilit(3));
          default -> new Binary(Ty.INT, "&", new Binary(Ty.INT, "<<", new Binary(Ty.INT, "^", x, ilit(2)), ilit(1)),
              ilit(2));
        };
      }
      if (k < 8 && !anyInt.isEmpty()) {
        // ((k % 3) + 3) % 3 is in 0..2 for any int k.
        Expr mod = new Binary(Ty.INT, "%", new Name(Ty.INT, pick(anyInt).name), ilit(3));
        return new Binary(Ty.INT, "%", bin("+", mod, ilit(3)), ilit(3));
      }
      return ilit(r.nextInt(3));
    }

    private Expr leafDouble() {
      if (instance && chance(0.2)) {
        return fieldRead();
      }
      List<Var> dvars = scope.all(v -> v.ty == Ty.DOUBLE);
      List<Var> arrays = scope.all(v -> v.ty == Ty.DARR || v.ty == Ty.DARR2);
      int k = r.nextInt(10);
      if (k < 5 && !dvars.isEmpty()) {
        return d(pick(dvars).name);
      }
      if (k < 8 && !arrays.isEmpty()) {
        return element(pick(arrays));
      }
      if (k < 9) {
        return lit(pick(List.of("0.5", "2.0", "1.5", "3.0", "0.25", "1e-3", "0.1", "0.75")));
      }
      if (chance(0.5)) {
        // An element of the class's table, at an index in 0..2 whatever the int's sign.
        Expr rem = new Binary(Ty.INT, "%", intLeaf(), ilit(3));
        Expr index = new Binary(Ty.INT, "%", new Binary(Ty.INT, "+", rem, ilit(3)), ilit(3));
        return new Index(Ty.DOUBLE, new Name(Ty.DARR, chance(0.5) ? TABLE : PRIVATE_TABLE), index);
      }
      return pick(List.of(lit("Math.PI"), lit("Math.E"), lit("0.75")));
    }

    /** A double from the fields: a number, an element of the table, or an int one scaled. */
    private Expr fieldRead() {
      return switch (r.nextInt(6)) {
        case 0, 1 -> field(Ty.DOUBLE, SCALE);
        case 2 -> field(Ty.DOUBLE, SHIFT);
        case 3, 4 -> weight();
        default -> bin("*", intField(), lit("0.25"));
      };
    }

    /** {@code scale} or {@code this.scale}. */
    private Expr field(Ty ty, String name) {
      return new FieldRead(ty, name, chance(0.4));
    }

    private Expr intField() {
      return chance(0.5) ? field(Ty.INT, ORDER) : new Length(field(Ty.DARR, WEIGHTS));
    }

    /**
     * An element of the table field at an index surely in range: a counter of its length, an int
     * known to be nonnegative modulo its length, or a constant.
     */
    private Expr weight() {
      List<Var> direct = scope.all(v -> v.ty == Ty.INT && Scope.indexes(v, WEIGHTS_GROUP));
      List<Var> nonneg = scope.all(v -> v.ty == Ty.INT && v.nonneg);
      Expr index;
      int k = r.nextInt(3);
      if (k == 0 && !direct.isEmpty()) {
        index = new Name(Ty.INT, pick(direct).name);
      } else if (k < 2 && !nonneg.isEmpty()) {
        index = new Binary(Ty.INT, "%", new Name(Ty.INT, pick(nonneg).name), new Length(field(Ty.DARR, WEIGHTS)));
      } else {
        index = ilit(r.nextInt(WEIGHTS_LENGTH));
      }
      return new Index(Ty.DOUBLE, field(Ty.DARR, WEIGHTS), index);
    }

    private Expr intLeaf() {
      if (instance && chance(0.1)) {
        return intField();
      }
      List<Var> ints = scope.all(v -> v.ty == Ty.INT);
      if (!ints.isEmpty() && chance(0.8)) {
        return new Name(Ty.INT, pick(ints).name);
      }
      return ilit(between(0, 5));
    }

    /** A double-valued expression. */
    Expr dbl(int depth) {
      if (depth <= 0 || chance(0.25)) {
        return leafDouble();
      }
      if (depth >= 2 && on(Feature.LONG_CHAINS) && chance(0.01)) {
        return longChain();
      }
      for (int attempt = 0; attempt < 10; attempt++) {
        int k = r.nextInt(100);
        if (k < 38) {
          String op = pick(List.of("+", "-", "*", "+", "-", "*", "/", "%"));
          Expr l = dbl(depth - 1);
          if (op.equals("/")) {
            return bin("/", l, chance(0.9) ? safeDenominator() : dbl(depth - 1));
          }
          if (op.equals("%")) {
            // Not by any value: x % 1e-16 is a sawtooth no central difference resolves.
            return bin("%", l, safeDenominator());
          }
          Expr rr = chance(0.1) ? intLeaf() : dbl(depth - 1);
          return chance(0.5) ? bin(op, l, rr) : bin(op, rr, l);
        }
        if (k < 43) {
          return new Unary(Ty.DOUBLE, chance(0.9) ? "-" : "+", dbl(depth - 1));
        }
        if (k < 65 && on(Feature.MATH)) {
          return mathCall(depth);
        }
        if (k < 71 && on(Feature.CONDITIONAL)) {
          return new Cond(Ty.DOUBLE, bool(depth - 1), dbl(depth - 1), dbl(depth - 1));
        }
        if (k < 75 && on(Feature.CASTS)) {
          if (chance(0.3)) {
            return bin("*", new Cast(Ty.LONG, bin("*", dbl(depth - 1), lit("4"))), lit("0.25"));
          }
          if (chance(0.5)) {
            return new Cast(Ty.DOUBLE, intExpr(depth - 1));
          }
          return bin("+", new Cast(Ty.INT, bin("*", dbl(depth - 1), lit("3"))), dbl(depth - 1));
        }
        if (k < 86 && on(Feature.HELPERS) && callsAllowed()) {
          Expr h = helperCall(depth);
          if (h != null) {
            return h;
          }
        }
        if (k < 89 && on(Feature.CALLS) && !helper && callsAllowed()) {
          List<Callee> pure = callees.stream().filter(c -> !c.writesArrays()).toList();
          if (!pure.isEmpty()) {
            Callee c = pick(pure);
            if (!c.instance() || instance) {
              return methodCall(c);
            }
          }
        }
        if (k < 92 && on(Feature.SWITCH)) {
          return switchExpr(depth);
        }
        if (k < 96 && on(Feature.IDIOMS)) {
          List<Var> dvars = scope.all(v -> v.ty == Ty.DOUBLE && v.assignable);
          if (!dvars.isEmpty()) {
            Var t = pick(dvars);
            if (chance(0.7)) {
              return new Assign(d(t.name), pick(List.of("=", "+=", "*=", "-=")), dbl(depth - 1));
            }
            return new Step(d(t.name), pick(List.of("++", "--")), chance(0.5));
          }
        }
      }
      return leafDouble();
    }

    /**
     * {@code f1 * f2 * ... * fn} or {@code t1 + t2 - t3 ...} with n from 40 to 120, deeper than the
     * processor's parts (32 levels). Factors stay near 1 (a few raw values among them), so the
     * product neither overflows nor vanishes; now and then one divides.
     */
    private Expr longChain() {
      int n = between(40, 120);
      boolean product = chance(0.5);
      int raw = 0;
      Expr chain = null;
      for (int i = 0; i < n; i++) {
        Expr operand;
        String op;
        if (product) {
          boolean rawLeaf = raw < 3 && chance(0.05);
          raw += rawLeaf ? 1 : 0;
          operand = rawLeaf ? leafDouble() : bin("+", lit("1.0"), bin("*", lit("0.05"), math("tanh", dbl(1))));
          op = !rawLeaf && chance(0.1) ? "/" : "*";
        } else {
          operand = chance(0.7) ? leafDouble() : bin("*", leafDouble(), dbl(1));
          op = chance(0.7) ? "+" : "-";
        }
        chain = chain == null ? operand : bin(op, chain, operand);
      }
      return chain;
    }

    /** A denominator that is never zero (nor tiny). */
    private Expr safeDenominator() {
      Expr e = dbl(1);
      return switch (r.nextInt(4)) {
        case 0 -> bin("+", lit("1.5"), bin("*", e, e.copy()));
        case 1 -> bin("+", lit("2.0"), math("sin", e));
        case 2 -> lit(pick(List.of("3.0", "0.5", "1.25", "7.0")));
        default -> bin("+", math("abs", e), lit("0.5"));
      };
    }

    private Expr mathCall(int depth) {
      int dd = depth - 1;
      String prefix = chance(0.05) ? "StrictMath." : "Math.";
      int k = r.nextInt(36);
      String f;
      List<Expr> args = new ArrayList<>();
      switch (k) {
        case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 -> {
          f = pick(List.of("sin", "cos", "tan", "atan", "sinh", "cosh", "tanh", "exp", "expm1", "abs", "signum"));
          args.add(f.equals("exp") || f.equals("sinh") || f.equals("cosh") || f.equals("expm1") ? tame(dbl(dd)) : dbl(dd));
        }
        case 11, 12 -> {
          f = pick(List.of("asin", "acos"));
          args.add(chance(0.7) ? math("tanh", dbl(dd)) : bin("*", lit("0.5"), math("sin", dbl(dd))));
        }
        case 13, 14, 15, 16, 17 -> {
          f = pick(List.of("log", "log10", "log1p", "sqrt", "cbrt"));
          args.add(positive(dd));
        }
        case 18, 19 -> {
          f = pick(List.of("floor", "ceil", "rint", "toRadians", "toDegrees", "nextUp", "nextDown", "ulp"));
          args.add(dbl(dd));
        }
        case 20 -> {
          // Math.round returns long: used in arithmetic.
          return bin("+", bin("*", new Call(Ty.LONG, prefix + "round", List.of(bin("*", dbl(dd), lit("2")))), lit("0.5")), dbl(dd));
        }
        case 21, 22 -> {
          f = "pow";
          if (chance(0.5)) {
            args.add(dbl(dd));
            args.add(lit(pick(List.of("2", "3.0", "2.0", "4"))));
          } else {
            args.add(positive(dd));
            args.add(chance(0.5) ? dbl(dd) : lit(pick(List.of("0.5", "1.5", "-1.0"))));
          }
        }
        case 23, 24 -> {
          f = "atan2";
          args.add(dbl(dd));
          args.add(dbl(dd));
        }
        case 25, 26 -> {
          f = "hypot";
          args.add(dbl(dd));
          args.add(dbl(dd));
        }
        case 27, 28, 29, 30 -> {
          f = pick(List.of("min", "max"));
          args.add(dbl(dd));
          args.add(dbl(dd));
        }
        case 31, 32 -> {
          f = pick(List.of("copySign", "copySign", "nextAfter", "IEEEremainder", "scalb"));
          args.add(dbl(dd));
          args.add(f.equals("IEEEremainder") ? positive(dd) : f.equals("scalb") ? ilit(between(-3, 3)) : dbl(dd));
        }
        default -> {
          f = "fma";
          args.add(dbl(dd));
          args.add(dbl(dd));
          args.add(dbl(dd));
        }
      }
      return new Call(Ty.DOUBLE, prefix + f, args);
    }

    /** A bounded argument for exp-like functions, so values stay finite. */
    private Expr tame(Expr e) {
      return chance(0.5) ? math("tanh", e) : e;
    }

    /**
     * A surely positive argument (log, sqrt). Never a raw one: a NaN intermediate that does not
     * reach the result still makes the gradient NaN (0 times NaN), as in every AD tool.
     */
    private Expr positive(int dd) {
      Expr e = dbl(dd);
      return switch (r.nextInt(4)) {
        case 0 -> bin("+", bin("*", e, e.copy()), lit("0.5"));
        case 1 -> bin("+", math("abs", e), lit("0.25"));
        case 2 -> bin("+", lit("1"), math("exp", math("tanh", e)));
        default -> bin("+", lit("2.0"), math("cos", e));
      };
    }

    private Expr helperCall(int depth) {
      List<String> options = new ArrayList<>();
      for (String s : lib.unary) {
        options.add("1:" + s);
      }
      for (String s : lib.binary) {
        if (!s.equals(self)) {
          options.add("2:" + s);
        }
      }
      for (String s : lib.varargs) {
        options.add("V:" + s);
      }
      if (self == null || !self.startsWith("rec")) {
        for (String s : lib.recursive) {
          options.add("R:" + s);
        }
      }
      List<Var> arrays = scope.all(v -> v.ty == Ty.DARR);
      if (!arrays.isEmpty()) {
        for (String s : lib.readers) {
          if (!s.equals(self)) {
            options.add("G:" + s);
          }
        }
      }
      if (instance) {
        for (String s : lib.instanceHelpers) {
          if (!s.equals(self)) {
            options.add("I:" + s);
          }
        }
      }
      if (options.isEmpty()) {
        return null;
      }
      String o = pick(options);
      String name = o.substring(2);
      return switch (o.charAt(0)) {
        case '1' -> new Call(Ty.DOUBLE, name, List.of(dbl(depth - 1)));
        case '2' -> new Call(Ty.DOUBLE, name, List.of(dbl(depth - 1), dbl(depth - 1)));
        case 'I' -> new Call(Ty.DOUBLE, name, List.of(dbl(depth - 1), dbl(depth - 1)), chance(0.5));
        case 'V' -> {
          // Trailing arguments, which the call gathers into the array.
          List<Expr> trailing = new ArrayList<>();
          for (int k = between(1, 3); k > 0; k--) {
            trailing.add(dbl(depth - 1));
          }
          yield new Call(Ty.DOUBLE, name, trailing);
        }
        case 'R' -> {
          List<Var> small = scope.all(v -> v.ty == Ty.INT && v.nonneg && v.ubConst > 0 && v.ubConst <= 5);
          Expr depthArg = !helper && chance(0.3) ? new Name(Ty.INT, "n") : (!small.isEmpty() && chance(0.3) ? new Name(Ty.INT, pick(small).name) : ilit(between(0, 3)));
          yield new Call(Ty.DOUBLE, name, List.of(dbl(depth - 1), depthArg));
        }
        default -> new Call(Ty.DOUBLE, name, List.of(new Name(Ty.DARR, pick(arrays).name), dbl(depth - 1)));
      };
    }

    private Expr switchExpr(int depth) {
      Expr sel = switchSelector();
      List<Integer> labels = new ArrayList<>(List.of(0, 1, 2, 3));
      java.util.Collections.shuffle(labels, r);
      List<List<Integer>> groups = new ArrayList<>();
      List<Expr> values = new ArrayList<>();
      int used = 0;
      for (int g = between(1, 2); g > 0; g--) {
        int size = between(1, 2);
        List<Integer> ls = new ArrayList<>(labels.subList(used, used + size));
        used += size;
        java.util.Collections.sort(ls);
        groups.add(ls);
        if (chance(0.3)) {
          // case k -> { double t = e; yield t * e2; }
          String t = fresh("t");
          values.add(new ArmBlock(t, dbl(depth - 1), bin("*", new Name(Ty.DOUBLE, t), dbl(depth - 1))));
        } else {
          values.add(dbl(depth - 1));
        }
      }
      return new SwitchExpr(Ty.DOUBLE, sel, groups, values, dbl(depth - 1));
    }

    /** An int expression of unknown range. */
    Expr intExpr(int depth) {
      int k = r.nextInt(10);
      if (depth <= 0 || k < 4) {
        return intLeaf();
      }
      if (k < 6) {
        return new Binary(Ty.INT, pick(List.of("+", "-", "*")), intExpr(depth - 1), intLeaf());
      }
      if (k < 7) {
        return new Binary(Ty.INT, pick(List.of("/", "%")), intExpr(depth - 1), ilit(between(2, 3)));
      }
      List<Var> arrays = scope.all(v -> v.ty == Ty.DARR);
      if (k < 8 && !arrays.isEmpty()) {
        return new Length(new Name(Ty.DARR, pick(arrays).name));
      }
      if (k < 9 && on(Feature.CASTS)) {
        return new Cast(Ty.INT, bin("*", dbl(depth - 1), lit("3")));
      }
      if (chance(0.5)) {
        return new Call(Ty.INT, "Math.abs", List.of(intExpr(depth - 1)));
      }
      return new Call(Ty.INT, "Math.max", List.of(intExpr(depth - 1), intLeaf()));
    }

    /** A boolean expression, usually on active values. */
    Expr bool(int depth) {
      int k = r.nextInt(10);
      List<Var> bools = scope.all(v -> v.ty == Ty.BOOLEAN);
      if (k < 5 || depth <= 0) {
        return new Binary(Ty.BOOLEAN, pick(List.of("<", ">", "<=", ">=")), dbl(Math.max(0, depth - 1)), dbl(Math.max(0, depth - 1)));
      }
      if (k < 6) {
        return new Binary(Ty.BOOLEAN, pick(List.of("==", "!=", "<", ">")), new Binary(Ty.INT, "%", intLeaf(), ilit(2)), ilit(0));
      }
      if (k < 7 && !bools.isEmpty()) {
        return new Name(Ty.BOOLEAN, pick(bools).name);
      }
      if (on(Feature.CONDITIONAL)) {
        if (k < 9) {
          return new Binary(Ty.BOOLEAN, pick(List.of("&&", "||")), bool(depth - 1), bool(depth - 1));
        }
        return new Unary(Ty.BOOLEAN, "!", bool(depth - 1));
      }
      return new Binary(Ty.BOOLEAN, ">", dbl(depth - 1), lit("0"));
    }
  }
}
