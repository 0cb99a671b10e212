package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.Method;
import dev.adjoint.processor.fuzz.Ast.Program;
import dev.adjoint.processor.fuzz.BatchCompiler.Diag;
import dev.adjoint.processor.fuzz.BatchCompiler.Mode;
import dev.adjoint.processor.fuzz.BatchCompiler.Result;
import dev.adjoint.processor.fuzz.Harness.Oracle;
import dev.adjoint.processor.fuzz.Harness.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fuzzing campaign: generates batches of methods, compiles each batch with the processor (and
 * again with {@code -Aadjoint.disable=all}), bisects batches that do not compile down to the
 * methods that fail alone, runs the {@link Harness} oracles on every method that compiled,
 * shrinks failures and reports them deduplicated.
 */
final class Fuzzer {

  /** Settings, from system properties ({@code fuzz.*}) with the in-build defaults. */
  static final class Config {
    long seed = 20261202L;
    int methods = 2000;
    int batchSize = 50;
    Set<Feature> features = Features.defaults();
    int points = 3;
    boolean unoptimised = true;
    /** Shrink at most this many failures per (oracle, key), the rest are counted. */
    int shrinkPerKey = 2;
    long shrinkMillisPerFailure = 8_000;
    long shrinkMillisTotal = 20_000;
    long checkTimeoutMillis = 30_000;
    /** Batches run on this many threads, each with its own javac (the shrinking runs on one). */
    int threads = 2;
    /** Check only these method indices (regenerating their batches); empty: all. */
    List<Integer> only = List.of();
    PrintStream log = System.out;

    static Config fromSystemProperties() {
      Config c = new Config();
      c.seed = Long.getLong("fuzz.seed", c.seed);
      c.methods = Integer.getInteger("fuzz.methods", c.methods);
      c.batchSize = Integer.getInteger("fuzz.batch", c.batchSize);
      c.features = Features.parse(System.getProperty("fuzz.features", ""));
      c.points = Integer.getInteger("fuzz.points", c.points);
      c.unoptimised = !"false".equals(System.getProperty("fuzz.unoptimised"));
      c.shrinkPerKey = Integer.getInteger("fuzz.shrinkPerKey", c.shrinkPerKey);
      c.shrinkMillisPerFailure = Long.getLong("fuzz.shrinkMillis", c.shrinkMillisPerFailure);
      c.shrinkMillisTotal = Long.getLong("fuzz.shrinkTotalMillis", c.shrinkMillisTotal);
      c.threads = Integer.getInteger("fuzz.threads", c.threads);
      String only = System.getProperty("fuzz.only", "");
      if (!only.isBlank()) {
        c.only = java.util.Arrays.stream(only.split(",")).map(String::trim).map(Integer::valueOf).toList();
      }
      return c;
    }

    String describe() {
      return "seed "
          + seed
          + ", "
          + (!only.isEmpty() ? "only methods " + only : methods + " methods")
          + " in batches of "
          + batchSize
          + ", "
          + points
          + " points each, features "
          + features
          + (unoptimised ? "" : ", without the unoptimised compile")
          + (threads > 1 ? ", " + threads + " threads" : "");
    }
  }

  /** One method that failed an oracle. */
  static final class Failure {
    final Problem problem;
    final String method;
    final int index;
    /** The method with the helpers and methods it calls, as generated. */
    final Program unit;
    Program shrunk;
    Problem shrunkProblem;
    long shrinkMillis;
    int shrinkAttempts;
    boolean shrinkTimedOut;

    Failure(Problem problem, String method, int index, Program unit) {
      this.problem = problem;
      this.method = method;
      this.index = index;
      this.unit = unit;
    }

    String group() {
      return problem.oracle() + (problem.key().isEmpty() ? "" : " [" + problem.key() + "]");
    }
  }

