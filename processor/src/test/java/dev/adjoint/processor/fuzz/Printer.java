package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.*;
import java.util.List;

/**
 * Prints the AST as Java source. Compound operands are parenthesised rather than ordered by
 * precedence: the output is a little heavier to read but never means something else.
 */
final class Printer {
  private final StringBuilder out = new StringBuilder();
  private int indent;

  private Printer() {}

  static String program(Program p) {
    Printer pr = new Printer();
    pr.line("package " + p.pkg + ";");
    pr.line("");
    pr.line("import dev.adjoint.Differentiable;");
    pr.line("import dev.adjoint.NoDerivative;");
    pr.line("");
    pr.line("public final class " + p.className + " {");
    pr.indent++;
    // A table of constants, which generated methods read by element (Generator.TABLE).
    pr.line("static final double[] " + Generator.TABLE + " = {0.5, -1.25, 2.0};");
    pr.line("private static final double[] " + Generator.PRIVATE_TABLE + " = {0.5, -1.25, 2.0};");
    pr.line("record " + Generator.RECORD + "(double x, double y) {}");
    pr.line("");
    // Only beside an instance method, which reads them: static programs print as they always did.
    if (p.hasInstanceMethods()) {
      pr.fields(p);
    }
    for (Method m : p.methods) {
      pr.method(m);
    }
    pr.indent--;
    pr.line("}");
    return pr.out.toString();
  }

  static String methodSource(Method m) {
    Printer pr = new Printer();
    pr.method(m);
    return pr.out.toString();
  }

  static String expr(Expr e) {
    return new Printer().e(e);
  }

  /** The fields, and the constructor that gives the ones declared without a value theirs. */
  private void fields(Program p) {
    for (Field f : p.fields) {
      String value = f.inConstructor() ? "" : " = " + e(f.value());
      line("final " + f.ty().java + " " + f.name() + value + ";");
    }
    line("");
    line("public " + p.className + "() {");
    indent++;
    boolean qualify = false;
    for (Field f : p.fields) {
      if (f.inConstructor()) {
        // Written both ways, as people do.
        String value = f.value() instanceof ArrayInit ? "new " + f.ty().java + " " + e(f.value()) : e(f.value());
        line((qualify ? "this." : "") + f.name() + " = " + value + ";");
        qualify = !qualify;
      }
    }
    indent--;
    line("}");
    line("");
  }

  private void method(Method m) {
    if (m.comment != null) {
      line("// " + m.comment);
    }
    StringBuilder sig = new StringBuilder();
    if (m.differentiable) {
      sig.append("@Differentiable ");
    }
    if (m.checkpointed) {
      sig.append("@dev.adjoint.Checkpointed ");
    }
    if (m.checkpointedLoop != null) {
      sig.append("@dev.adjoint.CheckpointedLoop(value = \"").append(m.checkpointedLoop).append("\", snapshots = ")
          .append(m.snapshots).append(") ");
    }
    // A user's instance helper is package-private, like the golden Instance's predict.
    String modifiers = !m.instance ? "public static " : m.differentiable ? "public " : "";
    sig.append(modifiers).append(m.returns.java).append(' ').append(m.name).append('(');
    for (int i = 0; i < m.params.size(); i++) {
      Param p = m.params.get(i);
      if (i > 0) {
        sig.append(", ");
      }
      if (p.noDerivative()) {
        sig.append("@NoDerivative ");
      }
      boolean dots = m.varargs && i == m.params.size() - 1;
      sig.append(dots ? p.ty().java.replace("[]", "...") : p.ty().java).append(' ').append(p.name());
    }
    sig.append(") {");
    line(sig.toString());
    indent++;
    for (Stmt s : m.body.stmts) {
      stmt(s);
    }
    indent--;
    line("}");
    line("");
    if (m.rule != null) {
      m.rule.lines().forEach(this::line);
      line("");
    }
  }

  private void line(String s) {
    out.append("  ".repeat(indent)).append(s).append('\n');
  }

  private void block(String head, Block b, String tail) {
    line(head + " {");
    indent++;
    for (Stmt s : b.stmts) {
      stmt(s);
    }
    indent--;
    line("}" + tail);
  }

  private static String label(Loop l) {
    return l.label == null ? "" : l.label + ": ";
  }

  private void stmt(Stmt s) {
    if (s instanceof Block b) {
      block("", b, "");
    } else if (s instanceof Decl d) {
      line(decl(d) + ";");
    } else if (s instanceof ExprStmt x) {
      line(top(x.e) + ";");
    } else if (s instanceof If i) {
      ifChain("if (" + e(i.cond) + ")", i);
    } else if (s instanceof For f) {
      block(
          label(f) + "for (" + decl(f.init) + "; " + e(f.cond) + "; " + top(f.update) + ")",
          f.body,
          "");
    } else if (s instanceof ForEach f) {
      block(
          label(f) + "for (" + f.varTy.java + " " + f.var + " : " + e(f.array) + ")", f.body, "");
    } else if (s instanceof While w) {
      block(label(w) + "while (" + e(w.cond) + ")", w.body, "");
    } else if (s instanceof DoWhile d) {
      block(label(d) + "do", d.body, " while (" + e(d.cond) + ");");
    } else if (s instanceof Switch sw) {
      switchStmt(sw);
    } else if (s instanceof Break b) {
      line(b.label == null ? "break;" : "break " + b.label + ";");
    } else if (s instanceof Continue c) {
      line(c.label == null ? "continue;" : "continue " + c.label + ";");
    } else if (s instanceof Return r) {
      line(r.e == null ? "return;" : "return " + top(r.e) + ";");
    } else {
      throw new IllegalArgumentException(s.getClass().getName());
    }
  }

