package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.BytecodeSize;
import dev.adjoint.processor.ir.Chunks;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.LiveIn;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.StackType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One method cut into chunks. First the cut: runs of consecutive statements of at most {@code
 * target} estimated bytes become chunks; a statement too long for one chunk stays in the method
 * if it is a branch or a loop, whose blocks are cut the same way (so chunks can run inside the
 * method's loops), and is a chunk of its own otherwise. Then the linking, through one object of
 * a generated class holding the locals that cross a boundary: on entry, a chunk copies the
 * fields it reads into locals of the same names; on exit, it writes back what it assigned and
 * someone else reads. The method keeps its own locals (its parameters, what its own statements
 * use): it writes those a chunk reads into the object before the call, unless they are there
 * already, and reads back those the chunk assigned. Every other local lives in the object
 * between chunks, so the method stays short however many there are.
 */
final class ChunkedMethod {
  /** A run shorter than this (comments, a loop's update) stays in the method: a call would cost more. */
  private static final int MIN_CHUNK_FRACTION = 32;
  /** The load or store of a local through the shared object, charged per variable a run mentions. */
  private static final int BYTES_PER_CROSSING = 10;

  private final String method;
  private final Var locals;
  private final int target;
  private String label;
  /** Whether the sweeps' comments name the chunks after them (in mVjp, not in its split halves). */
  private final boolean sweepsMarked;
  private final Map<String, Integer> counts = new HashMap<>();
  /** The statements of each chunk, by name, in order of appearance. */
  private final Map<String, List<Stmt>> pieces = new LinkedHashMap<>();
  private final Map<String, Info> infos = new HashMap<>();
  /** The chunks that run in a loop of the method: their next run reads what they assign. */
  private final Set<String> rerun = new HashSet<>();
  private final Set<Var> fields = new LinkedHashSet<>();
  private final List<Chunks.Chunk> chunks = new ArrayList<>();
  /** The method's own locals: parameters, its result and what its remaining statements mention. */
  private final Set<Var> own = new HashSet<>();

  /** What the linking needs of one chunk. */
  private record Info(List<Var> in, List<Var> zero, List<Var> out, Set<Var> declaredAtTop) {}

  ChunkedMethod(String method, Var locals, int target, boolean sweepsMarked) {
    this.method = method;
    this.locals = locals;
    this.target = Math.max(1, target);
    this.sweepsMarked = sweepsMarked;
    this.label = sweepsMarked ? "Part" : "";
  }

  List<Var> fields() {
    return List.copyOf(fields);
  }

  List<Chunks.Chunk> chunks() {
    return List.copyOf(chunks);
  }

  /**
   * {@code body} cut into chunks: the method's new body, which starts by making the shared
   * object. {@code params} are the method's parameters and {@code results} the locals it returns
   * (or returns a record of) after {@code body}.
   */
  List<Stmt> cut(List<Stmt> body, List<Var> params, List<Var> results) {
    List<Stmt> prefix = new ArrayList<>();
    int start = 0;
    if (!body.isEmpty() && MethodSplitting.declaresTape(body.get(0))) {
      // The code generator wraps what follows the tape's declaration in try/finally.
      prefix.add(body.get(0));
      start = 1;
    }
    List<Stmt> skeleton = partition(body.subList(start, body.size()), true, false);
    // By name: the product for mVjp and its split halves come from two runs of reverse mode,
    // whose seeds and results are distinct variables of the same names.
    Set<String> ownNames = new HashSet<>();
    params.forEach(p -> ownNames.add(p.name()));
    results.forEach(r -> ownNames.add(r.name()));
    own.addAll(params);
    mentioned(body).stream().filter(v -> ownNames.contains(v.name())).forEach(own::add);
    own.addAll(mentioned(prefix));
    own.addAll(mentioned(skeleton));
    own.remove(locals);
    Map<Var, Integer> freeIn = new HashMap<>();
    Map<String, Set<Var>> free = new HashMap<>();
    pieces.forEach((name, statements) -> {
      Set<Var> vars = freeVars(statements);
      free.put(name, vars);
      vars.forEach(v -> freeIn.merge(v, 1, Integer::sum));
    });
    pieces.forEach((name, statements) -> link(name, statements, free.get(name), freeIn));
    checkEveryReadIsHandedOver();
    List<Stmt> out = new ArrayList<>(prefix);
    out.add(new Stmt.Declare(locals, new Expr.NewObject((dev.adjoint.processor.ir.RecordType) locals.type()), ""));
    out.addAll(sync(skeleton, new HashSet<>(), new HashSet<>(params)));
    return out;
  }

  // ---- the cut ----

  /** {@code inLoop}: whether the block runs in a loop of the method, so its chunks run again. */
  private List<Stmt> partition(List<Stmt> block, boolean top, boolean inLoop) {
    List<Stmt> out = new ArrayList<>();
    Run run = new Run();
    for (Stmt s : block) {
      String marker = top && sweepsMarked && s instanceof Stmt.Comment c ? sweepOf(c.text()) : null;
      if (marker != null) {
        // A sweep's comment stays in the method, and the chunks after it are named by it.
        flush(run, out, inLoop);
        label = marker;
        out.add(s);
        continue;
      }
      int size = BytecodeSize.of(s);
      boolean jumps = jumps(s);
      if (jumps || size > target) {
        List<Stmt> comments = run.takeTrailingComments();
        flush(run, out, inLoop);
        out.addAll(comments);
        if (size > target && isBlock(s)) {
          out.add(rebuild(s, inLoop));
        } else if (jumps) {
          out.add(s);
        } else {
          out.add(newChunk(List.of(s), inLoop));
        }
        continue;
      }
      if (!run.statements.isEmpty() && run.size + run.cost(s, size) > target) {
        // A primal statement's comment stays above its adjoint, in the next chunk.
        List<Stmt> comments = run.takeTrailingComments();
        flush(run, out, inLoop);
        comments.forEach(c -> run.add(c, 0));
      }
      run.add(s, size);
    }
    flush(run, out, inLoop);
    return out;
  }

  /** Consecutive statements and their estimated size, with the cost of handing their variables over. */
  private static final class Run {
    final List<Stmt> statements = new ArrayList<>();
    final Set<Var> vars = new HashSet<>();
    int size;

    int cost(Stmt s, int bytes) {
      int crossing = 0;
      for (Var v : mentioned(List.of(s))) {
        if (!vars.contains(v)) {
          crossing++;
        }
      }
      return bytes + BYTES_PER_CROSSING * crossing;
    }

    void add(Stmt s, int bytes) {
      size += cost(s, bytes);
      vars.addAll(mentioned(List.of(s)));
      statements.add(s);
    }

    List<Stmt> takeTrailingComments() {
      int from = statements.size();
      while (from > 1 && statements.get(from - 1) instanceof Stmt.Comment) {
        from--;
      }
      List<Stmt> comments = new ArrayList<>(statements.subList(from, statements.size()));
      statements.subList(from, statements.size()).clear();
      return comments;
    }

    void clear() {
      statements.clear();
      vars.clear();
      size = 0;
    }
  }

  private void flush(Run run, List<Stmt> out, boolean inLoop) {
    if (run.statements.isEmpty()) {
      return;
    }
    if (run.size < target / MIN_CHUNK_FRACTION || BytecodeSize.of(run.statements) == 0) {
      out.addAll(run.statements);
    } else {
      out.add(newChunk(List.copyOf(run.statements), inLoop));
    }
    run.clear();
  }

  private Stmt newChunk(List<Stmt> statements, boolean inLoop) {
    int n = counts.merge(label, 1, Integer::sum);
    String name = method + label + n;
    pieces.put(name, statements);
    if (inLoop) {
      rerun.add(name);
    }
    return new Stmt.CallChunk(name, locals, MethodSplitting.usesAdjointParameter(statements));
  }

  private Stmt rebuild(Stmt s, boolean inLoop) {
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), partition(i.then(), false, inLoop), partition(i.otherwise(), false, inLoop),
          i.source());
    } else if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.id(), l.condition(), partition(l.body(), false, true), partition(l.update(), false, true),
          l.testFirst(), l.source());
    }
    Stmt.Repeat r = (Stmt.Repeat) s;
    return new Stmt.Repeat(r.counter(), r.times(), partition(r.body(), false, true));
  }

  private static boolean isBlock(Stmt s) {
    return s instanceof Stmt.If || s instanceof Stmt.Loop || s instanceof Stmt.Repeat;
  }

  /** A statement that leaves the method or a loop cannot move into another method. */
  private static boolean jumps(Stmt s) {
    boolean[] found = {false};
    Walk.statements(List.of(s),
        inner -> found[0] |= inner instanceof Stmt.Return || inner instanceof Stmt.Break
            || inner instanceof Stmt.Continue);
    return found[0];
  }

  private static String sweepOf(String comment) {
    return comment.startsWith("Forward sweep") ? "Forward" : comment.startsWith("Reverse sweep") ? "Reverse" : null;
  }

  // ---- the linking ----

  /** The variables a chunk mentions but does not declare: those it shares with the rest. */
  private static Set<Var> freeVars(List<Stmt> statements) {
    Set<Var> vars = mentioned(statements);
    vars.removeAll(declared(statements));
    return vars;
  }

  /** {@link Walk#mentionedVars}, and the tapes that split calls are given. */
  private static Set<Var> mentioned(List<Stmt> statements) {
    Set<Var> vars = Walk.mentionedVars(statements);
    vars.addAll(tapesOfCalls(statements));
    return vars;
  }

  private static Set<Var> tapesOfCalls(List<Stmt> statements) {
    Set<Var> tapes = new LinkedHashSet<>();
    Walk.statements(statements, s -> {
      if (s instanceof Stmt.AdjointCall a && a.tape() != null) {
        tapes.add(a.tape());
      }
      if (s instanceof Stmt.TangentAdjointCall t && t.call().tape() != null) {
        tapes.add(t.call().tape());
      }
      for (Expr e : Walk.allExpressions(s)) {
        Walk.nodes(e, node -> {
          if (node instanceof Expr.ForwardCall f) {
            tapes.add(f.tape());
          }
        });
      }
    });
    return tapes;
  }

  /**
   * A chunk reading a local that neither the method holds nor another chunk hands back would
   * read a zero: a bug of this pass, which must fail the method rather than its derivative.
   */
  private void checkEveryReadIsHandedOver() {
    Set<Var> handedBack = new HashSet<>(own);
    infos.values().forEach(info -> handedBack.addAll(info.out()));
    infos.forEach((name, info) -> {
      for (Var v : info.in()) {
        if (!handedBack.contains(v)) {
          throw new IllegalStateException("chunk " + name + " reads " + v + ", which nothing hands over");
        }
      }
    });
  }

  private static Set<Var> declared(List<Stmt> statements) {
    Set<Var> vars = new HashSet<>();
    Walk.statements(statements, s -> {
      if (s instanceof Stmt.Declare d) {
        vars.add(d.var());
      } else if (s instanceof Stmt.Repeat r) {
        vars.add(r.counter());
      } else if (s instanceof Stmt.AdjointCall a) {
        vars.add(a.adjoint());
      } else if (s instanceof Stmt.TangentAdjointCall t) {
        vars.add(t.call().adjoint());
        vars.add(t.adjointTangent());
      }
    });
    return vars;
  }

  private static Set<Var> declaredAtTop(List<Stmt> statements) {
    Set<Var> vars = new LinkedHashSet<>();
    for (Stmt s : statements) {
      if (s instanceof Stmt.Declare d) {
        vars.add(d.var());
      } else if (s instanceof Stmt.AdjointCall a) {
        vars.add(a.adjoint());
      } else if (s instanceof Stmt.TangentAdjointCall t) {
        vars.add(t.call().adjoint());
        vars.add(t.adjointTangent());
      }
    }
    return vars;
  }

  private static Set<Var> assigned(List<Stmt> statements) {
    Set<Var> vars = new HashSet<>();
    Walk.statements(statements, s -> {
      if (s instanceof Stmt.Assign a) {
        vars.add(a.var());
      }
    });
    return vars;
  }

  private void link(String name, List<Stmt> statements, Set<Var> free, Map<Var, Integer> freeIn) {
    Set<Var> top = declaredAtTop(statements);
    Set<Var> written = new LinkedHashSet<>(top);
    Set<Var> assigned = assigned(statements);
    free.stream().filter(assigned::contains).forEach(written::add);
    // Handed back: what someone else reads, and in a loop what the chunk's own next run reads
    // (its own declarations start afresh each run).
    List<Var> out = written.stream()
        .filter(v -> own.contains(v) || freeIn.getOrDefault(v, 0) > (free.contains(v) ? 1 : 0)
            || (rerun.contains(name) && free.contains(v)))
        .toList();
    // Loaded: what the chunk may read before assigning it, and what it hands back, which keeps
    // its value on a path that does not assign it (a branch not taken).
    Set<Var> loaded = LiveIn.of(statements);
    loaded.addAll(tapesOfCalls(statements));
    loaded.addAll(out);
    List<Var> in = free.stream().filter(loaded::contains).toList();
    List<Var> zero = free.stream().filter(v -> !loaded.contains(v)).toList();
    fields.addAll(in);
    fields.addAll(out);
    infos.put(name, new Info(in, zero, out, top));

    List<Stmt> body = new ArrayList<>();
    for (Var v : in) {
      body.add(new Stmt.Declare(v, field(v), ""));
    }
    for (Var v : zero) {
      body.add(new Stmt.Declare(v, zeroOf(v.type()), ""));
    }
    Set<Var> handedBack = new HashSet<>(out);
    for (Stmt s : statements) {
      // A local handed back must be definitely assigned where the chunk ends.
      body.add(s instanceof Stmt.Declare d && d.init() == null && handedBack.contains(d.var())
          ? new Stmt.Declare(d.var(), zeroOf(d.var().type()), d.source()) : s);
    }
    for (Var v : out) {
      body.add(new Stmt.SetField(locals, v.name(), new Expr.Read(v)));
    }
    boolean passAdjoint = MethodSplitting.usesAdjointParameter(statements);
    chunks.add(new Chunks.Chunk(name, describe(name), body, passAdjoint));
  }

  private String describe(String name) {
    String suffix = name.substring(method.length());
    String sweep = suffix.startsWith("Forward") ? "the forward sweep" : suffix.startsWith("Reverse") ? "the reverse sweep"
        : "the statements";
    return sweep + ", part " + suffix.replaceAll("\\D", "");
  }

  private Expr field(Var v) {
    return new Expr.Field(locals, v.name(), v.type());
  }

  private static Expr zeroOf(Type type) {
    if (type instanceof Primitive p) {
      return switch (p) {
        case DOUBLE -> new Expr.Constant(Primitive.DOUBLE, "0.0");
        case INT -> new Expr.Constant(Primitive.INT, "0");
        case LONG -> new Expr.Constant(Primitive.LONG, "0L");
        case BOOLEAN -> new Expr.Constant(Primitive.BOOLEAN, "false");
      };
    }
    return new Expr.Constant(type, "null");
  }

  /**
   * The method's own statements with the handing over around each chunk's call. {@code synced}:
   * own locals whose field holds the same value; {@code inScope}: own locals declared so far in
   * this block or around it.
   */
  private List<Stmt> sync(List<Stmt> block, Set<Var> synced, Set<Var> inScope) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.CallChunk call) {
        Info info = infos.get(call.method());
        for (Var v : info.in()) {
          if (own.contains(v) && synced.add(v)) {
            out.add(new Stmt.SetField(locals, v.name(), new Expr.Read(v)));
          }
        }
        out.add(call);
        for (Var v : info.out()) {
          if (!own.contains(v)) {
            continue;
          }
          if (info.declaredAtTop().contains(v) && inScope.add(v)) {
            out.add(new Stmt.Declare(v, field(v), ""));
          } else {
            out.add(new Stmt.Assign(v, null, field(v), ""));
          }
          synced.add(v);
        }
        continue;
      }
      // Anything the method's own statements assign no longer matches its field.
      Set<Var> changed = new HashSet<>(declared(List.of(s)));
      changed.addAll(assigned(List.of(s)));
      synced.removeAll(changed);
      if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), sync(i.then(), new HashSet<>(synced), new HashSet<>(inScope)),
            sync(i.otherwise(), new HashSet<>(synced), new HashSet<>(inScope)), i.source()));
      } else if (s instanceof Stmt.Loop l) {
        // The body runs again after the update: what either assigns is out of date at its start.
        Set<Var> scope = new HashSet<>(inScope);
        List<Stmt> body = sync(l.body(), new HashSet<>(synced), scope);
        out.add(new Stmt.Loop(l.id(), l.condition(), body, sync(l.update(), new HashSet<>(), scope), l.testFirst(),
            l.source()));
      } else if (s instanceof Stmt.Repeat r) {
        Set<Var> scope = new HashSet<>(inScope);
        scope.add(r.counter());
        out.add(new Stmt.Repeat(r.counter(), r.times(), sync(r.body(), new HashSet<>(synced), scope)));
      } else if (s instanceof Stmt.Declare d) {
        inScope.add(d.var());
        // A local the method hands to a chunk must be definitely assigned at the call.
        out.add(d.init() == null && !(d.var().type() instanceof StackType)
            ? new Stmt.Declare(d.var(), zeroOf(d.var().type()), d.source()) : d);
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
