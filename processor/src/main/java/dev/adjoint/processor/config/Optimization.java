package dev.adjoint.processor.config;

/**
 * The optimisations of reverse mode that can be turned off one by one (processor option {@code
 * adjoint.disable}), so that a wrong derivative can be traced to the pass that caused it: each
 * is exact only under conditions an analysis proves, and the unoptimised code must give the same
 * numbers.
 */
public enum Optimization {
  /** Only overwritten values that some adjoint reads are recorded; off: every overwrite is. */
  TO_BE_RECORDED("toBeRecorded"),
  /**
   * In a loop reversed iteration by iteration, an overwrite is recorded only where that
   * iteration's own reverse (or the reverse of the statements before the loop) reads the old
   * value; off: as in a loop reversed as a whole, where every iteration's reverse counts.
   */
  ITERATION_RECORDS("iterationRecords"),
  /** A top-level loop of sums is reversed iteration by iteration in its forward sweep. */
  ITERATIONWISE("iterationwise"),
  /**
   * What an iteration reversed in the forward sweep keeps for its own reverse goes in locals,
   * not on the tape (see {@code IterationLocals}).
   */
  ITERATION_LOCALS("iterationLocals"),
  /** Calls in loops and branches run the callee's forward and reverse sweeps apart. */
  SPLIT_CALLS("splitCalls"),
  /**
   * A statement's contributions to one adjoint that differ only by the order of their factors
   * are combined: {@code fBar * a * 100 + fBar * (100 * a)} becomes {@code 200.0 * (fBar * a)}.
   */
  LIKE_TERMS("likeTerms"),
  /**
   * An element of an adjoint array that straight-line code adds to more than once is added to
   * once, the contributions summed in a local on the way (see {@code ElementSums}).
   */
  ELEMENT_SUMS("elementSums"),
  /** {@code xBar += e} where {@code xBar} surely holds zero is {@code xBar = e} (see {@code ZeroAdjoints}). */
  ZERO_ADJOINTS("zeroAdjoints"),
  /** Results of Math functions the reverse sweep reads are kept, not computed again. */
  KEEP_MATH("keepMath"),
  /**
   * In loops, the contents of a {@code double[]} a call is about to write are kept on the tape's
   * own storage rather than in a fresh copy, so such a loop allocates nothing per iteration.
   */
  TAPE_SNAPSHOTS("tapeSnapshots"),
  /**
   * A callee's {@code mVjpInOut} works on the {@code double[]}s it writes, and on their
   * adjoints, in place (the contents put back from the tape at its end) rather than on copies.
   */
  IN_OUT_IN_PLACE("inOutInPlace"),
  /**
   * A call statement of a method that writes into the {@code double[]}s it is given runs in split
   * mode: its {@code mForwardInOut} in the forward sweep, its {@code mReverseInOut} in the
   * reverse, so the callee's primal runs once; off: the caller keeps the arrays' contents and
   * the reverse sweep runs the callee's whole {@code mVjpInOut}, its primal again included.
   */
  SPLIT_IN_OUT("splitInOut"),
  /**
   * A callee's adjoint object that a call in a loop fills is made once per generated method and
   * its fields set afresh at each call, not made at each call.
   */
  REUSED_ADJOINTS("reusedAdjoints"),
  /** An array element a reverse loop keeps updating is held in a local. */
  SCALAR_REPLACEMENT("scalarReplacement"),
  /**
   * Counters and trip counts of counted loops are recomputed rather than recorded, integer steps
   * ({@code k++}) undone rather than recorded, and a loop's rewrite of an array range recorded in
   * one copy at its entry.
   */
  RECOMPUTED_COUNTERS("recomputedCounters"),
  /**
   * A loop in a loop's body that rewrites an array from values that do not change runs again at
   * the start of the reverse of each iteration, rather than the array's old contents being kept
   * and put back ({@code RecomputedRewrites}; GMM's {@code xcentered}).
   */
  RECOMPUTED_REWRITES("recomputedRewrites"),
  /**
   * A generated method longer than HotSpot compiles ({@code -XX:-DontCompileHugeMethods}: 8,000
   * bytes of bytecode) is cut into private methods, its chunks, so that the gradient is not left
   * to the interpreter; off: only a method that javac could not compile (64 KB) is cut.
   */
  SPLIT_METHODS("splitMethods");

  private final String optionName;

  Optimization(String optionName) {
    this.optionName = optionName;
  }

  /** How the processor option names it. */
  public String optionName() {
    return optionName;
  }
}
