package dev.adjoint.processor.fuzz;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Groups of constructs the generator may use. Each group can be switched on or off, so a fault
 * found in one construct can be kept out of the way while hunting for others
 * ({@code -Dfuzz.features=-SWITCH,+IDIOMS}).
 */
enum Feature {
  /** Math functions of the README's list, with derivative 0 ones (floor, round, ...) too. */
  MATH,
  /** {@code c ? x : y} on active conditions, {@code &&}, {@code ||}, {@code !}. */
  CONDITIONAL,
  /** Casts {@code (int)}, {@code (long)}, {@code (double)}. */
  CASTS,
  /** double/int/boolean locals, declared later, reassigned, {@code += -= *= /=}. */
  LOCALS,
  /** Integer counters stepped with {@code ++}/{@code --} inside loops and branches. */
  INT_STEPS,
  /** if / else if / else, nested, on active values. */
  IF,
  /** switch statements (classic and arrow) and switch expressions on int. */
  SWITCH,
  /** for, while, do-while, nested loops, double counters. */
  LOOPS,
  /** break, continue (labelled too), early return anywhere. */
  JUMPS,
  /** Local arrays, element updates, in-place writes into parameters, row aliases. */
  ARRAYS,
  /** Methods of the "loop of sums" shape that is reversed iteration by iteration. */
  SUM_LOOPS,
  /** Scalar helpers without {@code @Differentiable}, fixed and generated, calling each other. */
  HELPERS,
  /** Helpers writing into arrays they are given, and helpers returning a new array. */
  ARRAY_HELPERS,
  /** Recursive helpers with an int depth. */
  RECURSION,
  /** Calls of other {@code @Differentiable} methods of the batch. */
  CALLS,
  /**
   * Calls (of helpers and of methods) inside loops and branches, which the processor runs in
   * split mode. Off, calls appear only in straight-line code (joint mode), so a fault of split
   * mode does not hide the others.
   */
  SPLIT_CALLS,
  /** A {@code @NoDerivative double} parameter on some methods. */
  NO_DERIVATIVE,
  /**
   * Assignments and ++/-- inside expressions and conditions, chained assignment, for-each
   * loops.
   */
  IDIOMS,
  /** Helpers returning int or boolean that also write into an array. */
  INT_HELPERS,
  /**
   * Products of 40 to 120 factors and sums of as many terms in one expression, which the
   * processor splits into parts (and whose adjoints share prefix products).
   */
  LONG_CHAINS,
  /**
   * Instance methods of the batch's final class (one method in five, chosen by its index), which
   * read the class's final fields as constants and call its instance helpers (one of them
   * annotated) and its other instance methods.
   */
  INSTANCE_METHODS,
  /**
   * The JDK's array operations: {@code System.arraycopy} between arrays and within one
   * (overlapping either way), {@code clone()}, {@code Arrays.copyOf}, {@code copyOfRange} (past
   * the end too) and {@code fill} (whole and range), which the front end reads as loops.
   */
  BULK_ARRAYS;

  static final Set<Feature> OFF_BY_DEFAULT = EnumSet.noneOf(Feature.class);
}

/** Parses feature sets. */
final class Features {
  private Features() {}

  static Set<Feature> defaults() {
    Set<Feature> s = EnumSet.allOf(Feature.class);
    s.removeAll(Feature.OFF_BY_DEFAULT);
    return s;
  }

  /**
   * {@code "+IDIOMS,-SWITCH"} changes the defaults; a list without signs ({@code "LOOPS,IF"})
   * names the whole set; {@code "all"} is every group; empty keeps the defaults.
   */
  static Set<Feature> parse(String spec) {
    Set<Feature> s = defaults();
    if (spec == null || spec.isBlank()) {
      return s;
    }
    boolean first = true;
    for (String raw : spec.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      if (item.equalsIgnoreCase("all")) {
        s = EnumSet.allOf(Feature.class);
      } else if (item.startsWith("+")) {
        s.add(Feature.valueOf(item.substring(1).toUpperCase(Locale.ROOT)));
      } else if (item.startsWith("-")) {
        s.remove(Feature.valueOf(item.substring(1).toUpperCase(Locale.ROOT)));
      } else {
        if (first) {
          s = EnumSet.noneOf(Feature.class);
        }
        s.add(Feature.valueOf(item.toUpperCase(Locale.ROOT)));
      }
      first = false;
    }
    return s;
  }
}