  /** What a campaign did and found. */
  static final class Report {
    final Config config;
    long generated;
    long compiled;
    long checked;
    long calleeFailed;
    final Harness.Stats stats = new Harness.Stats();
    final List<Failure> failures = new ArrayList<>();
    long wallNanos;
    long javacNanos;
    long slowestCompileNanos;
    int compilations;
    long shrinkNanos;

    Report(Config config) {
      this.config = config;
    }

    /** Failures other than the fuzzer's own (generator) faults. */
    List<Failure> processorFailures() {
      return failures.stream().filter(f -> f.problem.oracle() != Oracle.GENERATOR).toList();
    }

    List<Failure> generatorFailures() {
      return failures.stream().filter(f -> f.problem.oracle() == Oracle.GENERATOR).toList();
    }
  }

  private final Config config;
  private final Generator generator;
  private final BatchCompiler javac = new BatchCompiler();
  private final Report report;

  Fuzzer(Config config) {
    this.config = config;
    this.generator = new Generator(config.seed, config.features);
    this.report = new Report(config);
  }

  Report run() {
    long t0 = System.nanoTime();
    config.log.println("fuzz: " + config.describe());
    if (config.threads > 1 && config.only.isEmpty()) {
      runInParallel(t0);
    } else {
      runBatches(0, 1, t0);
    }
    long s0 = System.nanoTime();
    shrinkAll();
    report.shrinkNanos = System.nanoTime() - s0;
    report.wallNanos = System.nanoTime() - t0;
    report.javacNanos += javac.nanos;
    report.compilations += javac.compilations;
    if (javac.slowestNanos > report.slowestCompileNanos) {
      report.slowestCompileNanos = javac.slowestNanos;
    }
    return report;
  }

  /** Batches w, w + threads, ... on thread w, each with a Fuzzer (and javac) of its own. */
  private void runInParallel(long t0) {
    List<Fuzzer> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < config.threads; w++) {
      Fuzzer f = new Fuzzer(config);
      workers.add(f);
      int first = w;
      Thread t = new Thread(() -> f.runBatches(first, config.threads, t0), "fuzz-worker-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    for (Fuzzer f : workers) {
      Report r = f.report;
      report.generated += r.generated;
      report.compiled += r.compiled;
      report.checked += r.checked;
      report.calleeFailed += r.calleeFailed;
      report.stats.add(r.stats);
      report.failures.addAll(r.failures);
      report.javacNanos += f.javac.nanos;
      report.compilations += f.javac.compilations;
      report.slowestCompileNanos = Math.max(report.slowestCompileNanos, f.javac.slowestNanos);
    }
    report.failures.sort(java.util.Comparator.comparingInt(f -> f.index));
  }

  /** Progress of all workers, for the log. */
  private static final java.util.concurrent.atomic.AtomicLong PROGRESS = new java.util.concurrent.atomic.AtomicLong();

  private void runBatches(int firstBatch, int stride, long t0) {
    if (!config.only.isEmpty()) {
      for (int index : config.only) {
        int b = index / config.batchSize;
        Generator.Batch batch = generator.batch(b, b * config.batchSize, config.batchSize);
        runBatch(batch, List.of("m" + index));
      }
    } else {
      int batches = (config.methods + config.batchSize - 1) / config.batchSize;
      long lastLog = System.nanoTime();
      PROGRESS.set(0);
      for (int b = firstBatch; b < batches; b += stride) {
        int first = b * config.batchSize;
        int count = Math.min(config.batchSize, config.methods - first);
        Generator.Batch batch = generator.batch(b, first, count);
        runBatch(batch, batch.methods());
        long done = PROGRESS.addAndGet(count);
        if (System.nanoTime() - lastLog > 60e9 || b + stride >= batches) {
          lastLog = System.nanoTime();
          double secs = (lastLog - t0) / 1e9;
          config.log.printf(
              "fuzz: %d/%d methods, %.0f s, %.1f methods/s (this thread: %d failures, %d checked)%n",
              done, config.methods, secs, done / secs, report.failures.size(), report.checked);
        }
      }
    }
  }

