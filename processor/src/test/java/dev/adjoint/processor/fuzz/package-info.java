/**
 * Differential fuzzing of the processor: random {@code @Differentiable} methods against their
 * own primal.
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>{@link dev.adjoint.processor.fuzz.Generator} writes seeded random methods, and the helpers
 *       they call, as an AST of our own ({@link dev.adjoint.processor.fuzz.Ast}), printed by
 *       {@link dev.adjoint.processor.fuzz.Printer}. Construct groups ({@link
 *       dev.adjoint.processor.fuzz.Feature}) can be switched on and off; all are on by default. {@link dev.adjoint.processor.fuzz.Scope} keeps
 *       what the generator knows of values, so programs never throw and always end. One method in
 *       five is an instance method reading the class's final fields; the harness calls it on an
 *       object of the class ({@link dev.adjoint.processor.fuzz.Receiver}).
 *   <li>{@link dev.adjoint.processor.fuzz.BatchCompiler} runs javac with a fresh processor in
 *       memory, with {@code -Aadjoint.checkTape=true}, and again with {@code
 *       -Aadjoint.disable=all}.
 *   <li>{@link dev.adjoint.processor.fuzz.Harness} holds the oracles: value bit for bit,
 *       partials against Richardson-refined central differences, VJP linearity and accumulation,
 *       optimised against unoptimised, tape discipline, arguments unchanged, no exceptions. The
 *       tolerances of the numerical ones grow with the largest value the method computes at the
 *       point, which a probe copy of each method reports ({@link dev.adjoint.processor.fuzz.Probes}).
 *       Where central differences disagree with a partial at both step sizes, forward mode has the
 *       last word: {@link dev.adjoint.processor.fuzz.DualInterpreter} runs the method's AST on
 *       dual numbers ({@link dev.adjoint.processor.fuzz.DualMath} holds the derivative rules), and
 *       is trusted only when its value is the method's own bit for bit.
 *   <li>{@link dev.adjoint.processor.fuzz.Fuzzer} runs a campaign: batches of methods per javac
 *       run, bisection of batches that do not compile, checks under a {@link
 *       dev.adjoint.processor.fuzz.Watchdog}, {@link dev.adjoint.processor.fuzz.Shrinker}, and a
 *       report ({@link dev.adjoint.processor.fuzz.ReportText}).
 * </ul>
 *
 * <h2>Commands</h2>
 *
 * In the build: {@code FuzzTest} with its defaults (seed 20261202, 2000 methods on two threads,
 * about a minute; {@code -DexcludedGroups=fuzz} leaves it out).
 * Alone, or the long run (the report goes to {@code processor/target/fuzz-report.txt}):
 *
 * <pre>
 * mvn -q -pl processor -am verify -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * mvn -q -pl processor -am verify -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfuzz.methods=100000 -Dfuzz.seed=1 -Dfuzz.threads=2 \
 *     -Dfuzz.shrinkPerKey=40 -Dfuzz.shrinkTotalMillis=2400000 -Dfuzz.shrinkMillis=15000
 * </pre>
 *
 * A failure is reproduced from its seed, batch size and index: {@code -Dfuzz.seed=S
 * -Dfuzz.batch=B -Dfuzz.only=K} (several indices separated by commas), with the features the
 * report names. {@code Show} prints a generated program, {@code Replay} runs the oracles on a
 * hand-edited one. {@code -Dfuzz.features=+IDIOMS,-SWITCH} changes the construct groups.
 */
package dev.adjoint.processor.fuzz;
