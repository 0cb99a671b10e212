package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * The fuzzer's own small AST of the Java subset it generates. Nodes are mutable and deep-copied,
 * because the shrinker edits copies of a failing program. Every node exposes its child
 * expressions and blocks uniformly ({@link Expr#kids}, {@link Stmt#exprs}, {@link Stmt#blocks}),
 * so the shrinker can enumerate edit sites by their position in a traversal without knowing the
 * node kinds.
 */
final class Ast {
  private Ast() {}

  /** Java types the generator uses. */
  enum Ty {
    DOUBLE("double"),
    FLOAT("float"),
    INT("int"),
    LONG("long"),
    BOOLEAN("boolean"),
    DARR("double[]"),
    FARR("float[]"),
    DARR2("double[][]"),
    IARR("int[]"),
    /** The batch's record {@link Generator#RECORD}. */
    RECORD(Generator.RECORD),
    VOID("void");

    final String java;

    Ty(String java) {
      this.java = java;
    }
  }

  // ---------------------------------------------------------------- expressions

  abstract static class Expr {
    final Ty ty;

    Expr(Ty ty) {
      this.ty = ty;
    }

    List<Expr> kids() {
      return List.of();
    }

    void setKid(int i, Expr e) {
      throw new IndexOutOfBoundsException(i);
    }

    abstract Expr copy();
  }

  /** A literal, written as it is printed ({@code 0.5}, {@code 3}, {@code Math.PI}). */
  static final class Lit extends Expr {
    String text;
    /** A loop bound the shrinker may lower. */
    final boolean bound;

    Lit(Ty ty, String text, boolean bound) {
      super(ty);
      this.text = text;
      this.bound = bound;
    }

    Lit(Ty ty, String text) {
      this(ty, text, false);
    }

    @Override
    Expr copy() {
      return new Lit(ty, text, bound);
    }
  }

  static final class Name extends Expr {
    final String name;

    Name(Ty ty, String name) {
      super(ty);
      this.name = name;
    }

    @Override
    Expr copy() {
      return new Name(ty, name);
    }
  }

  /**
   * A read of a field of {@code this} ({@link Field}), printed {@code this.name} when {@code
   * qualified}: a constant of the instance method that reads it, never assigned.
   */
  static final class FieldRead extends Expr {
    final String name;
    final boolean qualified;

    FieldRead(Ty ty, String name, boolean qualified) {
      super(ty);
      this.name = name;
      this.qualified = qualified;
    }

    @Override
    Expr copy() {
      return new FieldRead(ty, name, qualified);
    }
  }

  /** Base class for nodes whose children are a plain list. */
  abstract static class Nary extends Expr {
    final List<Expr> args;

    Nary(Ty ty, List<Expr> args) {
      super(ty);
      this.args = new ArrayList<>(args);
    }

    @Override
    List<Expr> kids() {
      return args;
    }

    @Override
    void setKid(int i, Expr e) {
      args.set(i, e);
    }

    List<Expr> copyArgs() {
      List<Expr> out = new ArrayList<>();
      for (Expr a : args) {
        out.add(a.copy());
      }
      return out;
    }
  }

  /** {@code arr[index]}. */
  static final class Index extends Nary {
    Index(Ty ty, Expr arr, Expr index) {
      super(ty, List.of(arr, index));
    }

    @Override
    Expr copy() {
      return new Index(ty, args.get(0).copy(), args.get(1).copy());
    }
  }

  /** {@code arr.length}. */
  static final class Length extends Nary {
    Length(Expr arr) {
      super(Ty.INT, List.of(arr));
    }

    @Override
    Expr copy() {
      return new Length(args.get(0).copy());
    }
  }

  static final class Unary extends Nary {
    final String op;

    Unary(Ty ty, String op, Expr e) {
      super(ty, List.of(e));
      this.op = op;
    }

    @Override
    Expr copy() {
      return new Unary(ty, op, args.get(0).copy());
    }
  }

  static final class Binary extends Nary {
    final String op;

    Binary(Ty ty, String op, Expr l, Expr r) {
      super(ty, List.of(l, r));
      this.op = op;
    }

    @Override
    Expr copy() {
      return new Binary(ty, op, args.get(0).copy(), args.get(1).copy());
    }
  }

  /** {@code c ? t : f}. */
  static final class Cond extends Nary {
    Cond(Ty ty, Expr c, Expr t, Expr f) {
      super(ty, List.of(c, t, f));
    }

    @Override
    Expr copy() {
      return new Cond(ty, args.get(0).copy(), args.get(1).copy(), args.get(2).copy());
    }
  }

  /**
   * A call of {@code Math.f}, a helper or another method: {@code fn} is printed as is, after
   * {@code this.} when {@code onThis} (an instance method of the program called on {@code this}
   * explicitly).
   */
  static final class Call extends Nary {
    final String fn;
    final boolean onThis;

    Call(Ty ty, String fn, List<Expr> args, boolean onThis) {
      super(ty, args);
      this.fn = fn;
      this.onThis = onThis;
    }

    Call(Ty ty, String fn, List<Expr> args) {
      this(ty, fn, args, false);
    }

    @Override
    Expr copy() {
      return new Call(ty, fn, copyArgs(), onThis);
    }
  }

  /** {@code (int) e}, {@code (double) e}. */
  static final class Cast extends Nary {
    Cast(Ty ty, Expr e) {
      super(ty, List.of(e));
    }

    @Override
    Expr copy() {
      return new Cast(ty, args.get(0).copy());
    }
  }

  /** {@code target op value} as an expression or statement: {@code =}, {@code +=}, .... */
  static final class Assign extends Nary {
    final String op;

    Assign(Expr target, String op, Expr value) {
      super(target.ty, List.of(target, value));
      this.op = op;
    }

    Expr target() {
      return args.get(0);
    }

    Expr value() {
      return args.get(1);
    }

    @Override
    Expr copy() {
      return new Assign(args.get(0).copy(), op, args.get(1).copy());
    }
  }

  /** {@code ++x}, {@code x--}, .... */
  static final class Step extends Nary {
    final String op;
    final boolean prefix;

    Step(Expr target, String op, boolean prefix) {
      super(target.ty, List.of(target));
      this.op = op;
      this.prefix = prefix;
    }

    @Override
    Expr copy() {
      return new Step(args.get(0).copy(), op, prefix);
    }
  }

  /**
   * An arrow-form switch expression: {@code switch (sel) { case 0, 1 -> e0; ... default -> d; }}.
   * args = [selector, case values..., default value].
   */
  /**
   * A switch expression's block arm, {@code { double local = init; yield value; }}: value reads
   * local. Only as an arm of a {@link SwitchExpr}.
   */
  static final class ArmBlock extends Nary {
    final String local;

    ArmBlock(String local, Expr init, Expr value) {
      super(Ty.DOUBLE, List.of(init, value));
      this.local = local;
    }

    @Override
    Expr copy() {
      List<Expr> c = copyArgs();
      return new ArmBlock(local, c.get(0), c.get(1));
    }
  }

  static final class SwitchExpr extends Nary {
    final List<List<Integer>> labels;

    SwitchExpr(Ty ty, Expr selector, List<List<Integer>> labels, List<Expr> values, Expr dflt) {
      super(ty, concat(selector, values, dflt));
      this.labels = new ArrayList<>(labels);
    }

    private static List<Expr> concat(Expr first, List<Expr> middle, Expr last) {
      List<Expr> out = new ArrayList<>();
      out.add(first);
      out.addAll(middle);
      out.add(last);
      return out;
    }

    @Override
    Expr copy() {
      List<Expr> c = copyArgs();
      return new SwitchExpr(ty, c.get(0), labels, c.subList(1, c.size() - 1), c.get(c.size() - 1));
    }
  }

  /** {@code new double[d0][d1]}: ty is DARR or DARR2, args the dimensions. */
  static final class NewArray extends Nary {
    NewArray(Ty ty, List<Expr> dims) {
      super(ty, dims);
    }

    @Override
    Expr copy() {
      return new NewArray(ty, copyArgs());
    }
  }

  /**
   * An array initialiser {@code {a, b * c, 0.5}}, as a declaration's value, or spelled {@code new
   * double[] {...}} where it is assigned.
   */
  static final class ArrayInit extends Nary {
    final boolean spelledNew;

    ArrayInit(Ty ty, List<Expr> elems) {
      this(ty, elems, false);
    }

    ArrayInit(Ty ty, List<Expr> elems, boolean spelledNew) {
      super(ty, elems);
      this.spelledNew = spelledNew;
    }

    @Override
    Expr copy() {
      return new ArrayInit(ty, copyArgs(), spelledNew);
    }
  }

  // ---------------------------------------------------------------- statements

  abstract static class Stmt {
    /** The shrinker must not delete it (a loop guard's step, a method's last return). */
    boolean keep;

    List<Expr> exprs() {
      return List.of();
    }

    void setExpr(int i, Expr e) {
      throw new IndexOutOfBoundsException(i);
    }

    List<Block> blocks() {
      return List.of();
    }

    abstract Stmt copy();

    <T extends Stmt> T kept(boolean k) {
      this.keep = k;
      @SuppressWarnings("unchecked")
      T self = (T) this;
      return self;
    }
  }

  static final class Block extends Stmt {
    final List<Stmt> stmts;

    Block(List<Stmt> stmts) {
      this.stmts = new ArrayList<>(stmts);
    }

    Block() {
      this(List.of());
    }

    @Override
    List<Block> blocks() {
      return List.of(this);
    }

    @Override
    Block copy() {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : stmts) {
        out.add(s.copy());
      }
      return new Block(out).kept(keep);
    }
  }

  /** {@code [final] type name [= init], name2 [= init2]}; {@code var} when {@code useVar}. */
  static final class Decl extends Stmt {
    final Ty ty;
    final List<String> names;
    final List<Expr> inits; // entries may be null: declared without a value
    boolean isFinal;
    boolean useVar;
    /** Printed after the type: dimensions written C-style are not generated. */
    Decl(Ty ty, List<String> names, List<Expr> inits) {
      this.ty = ty;
      this.names = new ArrayList<>(names);
      this.inits = new ArrayList<>(inits);
    }

    Decl(Ty ty, String name, Expr init) {
      this(ty, List.of(name), java.util.Collections.singletonList(init));
    }

    @Override
    List<Expr> exprs() {
      List<Expr> out = new ArrayList<>();
      for (Expr e : inits) {
        if (e != null) {
          out.add(e);
        }
      }
      return out;
    }

    @Override
    void setExpr(int i, Expr e) {
      int k = -1;
      for (int j = 0; j < inits.size(); j++) {
        if (inits.get(j) != null && ++k == i) {
          inits.set(j, e);
          return;
        }
      }
      throw new IndexOutOfBoundsException(i);
    }

    @Override
    Stmt copy() {
      List<Expr> c = new ArrayList<>();
      for (Expr e : inits) {
        c.add(e == null ? null : e.copy());
      }
      Decl d = new Decl(ty, names, c);
      d.isFinal = isFinal;
      d.useVar = useVar;
      return d.kept(keep);
    }
  }

  /** An expression statement: assignment, step or call. */
  static final class ExprStmt extends Stmt {
    Expr e;

    ExprStmt(Expr e) {
      this.e = e;
    }

    @Override
    List<Expr> exprs() {
      return List.of(e);
    }

    @Override
    void setExpr(int i, Expr x) {
      e = x;
    }

    @Override
    Stmt copy() {
      return new ExprStmt(e.copy()).kept(keep);
    }
  }

  static final class If extends Stmt {
    Expr cond;
    Block then;
    /** null, a Block, or an If (else if). */
    Stmt els;

    If(Expr cond, Block then, Stmt els) {
      this.cond = cond;
      this.then = then;
      this.els = els;
    }

    @Override
    List<Expr> exprs() {
      return List.of(cond);
    }

    @Override
    void setExpr(int i, Expr e) {
      cond = e;
    }

    @Override
    List<Block> blocks() {
      List<Block> out = new ArrayList<>();
      out.add(then);
      if (els instanceof Block b) {
        out.add(b);
      }
      return out;
    }

    @Override
    Stmt copy() {
      return new If(cond.copy(), then.copy(), els == null ? null : els.copy()).kept(keep);
    }
  }

  /** Base of loops: an optional label and a body. */
  abstract static class Loop extends Stmt {
    String label;
    Block body;

    @Override
    List<Block> blocks() {
      return List.of(body);
    }
  }

  /** {@code for (init; cond; update) body}; init is a Decl of the counter. */
  static final class For extends Loop {
    Decl init;
    Expr cond;
    Expr update;

    For(String label, Decl init, Expr cond, Expr update, Block body) {
      this.label = label;
      this.init = init;
      this.cond = cond;
      this.update = update;
      this.body = body;
    }

    /** Only the bound side of the condition is offered to the shrinker: see Shrinker. */
    @Override
    List<Expr> exprs() {
      return List.of(cond);
    }

    @Override
    void setExpr(int i, Expr e) {
      cond = e;
    }

    @Override
    Stmt copy() {
      return new For(label, (Decl) init.copy(), cond.copy(), update.copy(), body.copy())
          .kept(keep);
    }
  }

  static final class ForEach extends Loop {
    final Ty varTy;
    final String var;
    Expr array;

    ForEach(String label, Ty varTy, String var, Expr array, Block body) {
      this.label = label;
      this.varTy = varTy;
      this.var = var;
      this.array = array;
      this.body = body;
    }

    @Override
    Stmt copy() {
      return new ForEach(label, varTy, var, array.copy(), body.copy()).kept(keep);
    }
  }

  static final class While extends Loop {
    Expr cond;

    While(String label, Expr cond, Block body) {
      this.label = label;
      this.cond = cond;
      this.body = body;
    }

    @Override
    Stmt copy() {
      return new While(label, cond.copy(), body.copy()).kept(keep);
    }
  }

  static final class DoWhile extends Loop {
    Expr cond;

    DoWhile(String label, Block body, Expr cond) {
      this.label = label;
      this.cond = cond;
      this.body = body;
    }

    @Override
    Stmt copy() {
      return new DoWhile(label, body.copy(), cond.copy()).kept(keep);
    }
  }

  /** One case group: {@code labels} empty means {@code default}. */
  static final class Case {
    final List<Integer> labels;
    final Block body;

    Case(List<Integer> labels, Block body) {
      this.labels = new ArrayList<>(labels);
      this.body = body;
    }

    Case copy() {
      return new Case(labels, body.copy());
    }
  }

  /** A switch statement on int, classic (fall-through) or arrow form. */
  static final class Switch extends Stmt {
    Expr selector;
    final List<Case> cases;
    final boolean arrow;

    Switch(Expr selector, List<Case> cases, boolean arrow) {
      this.selector = selector;
      this.cases = new ArrayList<>(cases);
      this.arrow = arrow;
    }

    @Override
    List<Block> blocks() {
      List<Block> out = new ArrayList<>();
      for (Case c : cases) {
        out.add(c.body);
      }
      return out;
    }

    @Override
    Stmt copy() {
      List<Case> c = new ArrayList<>();
      for (Case k : cases) {
        c.add(k.copy());
      }
      return new Switch(selector.copy(), c, arrow).kept(keep);
    }
  }

  static final class Break extends Stmt {
    final String label;

    Break(String label) {
      this.label = label;
    }

    @Override
    Stmt copy() {
      return new Break(label).kept(keep);
    }
  }

  static final class Continue extends Stmt {
    final String label;

    Continue(String label) {
      this.label = label;
    }

    @Override
    Stmt copy() {
      return new Continue(label).kept(keep);
    }
  }

  static final class Return extends Stmt {
    Expr e; // null in a void method

    Return(Expr e) {
      this.e = e;
    }

    @Override
    List<Expr> exprs() {
      return e == null ? List.of() : List.of(e);
    }

    @Override
    void setExpr(int i, Expr x) {
      e = x;
    }

    @Override
    Stmt copy() {
      return new Return(e == null ? null : e.copy()).kept(keep);
    }
  }

  // ---------------------------------------------------------------- methods and programs

  record Param(Ty ty, String name, boolean noDerivative) {}

  static final class Method {
    final String name;
    final boolean differentiable;
    final Ty returns;
    final List<Param> params;
    Block body;
    /** A comment printed above the method (what kind of helper it is). */
    String comment;
    /** Its last parameter, an array, is printed {@code double... name}. */
    boolean varargs;
    /** Java source printed after it: a derivative rule ({@code @DerivativeOf}) of it, or null. */
    String rule;
    /** Annotated {@code @Checkpointed}: its calls run joint. */
    boolean checkpointed;
    /** The label of its loop annotated {@code @CheckpointedLoop}, or null; the snapshot budget. */
    String checkpointedLoop;
    int snapshots;
    /** An instance method: it may read the program's fields and call its other instance methods. */
    boolean instance;

    Method(String name, boolean differentiable, Ty returns, List<Param> params, Block body) {
      this.name = name;
      this.differentiable = differentiable;
      this.returns = returns;
      this.params = List.copyOf(params);
      this.body = body;
    }

    Method copy() {
      Method m = new Method(name, differentiable, returns, params, body.copy());
      m.comment = comment;
      m.varargs = varargs;
      m.rule = rule;
      m.checkpointed = checkpointed;
      m.checkpointedLoop = checkpointedLoop;
      m.snapshots = snapshots;
      m.instance = instance;
      return m;
    }
  }

  /**
   * A final field of the program's class, which its instance methods read as a constant: a
   * number or a {@code double[]} (its value an {@link ArrayInit}), declared with its value or
   * assigned it in the class's no-arg constructor.
   */
  record Field(Ty ty, String name, Expr value, boolean inConstructor) {}

  /** One compilation unit: a class holding helpers and {@code @Differentiable} methods. */
  static final class Program {
    final String pkg;
    final String className;
    final List<Method> methods;
    /** The class's fields, read by its instance methods (never edited: shared by copies). */
    final List<Field> fields;

    Program(String pkg, String className, List<Method> methods, List<Field> fields) {
      this.pkg = pkg;
      this.className = className;
      this.methods = new ArrayList<>(methods);
      this.fields = List.copyOf(fields);
    }

    Program(String pkg, String className, List<Method> methods) {
      this(pkg, className, methods, List.of());
    }

    boolean hasInstanceMethods() {
      return methods.stream().anyMatch(m -> m.instance);
    }

    Field field(String name) {
      for (Field f : fields) {
        if (f.name().equals(name)) {
          return f;
        }
      }
      return null;
    }

    String fqcn() {
      return pkg + "." + className;
    }

    Method method(String name) {
      for (Method m : methods) {
        if (m.name.equals(name)) {
          return m;
        }
      }
      return null;
    }

    Program copy() {
      List<Method> out = new ArrayList<>();
      for (Method m : methods) {
        out.add(m.copy());
      }
      return new Program(pkg, className, out, fields);
    }
  }
}