  // ---------------------------------------------------------------- one batch

  /** A set of methods that compiled together, or one method that fails to compile alone. */
  private record Group(List<String> methods, Result result, Problem problem) {}

  private void runBatch(Generator.Batch batch, List<String> methods) {
    Program program = batch.program();
    report.generated += methods.size();
    Map<String, Problem> failing = new LinkedHashMap<>();
    List<Group> ok = new ArrayList<>();
    for (Group g : partition(program, methods, Mode.OPTIMISED)) {
      if (g.problem() == null) {
        ok.add(g);
      } else {
        failing.put(g.methods().get(0), confirmCompileProblem(program, g));
      }
    }
    for (var e : failing.entrySet()) {
      if (calleeFailed(program, e.getKey(), failing.keySet())) {
        report.calleeFailed++;
      } else {
        record(program, e.getKey(), e.getValue());
      }
    }
    for (Group g : ok) {
      report.compiled += g.methods().size();
      ClassLoader opt = g.result().load(getClass().getClassLoader());
      if (!config.unoptimised) {
        checkAll(program, g.methods(), opt, null);
        continue;
      }
      for (Group u : partition(program, g.methods(), Mode.UNOPTIMISED)) {
        if (u.problem() != null) {
          String m = u.methods().get(0);
          record(program, m, new Problem(Oracle.OPT_VS_UNOPT, "compile",
              "compiles with the optimisations but not with -Aadjoint.disable=all: "
                  + u.problem().oracle() + "\n" + u.problem().detail()));
          continue;
        }
        checkAll(program, u.methods(), opt, u.result().load(getClass().getClassLoader()));
      }
    }
  }

  private void checkAll(Program program, List<String> methods, ClassLoader opt, ClassLoader unopt) {
    for (String m : methods) {
      report.checked++;
      Problem p = check(program, m, opt, unopt, report.stats);
      if (p != null) {
        record(program, m, p);
      }
    }
  }

  /** Checks method {@code m} of {@code program} (compiled into {@code opt} and {@code unopt}). */
  private Problem check(Program program, String m, ClassLoader opt, ClassLoader unopt, Harness.Stats stats) {
    int index = Integer.parseInt(m.substring(1));
    var outcome =
        Watchdog.run(
            () -> Harness.check(program, program.fqcn(), m, index, opt, unopt, config.seed, config.points, stats),
            config.checkTimeoutMillis);
    if (outcome.timedOut()) {
      return new Problem(Oracle.TIMEOUT, "", m + " (original or generated) did not return within "
          + config.checkTimeoutMillis + " ms");
    }
    if (outcome.thrown() != null) {
      return new Problem(Oracle.GENERATOR, "harness", "the harness threw " + outcome.thrown());
    }
    return outcome.value();
  }

  private void record(Program program, String method, Problem p) {
    int index = Integer.parseInt(method.substring(1));
    Failure f = new Failure(p, method, index, Units.closure(program, List.of(method)));
    report.failures.add(f);
    if (p.oracle() == Oracle.GENERATOR) {
      config.log.println("fuzz: GENERATOR FAULT in " + method + ": " + p.detail());
    } else {
      // At once, so that a long run shows what it found long before its report.
      String detail = p.detail().lines().findFirst().orElse("");
      config.log.println("fuzz: " + p.oracle() + " in " + method + " (-Dfuzz.only=" + index + "): "
          + (detail.length() > 300 ? detail.substring(0, 300) + "..." : detail));
    }
  }

  /** Whether a @Differentiable method that {@code m} calls (transitively) failed too. */
  private static boolean calleeFailed(Program p, String m, Set<String> failing) {
    Set<String> seen = new HashSet<>();
    List<String> work = new ArrayList<>(Units.callees(p, p.method(m)));
    while (!work.isEmpty()) {
      String c = work.remove(work.size() - 1);
      if (!seen.add(c)) {
        continue;
      }
      if (failing.contains(c) && p.method(c).differentiable) {
        return true;
      }
      work.addAll(Units.callees(p, p.method(c)));
    }
    return false;
  }

