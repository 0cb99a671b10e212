package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.BatchCompiler.Diag;
import dev.adjoint.processor.fuzz.BatchCompiler.Result;
import dev.adjoint.processor.fuzz.Harness.Oracle;
import dev.adjoint.processor.fuzz.Harness.Problem;
import dev.adjoint.processor.report.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a failed compilation into a {@link Problem}: which oracle, and a key to group by. */
final class Diagnosis {
  private Diagnosis() {}

  private static final List<Pattern> PATTERNS = new ArrayList<>();

  static {
    for (Message m : Message.values()) {
      String f = m.format("\u0001", "\u0001", "\u0001", "\u0001");
      StringBuilder re = new StringBuilder();
      for (String part : f.split("\u0001", -1)) {
        if (re.length() > 0) {
          re.append(".*?");
        }
        re.append(Pattern.quote(part));
      }
      PATTERNS.add(Pattern.compile(re.toString(), Pattern.DOTALL));
    }
  }

  /** The Message a processor error was made from, or null. */
  static Message message(String text) {
    Message[] all = Message.values();
    for (int i = 0; i < all.length; i++) {
      if (PATTERNS.get(i).matcher(text).matches()) {
        return all[i];
      }
    }
    return null;
  }

  /**
   * Why {@code r} failed. Errors in the user's file from javac itself (not the processor) mean the
   * program is not valid Java: a generator (or shrinker) fault, {@link Oracle#GENERATOR}.
   */
  static Problem of(Result r) {
    if (r.crash() != null) {
      return new Problem(Oracle.PROCESSOR_CRASHED, r.crash().getClass().getSimpleName(), r.describeErrors());
    }
    List<Diag> errors = r.errors();
    for (Diag d : errors) {
      if (d.fromProcessor()) {
        Message m = message(d.message());
        if (m == Message.INTERNAL) {
          String ex = d.message().replaceAll("(?s)^[^(]*\\(([\\w.$]+).*", "$1");
          int dot = ex.lastIndexOf('.');
          return new Problem(Oracle.PROCESSOR_CRASHED, ex.substring(dot + 1), r.describeErrors());
        }
        return new Problem(Oracle.PROCESSOR_REJECTED, m == null ? "?" : m.name(), r.describeErrors());
      }
    }
    for (Diag d : errors) {
      if (d.inGenerated()) {
        return new Problem(Oracle.GENERATED_DOES_NOT_COMPILE, shortCode(d.code()),
            r.describeErrors() + generatedExcerpt(r, d));
      }
    }
    return new Problem(Oracle.GENERATOR, errors.isEmpty() ? "?" : shortCode(errors.get(0).code()), r.describeErrors());
  }

  private static String shortCode(String code) {
    return code == null ? "?" : code.replaceFirst("^compiler\\.err\\.", "");
  }

  /** The generated lines around the first error, so a report shows what javac saw. */
  private static String generatedExcerpt(Result r, Diag d) {
    for (var e : r.generatedSources().entrySet()) {
      if (d.file().endsWith(e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + ".java")) {
        String[] lines = e.getValue().split("\n", -1);
        StringBuilder sb = new StringBuilder("---- generated, around line " + d.line() + " ----\n");
        for (int i = (int) Math.max(1, d.line() - 6); i <= Math.min(lines.length, d.line() + 3); i++) {
          sb.append(String.format("%5d%s %s%n", i, i == d.line() ? ">" : " ", lines[i - 1]));
        }
        return sb.toString();
      }
    }
    return "";
  }
}