  private void ifChain(String head, If i) {
    line(head + " {");
    indent++;
    for (Stmt s : i.then.stmts) {
      stmt(s);
    }
    indent--;
    if (i.els == null) {
      line("}");
    } else if (i.els instanceof If elseIf) {
      // "} else if (...) {" on one line
      out.append("  ".repeat(indent)).append("} else ");
      int mark = out.length();
      ifChain("if (" + e(elseIf.cond) + ")", elseIf);
      // ifChain indented its first line: remove that indentation after "} else ".
      String ind = "  ".repeat(indent);
      if (out.substring(mark).startsWith(ind)) {
        out.delete(mark, mark + ind.length());
      }
    } else {
      line("} else {");
      indent++;
      for (Stmt s : ((Block) i.els).stmts) {
        stmt(s);
      }
      indent--;
      line("}");
    }
  }

  private void switchStmt(Switch sw) {
    line("switch (" + e(sw.selector) + ") {");
    indent++;
    for (Case c : sw.cases) {
      String labels =
          c.labels.isEmpty()
              ? "default"
              : "case " + String.join(", ", c.labels.stream().map(String::valueOf).toList());
      if (sw.arrow) {
        block(labels + " ->", c.body, "");
      } else {
        line(labels + ":");
        indent++;
        for (Stmt s : c.body.stmts) {
          stmt(s);
        }
        indent--;
      }
    }
    indent--;
    line("}");
  }

  private String decl(Decl d) {
    StringBuilder sb = new StringBuilder();
    if (d.isFinal) {
      sb.append("final ");
    }
    sb.append(d.useVar ? "var" : d.ty.java).append(' ');
    for (int i = 0; i < d.names.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(d.names.get(i));
      Expr init = d.inits.get(i);
      if (init != null) {
        sb.append(" = ").append(top(init));
      }
    }
    return sb.toString();
  }

  /** An expression at the top of a statement: no parentheses around it. */
  private String top(Expr x) {
    return e(x);
  }

  /** An operand: parenthesised unless atomic. */
  private String operand(Expr x) {
    String s = e(x);
    boolean atomic =
        x instanceof Name
            || x instanceof FieldRead
            || x instanceof Index
            || x instanceof Length
            || x instanceof Call
            || (x instanceof Step st && !st.prefix) // n-- > 0; a prefix ++ next to a - needs ( )
            || (x instanceof Lit l && !l.text.startsWith("-") && !l.text.contains(" "));
    return atomic ? s : "(" + s + ")";
  }

  private String e(Expr x) {
    if (x instanceof Lit l) {
      return l.text;
    }
    if (x instanceof Name n) {
      return n.name;
    }
    if (x instanceof FieldRead f) {
      return f.qualified ? "this." + f.name : f.name;
    }
    if (x instanceof Index ix) {
      return operand(ix.args.get(0)) + "[" + e(ix.args.get(1)) + "]";
    }
    if (x instanceof Length len) {
      return operand(len.args.get(0)) + ".length";
    }
    if (x instanceof Unary u) {
      return u.op + operand(u.args.get(0));
    }
    if (x instanceof Binary b) {
      return operand(b.args.get(0)) + " " + b.op + " " + operand(b.args.get(1));
    }
    if (x instanceof Cond c) {
      return operand(c.args.get(0)) + " ? " + operand(c.args.get(1)) + " : " + operand(c.args.get(2));
    }
    if (x instanceof Call c) {
      return (c.onThis ? "this." : "") + c.fn + "(" + String.join(", ", c.args.stream().map(this::e).toList()) + ")";
    }
    if (x instanceof Cast c) {
      return "(" + c.ty.java + ") " + operand(c.args.get(0));
    }
    if (x instanceof Assign a) {
      return e(a.target()) + " " + a.op + " " + assignValue(a.value());
    }
    if (x instanceof Step s) {
      return s.prefix ? s.op + operand(s.args.get(0)) : operand(s.args.get(0)) + s.op;
    }
    if (x instanceof ArmBlock b) {
      return "{ double " + b.local + " = " + e(b.args.get(0)) + "; yield " + e(b.args.get(1)) + "; }";
    }
    if (x instanceof SwitchExpr sw) {
      StringBuilder sb = new StringBuilder("switch (" + e(sw.args.get(0)) + ") {");
      for (int i = 0; i < sw.labels.size(); i++) {
        List<Integer> ls = sw.labels.get(i);
        sb.append(" case ")
            .append(String.join(", ", ls.stream().map(String::valueOf).toList()))
            .append(" -> ")
            .append(e(sw.args.get(i + 1)))
            .append(sw.args.get(i + 1) instanceof ArmBlock ? "" : ";");
      }
      sb.append(" default -> ").append(e(sw.args.get(sw.args.size() - 1))).append("; }");
      return sb.toString();
    }
    if (x instanceof NewArray na) {
      StringBuilder sb = new StringBuilder("new double");
      for (Expr d : na.args) {
        sb.append('[').append(e(d)).append(']');
      }
      return sb.toString();
    }
    if (x instanceof ArrayInit ai) {
      return (ai.spelledNew ? "new " + ai.ty.java + " " : "") + "{" + String.join(", ", ai.args.stream().map(this::e).toList()) + "}";
    }
    throw new IllegalArgumentException(x.getClass().getName());
  }

  /** Chained assignments {@code a = b = 0} print without parentheses. */
  private String assignValue(Expr v) {
    return v instanceof Assign ? e(v) : e(v);
  }
}