  /** What is compiled of {@code unit}: its methods, and their probes for the oracles. */
  private static String source(Program unit) {
    return Printer.program(Probes.instrument(unit));
  }

  /**
   * A compile problem of javac's own in the user's file may be the generator's fault (the
   * program is not valid Java) or follow from what the processor did: plain javac tells.
   */
  private Problem confirmCompileProblem(Program program, Group g) {
    Problem p = g.problem();
    if (p.oracle() != Oracle.GENERATOR) {
      return p;
    }
    Program unit = Units.closure(program, g.methods());
    Result plain = javac.compile(unit.fqcn(), source(unit), Mode.PLAIN);
    if (plain.success()) {
      return new Problem(Oracle.GENERATED_DOES_NOT_COMPILE, p.key(),
          "with the processor, javac reports errors in the user's source that plain javac does not:\n"
              + p.detail());
    }
    return p;
  }

  /**
   * Splits {@code methods} into groups that compile together and single methods that fail to
   * compile alone: first by the methods the errors point at (errors name lines of the user's
   * file or of the generated one), then by halves.
   */
  private List<Group> partition(Program program, List<String> methods, Mode mode) {
    Program unit = Units.closure(program, methods);
    String src = source(unit);
    Result r = javac.compile(unit.fqcn(), src, mode);
    List<Group> out = new ArrayList<>();
    if (r.success()) {
      out.add(new Group(methods, r, null));
      return out;
    }
    if (methods.size() == 1) {
      out.add(new Group(methods, r, Diagnosis.of(r)));
      return out;
    }
    Set<String> suspects = suspects(unit, src, r, methods);
    if (!suspects.isEmpty() && suspects.size() < methods.size()) {
      List<String> rest = new ArrayList<>(methods);
      rest.removeAll(suspects);
      out.addAll(partition(program, rest, mode));
      for (String s : suspects) {
        out.addAll(partition(program, List.of(s), mode));
      }
      return out;
    }
    int half = methods.size() / 2;
    out.addAll(partition(program, methods.subList(0, half), mode));
    out.addAll(partition(program, methods.subList(half, methods.size()), mode));
    return out;
  }

  /**
   * A method's first line, static or an instance one (printed without {@code public} when a
   * helper); not a statement, which ends in a semicolon, nor a block's head.
   */
  private static final Pattern HEADER =
      Pattern.compile("^\\s*(?:@[\\w.]+(?:\\([^)]*\\))? )*(?:public )?(?:static )?(?!return )[\\w\\[\\]<>.]+ (\\w+)\\([^;]*$");

