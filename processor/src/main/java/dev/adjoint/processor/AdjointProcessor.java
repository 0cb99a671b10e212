package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.codegen.GradClassWriter;
import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.frontend.CustomRules;
import dev.adjoint.processor.frontend.DerivativeTraps;
import dev.adjoint.processor.frontend.FrontEnd;
import dev.adjoint.processor.frontend.TreeOrigin;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.HvpFunction;
import dev.adjoint.processor.ir.JvpFunction;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.VjpFunction;
import dev.adjoint.processor.lower.Lowering;
import dev.adjoint.processor.report.Message;
import dev.adjoint.processor.report.Problem;
import dev.adjoint.processor.report.ProblemException;
import dev.adjoint.processor.report.Trap;
import dev.adjoint.processor.transform.ForwardMode;
import dev.adjoint.processor.transform.MethodSplitting;
import dev.adjoint.processor.transform.ReverseMode;
import dev.adjoint.processor.transform.ScalarReplacement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The javac entry point. For every class with {@code @Differentiable} methods it runs each
 * method through the pipeline (front end, analyses, reverse mode) and writes {@code Foo_Grad}.
 * A method Adjoint cannot differentiate gets an error on the offending expression; its class,
 * and any class calling it, get no {@code _Grad}, so javac never sees generated code that does
 * not compile.
 */
@AutoService(Processor.class)
public final class AdjointProcessor extends AbstractProcessor {
  static final String ANNOTATION = "dev.adjoint.Differentiable";

  private Optional<Trees> trees = Optional.empty();
  private FrontEnd frontEnd;
  private CustomRules rules;
  private Settings settings = Settings.DEFAULT;
  /** Whether derivative traps are reported as warnings ({@code -Aadjoint.warnings}). */
  private boolean warnings = true;
  /** The review report asked for with {@code -Aadjoint.report=DIR}, or null. */
  private dev.adjoint.processor.review.HtmlReport report;
  /** Why the options javac was given cannot be used, or null. */
  private String badOptions;
  /** The stack of the thread the work runs on (see {@link LargeStack}). */
  private final long stackBytes;

  public AdjointProcessor() {
    this(LargeStack.DEFAULT_BYTES);
  }

