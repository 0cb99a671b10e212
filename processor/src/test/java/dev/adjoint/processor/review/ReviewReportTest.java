package dev.adjoint.processor.review;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review report ({@code -Aadjoint.report=DIR}) as a browser engine (HtmlUnit, scripts off)
 * reads it from the file system: the index links to each class's page and method; each method's
 * section says what is differentiated and held constant, what its loop keeps, how its call runs,
 * its conventions and warnings; every link between source and generated code lands on a line that
 * exists, and a statement links to the generated code repeating it and back.
 */
class ReviewReportTest {
  private static final String SOURCE = """
      package r;

      import dev.adjoint.Differentiable;
      import dev.adjoint.NoDerivative;

      final class Model {
        static double square(double v) {
          return v * v;
        }

        @Differentiable
        static double loss(double[] w, double b, @NoDerivative double[] x, int n) {
          double s = b;
          for (int i = 0; i < n; i++) {
            s = Math.sin(s) + w[i] * x[i];
          }
          return square(s) + Math.abs(b);
        }
      }
      """;

  @Test
  void aBrowserFollowsTheReport(@TempDir Path dir) throws Exception {
    Compilation compilation = javac().withProcessors(new AdjointProcessor())
        .withOptions("-Aadjoint.report=" + dir)
        .compile(JavaFileObjects.forSourceString("r.Model", SOURCE));
    assertThat(compilation).succeeded();
    assertTrue(Files.exists(dir.resolve("index.html")));

    try (WebClient browser = new WebClient()) {
      browser.getOptions().setJavaScriptEnabled(false);
      browser.getOptions().setCssEnabled(true);
      HtmlPage index = browser.getPage(dir.resolve("index.html").toUri().toURL());
      HtmlAnchor method = index.getAnchorByText("loss");
      HtmlPage page = method.click();
      assertTrue(page.getUrl().toString().endsWith("r.Model.html#m-loss"), page.getUrl().toString());

      DomElement section = page.getElementById("m-loss");
      assertNotNull(section);
      String text = section.asNormalizedText();
      assertTrue(text.contains("Model.loss(double[] w, double b, double[] x, int n)"), text);
      assertTrue(text.contains("w (double[])") && text.contains("b (double)") && text.contains("s (double)"), text);
      String constant = text.substring(text.indexOf("Held constant"), text.indexOf("Loops"));
      assertTrue(constant.contains("x (double[])") && constant.contains("n (int)"), constant);
      assertTrue(text.contains("trip count"), text);
      assertTrue(text.contains("keeps the old values of s"), text);
      assertTrue(text.contains("Model.square: split"), text);
      assertTrue(text.contains("abs(x) at x == 0: derivative 0 (signum)"), text);
      assertTrue(text.contains("[adjoint.kink]"), text);

      // Every link between the columns lands on a line of the page; some go both ways.
      List<HtmlAnchor> links = page.getAnchors().stream().filter(a -> a.getHrefAttribute().matches("#[sg][0-9]+")).toList();
      assertFalse(links.isEmpty());
      int roundTrips = 0;
      for (HtmlAnchor link : links) {
        String target = link.getHrefAttribute().substring(1);
        DomElement row = page.getElementById(target);
        assertNotNull(row, "no line " + target);
        if (target.startsWith("g")) {
          HtmlAnchor back = row.getElementsByTagName("a").isEmpty() ? null
              : (HtmlAnchor) row.getElementsByTagName("a").get(0);
          if (back != null && back.getHrefAttribute().startsWith("#s")) {
            roundTrips++;
            // The generated comment repeats the statement the source line holds.
            // (A counted loop's head is repeated as for (...; condition; ...).)
            String statement = link.asNormalizedText().trim();
            String repeated = statement.startsWith("for (") ? statement.split(";")[1].trim()
                : statement.substring(0, Math.min(12, statement.length()));
            assertTrue(back.asNormalizedText().contains(repeated), statement + " -> " + back.asNormalizedText());
          }
        }
      }
      assertTrue(roundTrips >= 2, roundTrips + " statements linked both ways");
      assertEquals(0, page.getElementsByTagName("script").size());
    }
  }

  /**
   * Each optimisation's line says what it did to this method's VJP, found by generating the VJP
   * without it: on a small method, cutting long methods into chunks changes nothing; recomputing
   * the loop's counter in the reverse sweep instead of keeping it shortens the tape; one turned
   * off says so.
   */
  @Test
  void theReportSaysWhatEachOptimisationChanged(@TempDir Path dir) throws Exception {
    Compilation compilation = javac().withProcessors(new AdjointProcessor())
        .withOptions("-Aadjoint.report=" + dir, "-Aadjoint.disable=likeTerms")
        .compile(JavaFileObjects.forSourceString("r.Model", SOURCE));
    assertThat(compilation).succeeded();
    String page = Files.readString(dir.resolve("r.Model.html"));
    assertTrue(page.contains("splitMethods: on, changes nothing in this method&#39;s VJP")
        || page.contains("splitMethods: on, changes nothing in this method's VJP"), page);
    java.util.regex.Matcher recorded = java.util.regex.Pattern.compile(
        "recomputedCounters: on, with it the VJP is (\\d+) lines \\((\\d+) tape pushes and pops\\), without it (\\d+) lines "
        + "\\((\\d+) tape pushes and pops\\)").matcher(page);
    assertTrue(recorded.find(), page);
    // The loop's counter recomputed instead of kept: fewer tape statements with it.
    assertTrue(Integer.parseInt(recorded.group(2)) < Integer.parseInt(recorded.group(4)), recorded.group());
    assertTrue(page.contains("likeTerms: off (-Aadjoint.disable)"), page);
    // The helper the method calls has its section too.
    assertTrue(page.contains("Model.square(double v), a helper differentiated for its callers"), page);
  }

