package dev.adjoint.processor.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The review report ({@code -Aadjoint.report=DIR}): one static HTML page per class with
 * {@code @Differentiable} methods, and an index. In the left column each method's facts ({@link
 * MethodReview}) and source, in the right the generated class, line by line: each source statement
 * links to the generated code under the comment that repeats it (the first, in the forward sweep or
 * the reverse), and that comment links back. No script and nothing fetched: the pages open from
 * the file system.
 */
public final class HtmlReport {
  private final Path dir;
  /** Per class (qualified name): its methods' reviews and its generated source. */
  private final Map<String, List<MethodReview>> methods = new TreeMap<>();
  private final Map<String, String> generated = new TreeMap<>();

  public HtmlReport(Path dir) {
    this.dir = dir;
  }

  public void add(String className, MethodReview review) {
    methods.computeIfAbsent(className, k -> new ArrayList<>()).add(review);
  }

  public void generated(String className, String source) {
    generated.put(className, source);
  }

  /** Writes the pages of every class seen so far, and the index. */
  public void write() throws IOException {
    Files.createDirectories(dir);
    StringBuilder index = page("Adjoint review");
    index.append("<h1>Adjoint review</h1>\n<ul>\n");
    for (var e : methods.entrySet()) {
      String file = e.getKey() + ".html";
      index.append("<li><a href=\"").append(file).append("\">").append(escape(e.getKey())).append("</a>: ");
      List<String> names = e.getValue().stream().map(m -> "<a href=\"" + file + "#m-" + m.name() + "\">"
          + escape(m.name()) + "</a>").toList();
      index.append(String.join(", ", names)).append("</li>\n");
      Files.writeString(dir.resolve(file), classPage(e.getKey(), e.getValue(), generated.getOrDefault(e.getKey(), "")),
          StandardCharsets.UTF_8);
    }
    index.append("</ul>\n</body>\n</html>\n");
    Files.writeString(dir.resolve("index.html"), index, StandardCharsets.UTF_8);
  }

  /**
   * Whether a generated comment repeats a source line: the statement itself, or the head of the
   * control statement the line opens ({@code } else if (x == y) {} as {@code if (x == y)}, a
   * counted loop as {@code for (...; i < n; ...)}).
   */
  static boolean repeats(String statement, String sourceLine) {
    String text = sourceLine.trim();
    if (text.startsWith("}")) {
      text = text.substring(1).trim();
    }
    if (text.startsWith("else ")) {
      text = text.substring("else ".length()).trim();
    }
    if (text.endsWith("{")) {
      text = text.substring(0, text.length() - 1).trim();
    }
    if (statement.isEmpty() || text.isEmpty()) {
      return false;
    }
    if (statement.startsWith("for (...; ") && statement.endsWith("; ...)")) {
      String condition = statement.substring("for (...; ".length(), statement.length() - "; ...)".length());
      return text.startsWith("for (") && text.contains("; " + condition + ";");
    }
    return text.equals(statement) || text.startsWith(statement) || statement.startsWith(text) && text.length() > 8;
  }

  private static String classPage(String className, List<MethodReview> reviews, String grad) {
    StringBuilder out = page(className);
    out.append("<p><a href=\"index.html\">index</a></p>\n<h1>").append(escape(className)).append("</h1>\n");
    List<String> gradLines = grad.lines().toList();
    // For each generated line repeating a source statement, the source line it repeats.
    Map<Integer, Integer> toSource = new TreeMap<>();
    Map<Integer, Integer> firstGenerated = new TreeMap<>();
    for (MethodReview m : reviews) {
      for (int g = 0; g < gradLines.size(); g++) {
        String line = gradLines.get(g).trim();
        if (!line.startsWith("// ")) {
          continue;
        }
        String statement = line.substring(3).trim();
        for (int s = 0; s < m.source().size(); s++) {
          if (repeats(statement, m.source().get(s))) {
            int sourceLine = m.firstLine() + s;
            toSource.putIfAbsent(g + 1, sourceLine);
            firstGenerated.putIfAbsent(sourceLine, g + 1);
            break;
          }
        }
      }
    }
    out.append("<div class=\"columns\">\n<div class=\"column\">\n");
    for (MethodReview m : reviews) {
      out.append("<section id=\"m-").append(m.name()).append("\">\n<h2>").append(escape(m.signature())).append("</h2>\n");
      list(out, "Differentiated (active)", m.activeVariables());
      list(out, "Held constant", m.constantVariables());
      list(out, "Loops: what the reverse sweep keeps", m.loops());
      list(out, "Calls", m.calls());
      if (!m.splitHalves().isEmpty()) {
        list(out, "Split halves, for callers that run it split", m.splitHalves());
      }
      list(out, "Conventions at non-differentiable points", m.conventions());
      list(out, "Warnings", m.warnings());
      out.append("<details><summary>Optimisations</summary>\n");
      list(out, null, m.optimisations());
      out.append("</details>\n<h3>Source</h3>\n<table class=\"code\">\n");
      for (int s = 0; s < m.source().size(); s++) {
        int line = m.firstLine() + s;
        Integer target = firstGenerated.get(line);
        out.append("<tr id=\"s").append(line).append("\"><td class=\"n\">").append(line).append("</td><td>");
        String code = escape(m.source().get(s));
        out.append(target == null ? code : "<a href=\"#g" + target + "\">" + code + "</a>");
        out.append("</td></tr>\n");
      }
      out.append("</table>\n</section>\n");
    }
    out.append("</div>\n<div class=\"column\">\n<h2>Generated code</h2>\n<table class=\"code\">\n");
    for (int g = 0; g < gradLines.size(); g++) {
      Integer source = toSource.get(g + 1);
      String code = escape(gradLines.get(g));
      out.append("<tr id=\"g").append(g + 1).append("\"><td class=\"n\">").append(g + 1).append("</td><td>")
          .append(source == null ? code : "<a href=\"#s" + source + "\">" + code + "</a>").append("</td></tr>\n");
    }
    out.append("</table>\n</div>\n</div>\n</body>\n</html>\n");
    return out.toString();
  }

  private static void list(StringBuilder out, String title, List<String> items) {
    if (title != null) {
      out.append("<h3>").append(escape(title)).append("</h3>\n");
    }
    if (items.isEmpty()) {
      out.append("<p>none</p>\n");
      return;
    }
    out.append("<ul>\n");
    items.forEach(i -> out.append("<li>").append(escape(i)).append("</li>\n"));
    out.append("</ul>\n");
  }

  private static StringBuilder page(String title) {
    return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n")
        .append("body { font-family: sans-serif; margin: 2em; }\n")
        .append("table.code { border-collapse: collapse; font-family: monospace; white-space: pre; }\n")
        .append("td.n { color: #888; text-align: right; padding-right: 1em; }\n")
        .append("tr:target { background: #ffd; }\n")
        .append("a { color: inherit; }\n")
        // The source and the generated code side by side, each scrolled on its own to a link's line.
        .append(".columns { display: flex; gap: 2em; }\n")
        .append(".column { flex: 1; height: 92vh; overflow: auto; }\n")
        .append("</style>\n</head>\n<body>\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
