package dev.adjoint.processor.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the processor options ask of the generated code. {@code -Aadjoint.disable=a,b} turns off
 * the named {@link Optimization}s ({@code all} for every one); {@code -Aadjoint.checkTape} (or
 * {@code =true}) makes generated code check its own tape discipline at run time. {@code
 * -Aadjoint.splitAbove=BYTES} sets the estimated size of bytecode above which {@link
 * Optimization#SPLIT_METHODS} cuts a generated method into chunks: tests lower it so that small
 * methods are cut too.
 */
public record Settings(Set<Optimization> enabled, boolean checkTape, int splitAbove) {
  public static final String DISABLE = "adjoint.disable";
  public static final String CHECK_TAPE = "adjoint.checkTape";
  public static final String SPLIT_ABOVE = "adjoint.splitAbove";
  /** {@code -Aadjoint.warnings=false} turns the warnings of derivative traps off for the whole build. */
  public static final String WARNINGS = "adjoint.warnings";
  /** {@code -Aadjoint.report=DIR} writes the review report (HTML) into DIR. */
  public static final String REPORT = "adjoint.report";

  /**
   * Estimated bytes above which a generated method is cut into chunks: below HotSpot's 8,000
   * with room for the estimate's error, which {@code LongMethodsTest} checks.
   */
  public static final int DEFAULT_SPLIT_ABOVE = 6000;

  /** Every optimisation on, no checking: what a build without options gets. */
  public static final Settings DEFAULT = new Settings(EnumSet.allOf(Optimization.class), false);

  public Settings {
    EnumSet<Optimization> copy = EnumSet.noneOf(Optimization.class);
    copy.addAll(enabled);
    enabled = Collections.unmodifiableSet(copy);
  }

  public Settings(Set<Optimization> enabled, boolean checkTape) {
    this(enabled, checkTape, DEFAULT_SPLIT_ABOVE);
  }

  public boolean on(Optimization o) {
    return enabled.contains(o);
  }

  /** The options javac was given; throws IllegalArgumentException, with a message for the user, on a bad value. */
  public static Settings parse(Map<String, String> options) {
    Set<Optimization> enabled = EnumSet.allOf(Optimization.class);
    String disable = options.get(DISABLE);
    if (disable != null && !disable.isBlank()) {
      for (String name : disable.split(",")) {
        String trimmed = name.trim();
        if (trimmed.equals("all")) {
          enabled.clear();
          continue;
        }
        Optimization o = byName(trimmed);
        if (o == null) {
          throw new IllegalArgumentException("-A" + DISABLE + ": unknown optimisation '" + trimmed + "'; known: all, "
              + EnumSet.allOf(Optimization.class).stream().map(Optimization::optionName)
                  .collect(Collectors.joining(", ")));
        }
        enabled.remove(o);
      }
    }
    String check = options.get(CHECK_TAPE);
    boolean checkTape = false;
    if (options.containsKey(CHECK_TAPE)) {
      if (check == null || check.isEmpty() || check.equalsIgnoreCase("true")) {
        checkTape = true;
      } else if (!check.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException("-A" + CHECK_TAPE + " takes true or false, not '" + check + "'");
      }
    }
    return new Settings(enabled, checkTape, splitAbove(options.get(SPLIT_ABOVE)));
  }

  /** Whether the options leave the warnings of derivative traps on (the default); throws on a bad value. */
  public static boolean warnings(Map<String, String> options) {
    String value = options.get(WARNINGS);
    if (value == null || value.isEmpty() || value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("-A" + WARNINGS + " takes true or false, not '" + value + "'");
  }

  private static int splitAbove(String value) {
    if (value == null) {
      return DEFAULT_SPLIT_ABOVE;
    }
    try {
      int bytes = Integer.parseInt(value.trim());
      if (bytes > 0) {
        return bytes;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("-A" + SPLIT_ABOVE + " takes a number of bytes above 0, not '" + value + "'");
  }

  private static Optimization byName(String name) {
    for (Optimization o : Optimization.values()) {
      if (o.optionName().equalsIgnoreCase(name)) {
        return o;
      }
    }
    return null;
  }
}