  /** The facts name the user's variables, not the copies and counters the front end wrote for a clone or an arraycopy. */
  @Test
  void theReportListsOnlyTheUsersVariables(@TempDir Path dir) throws Exception {
    String source = """
        package r;

        import dev.adjoint.Differentiable;

        final class Copies {
          @Differentiable
          static double shifted(double[] x) {
            double[] y = x.clone();
            System.arraycopy(x, 0, y, 1, x.length - 1);
            return y[0] * y[1];
          }
        }
        """;
    Compilation compilation = javac().withProcessors(new AdjointProcessor())
        .withOptions("-Aadjoint.report=" + dir).compile(JavaFileObjects.forSourceString("r.Copies", source));
    assertThat(compilation).succeeded();
    String page = Files.readString(dir.resolve("r.Copies.html"));
    assertTrue(page.contains("<li>y (double[])</li>") && page.contains("<li>x (double[])</li>"), page);
    assertFalse(page.contains("<li>xCopy"), page);
    assertFalse(page.contains("<li>i (int)</li>"), page);
  }

  /** The heads of control statements link too: an if, an else if, a counted loop, a while. */
  @Test
  void controlStatementsLinkToTheirReverse(@TempDir Path dir) throws Exception {
    String source = """
        package r;

        import dev.adjoint.Differentiable;

        final class Branches {
          @Differentiable
          static double f(double x, double y) {
            double s = x * y;
            if (x > y) {
              s = s * x;
            } else if (x == y) {
              s += 1;
            }
            for (int i = 0; i < 3; i++) {
              s = Math.sin(s);
            }
            while (s > 10) {
              s /= 2;
            }
            return s;
          }
        }
        """;
    try (WebClient browser = new WebClient()) {
      HtmlPage page = reportPage(browser, dir, "r.Branches", source);
      for (String head : new String[] {"if (x > y) {", "} else if (x == y) {", "for (int i = 0; i < 3; i++) {",
          "while (s > 10) {"}) {
        HtmlAnchor link = page.getAnchorByText(head);
        HtmlPage target = link.click();
        String fragment = target.getUrl().getRef();
        String generated = target.getElementById(fragment).asNormalizedText();
        assertTrue(generated.contains("// "), head + " links to " + generated);
      }
    }
  }

  /** A helper a caller runs split: what its forward half leaves for its reverse half. */
  @Test
  void theSplitHalvesTapeIsListed(@TempDir Path dir) throws Exception {
    String source = """
        package r;

        import dev.adjoint.Differentiable;

        final class Halves {
          static double scaled(double v, double k) {
            double t = Math.sin(v) * k;
            return t * t;
          }

          @Differentiable
          static double f(double x, int n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += scaled(x + i, s) * scaled(s, x);
            }
            return s;
          }
        }
        """;
    try (WebClient browser = new WebClient()) {
      HtmlPage page = reportPage(browser, dir, "r.Halves", source);
      String helper = page.getElementById("m-scaled").asNormalizedText();
      // scaledForward pushes t (and sin v, a value of the derivative code) for scaledReverse.
      assertTrue(helper.contains("scaledForward leaves on the tape, besides what its loops keep, for scaledReverse: "
          + "t and 1 value of the derivative code"), helper);
    }
  }

  /** {@code source} compiled with the report into {@code dir}, warnings off, and its class's page opened. */
  private static HtmlPage reportPage(WebClient browser, Path dir, String fqcn, String source) throws Exception {
    Compilation compilation = javac().withProcessors(new AdjointProcessor())
        .withOptions("-Aadjoint.report=" + dir, "-Aadjoint.warnings=false")
        .compile(JavaFileObjects.forSourceString(fqcn, source));
    assertThat(compilation).succeeded();
    browser.getOptions().setJavaScriptEnabled(false);
    return browser.getPage(dir.resolve(fqcn + ".html").toUri().toURL());
  }

  @Test
  void noReportUnlessAsked(@TempDir Path dir) throws Exception {
    Compilation compilation = javac().withProcessors(new AdjointProcessor())
        .compile(JavaFileObjects.forSourceString("r.Model", SOURCE));
    assertThat(compilation).succeeded();
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }
}