  /** The methods of {@code methods} that the errors point at, with the methods calling them. */
  private static Set<String> suspects(Program unit, String src, Result r, List<String> methods) {
    Set<String> named = new LinkedHashSet<>();
    for (Diag d : r.errors()) {
      if (d.file() == null || d.line() <= 0) {
        continue;
      }
      String text = d.inGenerated() ? r.generatedSources().values().stream().findFirst().orElse("") : src;
      String m = enclosingMethod(text, (int) d.line());
      if (m != null) {
        for (String suffix : List.of("VjpInOut", "Vjp", "Forward", "Reverse")) {
          if (m.endsWith(suffix) && unit.method(m.substring(0, m.length() - suffix.length())) != null) {
            m = m.substring(0, m.length() - suffix.length());
          }
        }
        if (unit.method(m) != null) {
          named.add(m);
        }
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (String m : methods) {
      Program reach = Units.closure(unit, List.of(m));
      for (Method x : reach.methods) {
        if (named.contains(x.name)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static String enclosingMethod(String text, int line) {
    String[] lines = text.split("\n", -1);
    for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
      Matcher m = HEADER.matcher(lines[i]);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- shrinking

  private void shrinkAll() {
    long deadline = System.currentTimeMillis() + config.shrinkMillisTotal;
    // Round robin over the groups, so every kind of failure gets shrunk before the time runs
    // out; in a group, smallest programs first: they shrink fastest.
    Map<String, List<Failure>> groups = new TreeMap<>();
    for (Failure f : report.failures) {
      if (f.problem.oracle() != Oracle.GENERATOR) {
        groups.computeIfAbsent(f.group(), k -> new ArrayList<>()).add(f);
      }
    }
    List<Failure> order = new ArrayList<>();
    for (List<Failure> g : groups.values()) {
      g.sort(java.util.Comparator.comparingInt(f -> Printer.program(f.unit).length()));
    }
    for (int round = 0; round < config.shrinkPerKey; round++) {
      for (List<Failure> g : groups.values()) {
        if (round < g.size()) {
          order.add(g.get(round));
        }
      }
    }
    for (Failure f : order) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      long t0 = System.currentTimeMillis();
      Shrinker s =
          new Shrinker(c -> sameFailure(f, c), f.method, Math.min(left, config.shrinkMillisPerFailure));
      f.shrunk = s.shrink(f.unit);
      f.shrunkProblem = problemOf(f.shrunk, f.method, f.index, null);
      f.shrinkMillis = System.currentTimeMillis() - t0;
      f.shrinkAttempts = s.attempts;
      f.shrinkTimedOut = s.timedOut;
      config.log.printf("fuzz: shrank %s %s in %d ms (%d candidates)%n", f.method, f.group(),
          f.shrinkMillis, s.attempts);
    }
  }

  private boolean sameFailure(Failure f, Program candidate) {
    Problem p = problemOf(candidate, f.method, f.index, f.problem.oracle());
    if (p == null || p.oracle() != f.problem.oracle()) {
      return false;
    }
    // Compile problems and exceptions keep their kind; numeric ones only their oracle.
    return switch (p.oracle()) {
      case PROCESSOR_REJECTED, PROCESSOR_CRASHED, GENERATED_DOES_NOT_COMPILE, THREW, MISSING_MEMBER ->
          p.key().equals(f.problem.key());
      default -> true;
    };
  }

  /**
   * The first problem of {@code method} in {@code unit}, or null when it passes. When only
   * {@code wanted} matters (while shrinking), the unoptimised compile is skipped unless wanted.
   */
  private Problem problemOf(Program unit, String method, int index, Oracle wanted) {
    String src = source(unit);
    Result r = javac.compile(unit.fqcn(), src, Mode.OPTIMISED);
    if (!r.success()) {
      Problem p = Diagnosis.of(r);
      if (p.oracle() == Oracle.PROCESSOR_REJECTED || p.oracle() == Oracle.PROCESSOR_CRASHED
          || p.oracle() == Oracle.GENERATED_DOES_NOT_COMPILE) {
        // Only a valid Java program counts: javac may stop before it checks the user's code.
        if (!javac.compile(unit.fqcn(), src, Mode.PLAIN).success()) {
          return new Problem(Oracle.GENERATOR, "invalid", "not valid Java");
        }
      }
      return p;
    }
    ClassLoader opt = r.load(getClass().getClassLoader());
    ClassLoader unopt = null;
    if (config.unoptimised && (wanted == null || wanted == Oracle.OPT_VS_UNOPT)) {
      Result u = javac.compile(unit.fqcn(), src, Mode.UNOPTIMISED);
      if (!u.success()) {
        return new Problem(Oracle.OPT_VS_UNOPT, "compile", Diagnosis.of(u).detail());
      }
      unopt = u.load(getClass().getClassLoader());
    }
    return check(unit, method, opt, unopt, new Harness.Stats());
  }
}