  /** For tests: a processor whose work runs on a stack of {@code stackBytes}. */
  AdjointProcessor(long stackBytes) {
    this.stackBytes = stackBytes;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION, CustomRules.ANNOTATION);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(Settings.DISABLE, Settings.CHECK_TAPE, Settings.SPLIT_ABOVE, Settings.WARNINGS, Settings.REPORT);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    trees = TreesAccess.find(env);
    trees.ifPresent(t -> {
      rules = new CustomRules(env.getElementUtils(), t);
      frontEnd = new FrontEnd(t, env.getElementUtils(), rules);
    });
    try {
      settings = Settings.parse(env.getOptions());
      warnings = Settings.warnings(env.getOptions());
      String reportDir = env.getOptions().get(Settings.REPORT);
      report = reportDir == null || reportDir.isBlank() ? null
          : new dev.adjoint.processor.review.HtmlReport(java.nio.file.Path.of(reportDir));
    } catch (IllegalArgumentException e) {
      badOptions = e.getMessage();
    }
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      LargeStack.run(stackBytes, () -> processRound(annotations, round));
    } catch (Throwable failure) {
      // Nothing may escape into javac, which would print a stack trace: differentiate() and
      // write() catch what a method or a class causes, so this is a failure of the round itself.
      if (Boolean.getBoolean("adjoint.debug")) {
        failure.printStackTrace();
      }
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Message.ROUND_FAILED.format(failure));
    }
    return false;
  }

  private void processRound(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (annotation == null || annotations.isEmpty()) {
      return;
    }
    TypeElement ruleAnnotation = processingEnv.getElementUtils().getTypeElement(CustomRules.ANNOTATION);
    if (ruleAnnotation != null && rules != null) {
      // Before any method is read: a rule applies to every call of its target in this compilation.
      rules.register(round.getElementsAnnotatedWith(ruleAnnotation)).forEach(p -> report(p, null));
    }
    Map<TypeElement, List<ExecutableElement>> byClass = new LinkedHashMap<>();
    for (Element e : round.getElementsAnnotatedWith(annotation)) {
      if (e.getKind() == ElementKind.METHOD) {
        byClass.computeIfAbsent((TypeElement) e.getEnclosingElement(), k -> new ArrayList<>()).add((ExecutableElement) e);
      }
    }
    if (badOptions != null) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "Adjoint: " + badOptions);
      badOptions = null;
      return;
    }
    if (trees.isEmpty()) {
      byClass.values().forEach(methods -> methods.forEach(m -> error(m,
          Message.TREES_UNAVAILABLE.format(processingEnv.getClass().getName()))));
      return;
    }
    LocalClassMethods.find(trees.get(), round.getRootElements()).forEach(p -> report(p, null));
    RoundResults results = new RoundResults();
    Map<TypeElement, GeneratedNames> names = new LinkedHashMap<>();
    java.util.Set<ExecutableElement> seen = new java.util.HashSet<>();
    java.util.Deque<ExecutableElement> work = new java.util.ArrayDeque<>();
    byClass.values().forEach(work::addAll);
    seen.addAll(work);
    // Annotated methods first, then the helpers they call (and the helpers' helpers).
    while (!work.isEmpty()) {
      ExecutableElement method = work.poll();
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      differentiate(owner, method, names.computeIfAbsent(owner, k -> new GeneratedNames()), results);
      for (ExecutableElement helper : frontEnd.takeDiscoveredHelpers()) {
        if (seen.add(helper)) {
          work.add(helper);
        }
      }
    }
    var writable = results.writable();
    var jvps = results.writableJvps(writable.keySet());
    var hvps = results.writableHvps(jvps);
    for (var entry : writable.entrySet()) {
      write(entry.getKey(), entry.getValue(), jvps.getOrDefault(entry.getKey(), List.of()),
          hvps.getOrDefault(entry.getKey(), List.of()));
    }
    if (report != null) {
      try {
        report.write();
      } catch (IOException e) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING,
            "Adjoint could not write its review report: " + e.getMessage());
      }
    }
  }

  private void differentiate(TypeElement owner, ExecutableElement method, GeneratedNames names,
      RoundResults results) {
    try {
      Function f = frontEnd.read(method);
      names.claim(f);
      Function lowered = Lowering.lower(f);
      Analysis analysis = Analysis.of(lowered, settings);
      checkCallersSeeWrites(method, lowered, analysis);
      VjpFunction vjp = ReverseMode.transform(lowered, analysis, settings);
      results.add(owner, MethodSplitting.apply(scalarReplacement(vjp), settings));
      VjpFunction inOut = ReverseMode.transformInOut(lowered, analysis, settings);
      if (inOut != null) {
        results.add(owner, MethodSplitting.apply(scalarReplacement(inOut), settings));
      }
      forwardMode(owner, lowered, results);
      secondOrder(owner, lowered, analysis, results);
      List<Trap> traps = warnOfTraps(method);
      review(owner, method, lowered, analysis, vjp.split(), traps);
    } catch (ProblemException problem) {
      report(problem.problem(), method);
      results.failed(owner);
    } catch (RuntimeException bug) {
      // A bug of ours: say so on the method, without a stack trace, and write nothing for it.
      // Maintainers can ask for the trace with javac -J-Dadjoint.debug=true.
      if (Boolean.getBoolean("adjoint.debug")) {
        bug.printStackTrace();
      }
      error(method, Message.INTERNAL.format(bug));
      results.failed(owner);
    } catch (Error error) {
      // Out of stack or memory (or a bug): an error on the method, never a trace out of javac.
      if (Boolean.getBoolean("adjoint.debug")) {
        error.printStackTrace();
      }
      error(method, outOfResources(error, "differentiating " + owner.getSimpleName() + "." + method.getSimpleName()));
      results.failed(owner);
    }
  }

  private static String outOfResources(Error error, Object what) {
    if (error instanceof StackOverflowError) {
      return Message.OUT_OF_STACK.format(what);
    }
    if (error instanceof OutOfMemoryError) {
      return Message.OUT_OF_MEMORY.format(what);
    }
    return Message.INTERNAL.format(error);
  }

  /**
   * Adds {@code f}'s JVP, if forward mode handles everything it does (else {@code f} has only
   * reverse mode, and so do the JVPs calling it).
   */
  private void forwardMode(TypeElement owner, Function f, RoundResults results) {
    java.util.Set<String> calls = new java.util.HashSet<>();
    try {
      JvpFunction jvp = ForwardMode.transform(f, has(Names::jvpMethodName, calls));
      results.addJvp(owner, MethodSplitting.apply(jvp, settings), calls);
    } catch (ForwardMode.Unsupported unsupported) {
      // Reverse mode stands alone; the README lists what forward mode does not cover yet.
      if (Boolean.getBoolean("adjoint.debug")) {
        System.err.println("adjoint: no mJvp for " + f.displayName() + ": " + unsupported.getMessage());
      }
    } catch (RuntimeException | StackOverflowError bug) {
      // A bug of forward mode must not cost the method its gradient; the fuzzer counts methods
      // without mJvp, and -J-Dadjoint.debug=true shows the trace.
      if (Boolean.getBoolean("adjoint.debug")) {
        bug.printStackTrace();
      }
    }
  }

  /**
   * Whether a callee's {@code _Grad} has (or, differentiated in this round, may get) the method
   * {@code member} names; a callee of this round goes into {@code calls}, for {@link RoundResults}
   * to check once the round knows what it writes.
   */
  private java.util.function.Predicate<dev.adjoint.processor.ir.Callee> has(
      java.util.function.UnaryOperator<String> member, java.util.Set<String> calls) {
    return callee -> {
      var elements = processingEnv.getElementUtils();
      TypeElement calleeClass = elements.getTypeElement(callee.owner().qualifiedName());
      if (calleeClass != null && trees.get().getTree(calleeClass) != null) {
        calls.add(RoundResults.key(callee.owner(), callee.name()));
        return true;
      }
      TypeElement grad = elements.getTypeElement(callee.owner().gradClass().qualifiedName());
      return grad != null && javax.lang.model.util.ElementFilter.methodsIn(grad.getEnclosedElements()).stream()
          .anyMatch(m -> m.getSimpleName().contentEquals(member.apply(callee.name())));
    };
  }

  /**
   * Adds {@code f}'s second-order members: forward mode over its VJP, its split halves and its
   * {@code mVjpInOut}, all of which callers use. If forward mode does not handle one, {@code f}
   * has none, and neither do the methods calling it.
   */
  private void secondOrder(TypeElement owner, Function f, Analysis analysis, RoundResults results) {
    java.util.Set<String> jvpCalls = new java.util.HashSet<>();
    java.util.Set<String> hvpCalls = new java.util.HashSet<>();
    var hasJvp = has(Names::jvpMethodName, jvpCalls);
    var hasHvp = has(Names::vjpTangentMethodName, hvpCalls);
    // Tape sites named whatever the option says: forward mode pairs each pop with its push by them.
    // Calls that write arrays stay joint here: there are no tangents of split in-out sweeps.
    java.util.Set<Optimization> enabled = java.util.EnumSet.noneOf(Optimization.class);
    enabled.addAll(settings.enabled());
    enabled.remove(Optimization.SPLIT_IN_OUT);
    Settings named = new Settings(enabled, true, settings.splitAbove());
    try {
      List<HvpFunction> hvps = new ArrayList<>();
      hvps.add(MethodSplitting.apply(
          ForwardMode.transform(scalarReplacement(ReverseMode.transform(f, analysis, named)), hasJvp, hasHvp,
              settings.checkTape()), settings));
      VjpFunction inOut = ReverseMode.transformInOut(f, analysis, named);
      if (inOut != null) {
        hvps.add(MethodSplitting.apply(ForwardMode.transform(scalarReplacement(inOut), hasJvp, hasHvp,
            settings.checkTape()), settings));
      }
      jvpCalls.add(RoundResults.key(f));
      results.addHvps(owner, hvps, jvpCalls, hvpCalls);
    } catch (ForwardMode.Unsupported unsupported) {
      if (Boolean.getBoolean("adjoint.debug")) {
        System.err.println("adjoint: no mHvp for " + f.displayName() + ": " + unsupported.getMessage());
      }
    } catch (RuntimeException | StackOverflowError bug) {
      // As in forwardMode: a bug here, or a method too deep for this stack twice over (the VJP's
      // IR is larger than the method's), must not cost the method its gradient.
      if (Boolean.getBoolean("adjoint.debug")) {
        bug.printStackTrace();
      }
    }
  }

  private VjpFunction scalarReplacement(VjpFunction vjp) {
    return settings.on(Optimization.SCALAR_REPLACEMENT) ? ScalarReplacement.apply(vjp) : vjp;
  }

  /**
   * Callers of {@code f} learn which arrays it writes into from its source alone (they may be
   * differentiated first); the differentiation of {@code f} itself must find the same, or a
   * caller would take the wrong adjoint for them.
   */
  private void checkCallersSeeWrites(ExecutableElement method, Function f, Analysis analysis) {
    java.util.Set<String> seen = frontEnd.writtenArrayParameters(method);
    java.util.Set<String> written = new java.util.TreeSet<>();
    f.params().stream().filter(analysis.writtenArrays()::contains).forEach(p -> written.add(p.name()));
    if (!seen.containsAll(written)) {
      written.removeAll(seen);
      throw new ProblemException(f.origin(), Message.HIDDEN_ARRAY_WRITE, f.name(), written.iterator().next());
    }
    if (!written.containsAll(seen)) {
      throw new ProblemException(f.origin(), Message.UNSEEN_ARRAY_WRITE, f.name());
    }
  }

  private void write(TypeElement owner, List<VjpFunction> vjps, List<JvpFunction> jvps, List<HvpFunction> hvps) {
    TypeRef ref = vjps.get(0).primal().owner();
    try {
      java.util.Set<String> vectorFunctions = new java.util.HashSet<>();
      for (Element e : owner.getEnclosedElements()) {
        if (e instanceof ExecutableElement m && FrontEnd.isVectorFunction(m)) {
          vectorFunctions.add(m.getSimpleName().toString());
        }
      }
      JavaFile file = GradClassWriter.write(ref, vjps, jvps, hvps, vectorFunctions, AdjointProcessor.class.getName(),
          owner, settings,
          CompilationTarget.of(processingEnv, owner));
      file.writeTo(processingEnv.getFiler());
      if (report != null) {
        report.generated(owner.getQualifiedName().toString(), file.toString());
      }
    } catch (IOException e) {
      error(owner, "Adjoint could not write " + ref.gradClass() + ": " + e.getMessage());
    } catch (RuntimeException | Error failure) {
      if (Boolean.getBoolean("adjoint.debug")) {
        failure.printStackTrace();
      }
      error(owner, failure instanceof Error e ? outOfResources(e, "writing " + ref.gradClass().qualifiedName())
          : Message.WRITE_FAILED.format(ref.gradClass().qualifiedName(), failure));
    }
  }

  /**
   * The derivative traps of an annotated method (not of the helpers it calls, whose parameters are
   * differentiated only as their callers need), as warnings, unless the option turns them off or
   * {@code @SuppressWarnings} on the method or a class around it names them.
   */
  private List<Trap> warnOfTraps(ExecutableElement method) {
    if (!isAnnotated(method)) {
      return List.of();
    }
    var path = trees.get().getPath(method);
    if (path == null || !(path.getLeaf() instanceof com.sun.source.tree.MethodTree tree)) {
      return List.of();
    }
    List<Trap> said = new ArrayList<>();
    try {
      for (Trap trap : DerivativeTraps.find(method, tree, path.getCompilationUnit())) {
        if (!suppressed(method, trap.kind())) {
          said.add(trap);
        }
      }
    } catch (RuntimeException | StackOverflowError bug) {
      // A warning is advice: a bug in finding traps must not cost the method its gradient.
      if (Boolean.getBoolean("adjoint.debug")) {
        bug.printStackTrace();
      }
      return List.of();
    }
    if (warnings) {
      for (Trap trap : said) {
        if (trap.origin() instanceof TreeOrigin at) {
          trees.get().printMessage(Diagnostic.Kind.WARNING, trap.text(), at.tree(), at.unit());
        }
      }
    }
    return said;
  }

  private static boolean isAnnotated(ExecutableElement method) {
    return method.getAnnotationMirrors().stream().anyMatch(
        a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION));
  }

  /** The method's page of the review report, if one was asked for ({@code -Aadjoint.report=DIR}). */
  private void review(TypeElement owner, ExecutableElement method, Function lowered, Analysis analysis,
      VjpFunction.Split split, List<Trap> traps) {
    if (report == null) {
      return;
    }
    var path = trees.get().getPath(method);
    if (path == null) {
      return;
    }
    try {
      var unit = path.getCompilationUnit();
      var positions = trees.get().getSourcePositions();
      long start = positions.getStartPosition(unit, path.getLeaf());
      long end = positions.getEndPosition(unit, path.getLeaf());
      CharSequence text = unit.getSourceFile().getCharContent(true);
      int firstLine = (int) unit.getLineMap().getLineNumber(start);
      long lineStart = unit.getLineMap().getStartPosition(firstLine);
      List<String> source = text.subSequence((int) lineStart, (int) end).toString().lines().toList();
      List<String> said = new ArrayList<>();
      for (Trap trap : traps) {
        long line = trap.origin() instanceof TreeOrigin at
            ? unit.getLineMap().getLineNumber(positions.getStartPosition(at.unit(), at.tree())) : 0;
        said.add("line " + line + ": " + trap.text());
      }
      String signature = owner.getSimpleName() + "." + method.getSimpleName() + "(" + method.getParameters().stream()
          .map(p -> p.asType() + " " + p.getSimpleName()).collect(java.util.stream.Collectors.joining(", ")) + ")"
          + (isAnnotated(method) ? "" : ", a helper differentiated for its callers");
      List<String> optimisations = dev.adjoint.processor.review.OptimisationEffects.of(settings, s -> {
        Analysis under = Analysis.of(lowered, s);
        VjpFunction vjp = ReverseMode.transform(lowered, under, s);
        vjp = MethodSplitting.apply(s.on(Optimization.SCALAR_REPLACEMENT) ? ScalarReplacement.apply(vjp) : vjp, s);
        return dev.adjoint.processor.codegen.GradClassWriter.vjpBodyText(vjp, s);
      });
      report.add(owner.getQualifiedName().toString(), dev.adjoint.processor.review.ReviewFacts.of(lowered, analysis,
          optimisations, signature, source, firstLine, said, split));
    } catch (IOException | RuntimeException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING,
          "Adjoint could not review " + method.getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Whether {@code @SuppressWarnings("adjoint")} or the kind's own key is on {@code element} or around it. */
  private static boolean suppressed(Element element, Trap.Kind kind) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
      if (suppress != null && java.util.Arrays.stream(suppress.value())
          .anyMatch(key -> key.equals("adjoint") || key.equals(kind.key()))) {
        return true;
      }
    }
    return false;
  }

  private void report(Problem problem, Element fallback) {
    if (problem.origin() instanceof TreeOrigin at && trees.isPresent()) {
      trees.get().printMessage(Diagnostic.Kind.ERROR, problem.message(), at.tree(), at.unit());
    } else {
      error(fallback, problem.message());
    }
  }

  private void error(Element element, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
  }
}
