package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Decides whether a called method is differentiable and how: a {@code @Differentiable} method
 * of this compilation is described by its own declaration; one compiled earlier by the gradient
 * record of its {@code _Grad}, which says which parameters are active.
 */
final class CalleeResolver {
  static final String DIFFERENTIABLE = "dev.adjoint.Differentiable";
  static final String NO_DERIVATIVE = "dev.adjoint.NoDerivative";
  static final String CHECKPOINTED = "dev.adjoint.Checkpointed";

  private final Elements elements;
  private final com.sun.source.util.Trees trees;
  private final java.util.function.Consumer<ExecutableElement> discovered;
  /** The method whose calls this resolves, or null; with {@code calls}, which calls recurse. */
  private final ExecutableElement caller;
  private final CallGraph calls;

  /**
   * @param discovered told of each helper without {@code @Differentiable} whose source is in this
   *     compilation, which Adjoint then differentiates implicitly
   */
  CalleeResolver(Elements elements, com.sun.source.util.Trees trees,
      java.util.function.Consumer<ExecutableElement> discovered) {
    this(elements, trees, discovered, null, null);
  }

  /** A resolver for the calls in {@code caller}, which tells those that are part of a recursion. */
  CalleeResolver(Elements elements, com.sun.source.util.Trees trees,
      java.util.function.Consumer<ExecutableElement> discovered, ExecutableElement caller, CallGraph calls) {
    this.elements = elements;
    this.trees = trees;
    this.discovered = discovered;
    this.caller = caller;
    this.calls = calls;
  }

  /** The initialiser of a private table the generated class may hold a copy of ({@link PrivateTables}). */
  Optional<String> copyableTable(javax.lang.model.element.VariableElement field) {
    // Each answer scans the field's compilation unit: once per field, however often it is read.
    return copyableTables.computeIfAbsent(field, f -> PrivateTables.initializer(trees, f));
  }

  private final java.util.Map<javax.lang.model.element.VariableElement, Optional<String>> copyableTables =
      new java.util.HashMap<>();

  /** Whether javac compiles {@code method}'s source now, so Adjoint can read its body. */
  boolean hasSource(ExecutableElement method) {
    return trees.getPath(method) != null;
  }

  /**
   * The array parameters {@code method} writes elements of ({@code p[i] = ...}), directly or
   * through a local that refers to one of them or to one of their rows ({@code double[] row =
   * m[i]; row[j] = ...}), as far as its source shows; empty for a method without source here.
   * The processor checks it against what differentiating {@code method} finds, and rejects a
   * method that writes where this does not see (through a call of another method).
   */
  public Set<String> writtenArrayParameters(ExecutableElement method) {
    return writtenArrayParameters(method, new java.util.HashSet<>());
  }

  private Set<String> writtenArrayParameters(ExecutableElement method, Set<ExecutableElement> visiting) {
    var path = trees.getPath(method);
    if (path == null) {
      return Set.of();
    }
    // Which parameter each name may refer to: the parameters, then locals made to refer to them.
    java.util.Map<String, Set<String>> refersTo = new java.util.HashMap<>();
    method.getParameters().forEach(p -> refersTo.put(p.getSimpleName().toString(),
        new java.util.HashSet<>(Set.of(p.getSimpleName().toString()))));
    for (boolean changed = true; changed; ) {
      changed = aliasPass(path.getLeaf(), refersTo);
    }
    Set<String> written = new java.util.HashSet<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      private void target(com.sun.source.tree.ExpressionTree variable) {
        if (variable instanceof com.sun.source.tree.ArrayAccessTree) {
          for (String name : roots(variable)) {
            written.addAll(refersTo.getOrDefault(name, Set.of()));
          }
        }
      }

      @Override
      public Void visitAssignment(com.sun.source.tree.AssignmentTree t, Void unused) {
        target(t.getVariable());
        return super.visitAssignment(t, unused);
      }

      @Override
      public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree t, Void unused) {
        target(t.getVariable());
        return super.visitCompoundAssignment(t, unused);
      }

      @Override
      public Void visitUnary(com.sun.source.tree.UnaryTree t, Void unused) {
        // a[i]++ and the like write; -a[i] only reads.
        switch (t.getKind()) {
          case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> target(t.getExpression());
          default -> { }
        }
        return super.visitUnary(t, unused);
      }

      @Override
      public Void visitMethodInvocation(com.sun.source.tree.MethodInvocationTree t, Void unused) {
        // An argument passed to a parameter the callee writes into is written too.
        ExecutableElement callee = calledMethod(method, t);
        int bulkWrite = ArrayOperations.writtenArgument(t);
        if (bulkWrite >= 0 && bulkWrite < t.getArguments().size()) {
          for (String name : roots(t.getArguments().get(bulkWrite))) {
            written.addAll(refersTo.getOrDefault(name, Set.of()));
          }
        }
        if (callee != null && visiting.add(method)) {
          Set<String> calleeWrites = writtenArrayParameters(callee, visiting);
          visiting.remove(method);
          for (int i = 0; i < t.getArguments().size(); i++) {
            String param = callee.getParameters().get(i).getSimpleName().toString();
            if (calleeWrites.contains(param)) {
              for (String name : roots(t.getArguments().get(i))) {
                written.addAll(refersTo.getOrDefault(name, Set.of()));
              }
            }
          }
        }
        return super.visitMethodInvocation(t, unused);
      }
    }.scan(path.getLeaf(), null);
    return written;
  }

  /**
   * Whether a local of {@code method} refers to one of its array parameters or to a row of one
   * ({@code double[] row = m[i]}). Its adjoint then comes from the caller's adjoint array, which
   * a split call's forward half has not got: the halves would be the primal and the whole
   * product, each as dear as a joint call, and recursion through them exponential. Such a
   * callee runs joint.
   */
  private boolean aliasesParameterArrays(ExecutableElement method) {
    var path = trees.getPath(method);
    if (path == null) {
      return false;
    }
    java.util.Map<String, Set<String>> refersTo = new java.util.HashMap<>();
    Set<String> parameters = new java.util.HashSet<>();
    method.getParameters().forEach(p -> {
      String name = p.getSimpleName().toString();
      parameters.add(name);
      if (p.asType().getKind() == javax.lang.model.type.TypeKind.ARRAY) {
        refersTo.put(name, new java.util.HashSet<>(Set.of(name)));
      }
    });
    for (boolean changed = true; changed; ) {
      changed = aliasPass(path.getLeaf(), refersTo);
    }
    Set<String> arrayLocals = new java.util.HashSet<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(com.sun.source.tree.VariableTree t, Void unused) {
        // var is counted too: its type is not in the tree (a needless joint call costs time only).
        if (t.getType() == null || t.getType() instanceof com.sun.source.tree.ArrayTypeTree
            || t.getType().toString().equals("var")) {
          arrayLocals.add(t.getName().toString());
        }
        return super.visitVariable(t, unused);
      }
    }.scan(path.getLeaf(), null);
    return refersTo.keySet().stream().anyMatch(name -> !parameters.contains(name) && arrayLocals.contains(name));
  }

  /**
   * The method {@code call} in {@code caller} calls, if its source is here and its name and
   * argument count pick one: {@code f(...)} in {@code caller}'s class or one enclosing it, {@code
   * Owner.f(...)} in a class of the same package. Before attribution, nothing more precise exists;
   * a write this misses makes the processor reject the method (see writtenArrayParameters).
   */
  private ExecutableElement calledMethod(ExecutableElement caller, com.sun.source.tree.MethodInvocationTree call) {
    List<ExecutableElement> candidates = CallSites.candidates(elements, caller, call);
    return candidates.size() == 1 && hasSource(candidates.get(0)) ? candidates.get(0) : null;
  }

  /**
   * The variables whose arrays {@code e} may be, or be a row of: {@code a} of {@code a[i][j]}, both
   * of {@code c ? a : b}.
   */
  private static List<String> roots(com.sun.source.tree.ExpressionTree e) {
    while (e instanceof com.sun.source.tree.ArrayAccessTree || e instanceof com.sun.source.tree.ParenthesizedTree) {
      e = e instanceof com.sun.source.tree.ArrayAccessTree access ? access.getExpression()
          : ((com.sun.source.tree.ParenthesizedTree) e).getExpression();
    }
    if (e instanceof com.sun.source.tree.ConditionalExpressionTree c) {
      List<String> both = new java.util.ArrayList<>(roots(c.getTrueExpression()));
      both.addAll(roots(c.getFalseExpression()));
      return both;
    }
    return e instanceof com.sun.source.tree.IdentifierTree id ? List.of(id.getName().toString()) : List.of();
  }

  /**
   * Adds {@code b -> a} and {@code a -> b} for each {@code b = a}, {@code b = a[i]}, {@code b = c ?
   * a : d} or {@code b = a.clone()} of a matrix (shallow: b's rows are a's); whether anything was
   * added.
   */
  private static boolean aliasPass(com.sun.source.tree.Tree body, java.util.Map<String, Set<String>> refersTo) {
    boolean[] changed = {false};
    Set<String> matrices = new java.util.HashSet<>();
    Set<String> arrays = new java.util.HashSet<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(com.sun.source.tree.VariableTree t, Void unused) {
        if (t.getType() instanceof com.sun.source.tree.ArrayTypeTree outer) {
          arrays.add(t.getName().toString());
          if (outer.getType() instanceof com.sun.source.tree.ArrayTypeTree) {
            matrices.add(t.getName().toString());
          }
        }
        return super.visitVariable(t, unused);
      }
    }.scan(body, null);
    java.util.function.BiConsumer<String, com.sun.source.tree.ExpressionTree> alias = (name, assigned) -> {
      com.sun.source.tree.ExpressionTree value = assigned;
      if (matrices.contains(name) && value instanceof com.sun.source.tree.MethodInvocationTree call
          && call.getArguments().isEmpty() && call.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree select
          && select.getIdentifier().contentEquals("clone")) {
        value = select.getExpression();
      }
      for (String root : value == null ? List.<String>of() : roots(value)) {
        Set<String> targets = refersTo.get(root);
        if (targets != null) {
          changed[0] |= refersTo.computeIfAbsent(name, n -> new java.util.HashSet<>()).addAll(targets);
        }
        // Both ways for an array declared as one, as the IR's alias classes (analysis.Aliases)
        // are unions: after double[] r = c ? w : v, a write through w counts as one through v.
        // (Not for a number: double x = v[i] makes nothing refer to x.)
        Set<String> back = refersTo.get(name);
        if (back != null && arrays.contains(name)) {
          changed[0] |= refersTo.computeIfAbsent(root, n -> new java.util.HashSet<>()).addAll(back);
        }
      }
    };
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(com.sun.source.tree.VariableTree t, Void unused) {
        alias.accept(t.getName().toString(), t.getInitializer());
        return super.visitVariable(t, unused);
      }

      @Override
      public Void visitAssignment(com.sun.source.tree.AssignmentTree t, Void unused) {
        if (t.getVariable() instanceof com.sun.source.tree.IdentifierTree id) {
          alias.accept(id.getName().toString(), t.getExpression());
        }
        return super.visitAssignment(t, unused);
      }

      @Override
      public Void visitEnhancedForLoop(com.sun.source.tree.EnhancedForLoopTree t, Void unused) {
        // for (double[] row : m): row refers to the rows of m.
        alias.accept(t.getVariable().getName().toString(), t.getExpression());
        return super.visitEnhancedForLoop(t, unused);
      }
    }.scan(body, null);
    return changed[0];
  }

  static boolean hasAnnotation(Element element, String annotation) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code method}'s source is in {@code unit}, the file being differentiated. Only
   * then is a method without {@code @Differentiable} differentiated implicitly: its derivative
   * is regenerated whenever that file is compiled, and never goes stale when another file is
   * recompiled alone (Swift draws the same line).
   */
  private boolean inSameFile(ExecutableElement method, com.sun.source.tree.CompilationUnitTree unit) {
    var path = trees.getPath(method);
    return path != null && path.getCompilationUnit() == unit;
  }

  /**
   * A {@code @Differentiable} method compiled earlier without Adjoint: its {@code _Grad} class,
   * which the generated code would call, does not exist.
   */
  Optional<String> missingGrad(ExecutableElement method) {
    if (hasSource(method) || !hasAnnotation(method, DIFFERENTIABLE)) {
      return Optional.empty();
    }
    TypeRef owner = TypeRefs.of((TypeElement) method.getEnclosingElement(), elements);
    String grad = owner.gradClass().qualifiedName();
    if (elements.getTypeElement(grad) == null) {
      return Optional.of(grad);
    }
    String name = method.getSimpleName().toString();
    return compiledAdjointFields(owner, name).isPresent() && parameterNames(method, owner) != null
        ? Optional.empty() : Optional.of(grad + "." + Names.adjointClassName(name) + " (with one field per differentiated parameter)");
  }

  /**
   * How a call of {@code method} from code in {@code callerUnit} is differentiated; empty when it
   * is not (its value then counts as a constant, and the activity checks reject it if a
   * differentiated value flows into it).
   */
  Optional<Callee> resolve(ExecutableElement method, com.sun.source.tree.CompilationUnitTree callerUnit) {
    boolean instance = !method.getModifiers().contains(Modifier.STATIC);
    if (instance && !hasSource(method)) {
      return Optional.empty();
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    TypeRef ownerRef = TypeRefs.of(owner, elements);
    String name = method.getSimpleName().toString();
    if (!hasAnnotation(method, DIFFERENTIABLE)) {
      if (!inSameFile(method, callerUnit) || method.getModifiers().contains(Modifier.PRIVATE)
          || !(Primitives.carried(method.getReturnType()) == Primitive.DOUBLE
              || method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID
              || returnsDoubleArray(method)
              || RecordResults.returnedRecord(method) != null
              || (returnsValueWithoutDerivative(method) && !writtenArrayParameters(method).isEmpty()))) {
        // Not @Differentiable and not in this file: whatever an earlier build wrote into its
        // class's _Grad for it may be stale, so it is not used.
        return Optional.empty();
      }
      // A helper in the caller's file: differentiated implicitly, like Clad does.
      discovered.accept(method);
    }
    List<String> names = parameterNames(method, ownerRef);
    if (names == null) {
      return Optional.empty();
    }
    Set<String> written = writtenArrayParameters(method);
    List<Callee.Param> params = new ArrayList<>();
    if (instance) {
      params.add(new Callee.Param(Receivers.PARAM, Receivers.type(owner, elements), false, false, true));
    }
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      TypeElement record = Records.recordType(p.asType());
      if (record != null && hasSource(method)) {
        // As the callee's own front end takes it: p_x, p_y.
        List<Records.Component> components = new Records(elements, trees).components(record, trees.getTree(method),
            trees.getPath(method).getCompilationUnit());
        boolean active = !hasAnnotation(p, NO_DERIVATIVE);
        for (int k = 0; k < components.size(); k++) {
          Records.Component c = components.get(k);
          params.add(new Callee.Param(names.get(i) + "_" + c.name(), c.type(), active && c.type().carriesDerivative(),
              false, false, new Callee.RecordSlot(TypeRefs.of(record, elements), k, components.size()), c.isFloat()));
        }
        continue;
      }
      dev.adjoint.processor.ir.Type type = Primitives.carriedTypeOf(p.asType());
      if (type == null) {
        return Optional.empty();
      }
      params.add(new Callee.Param(names.get(i), type, isActive(p), written.contains(names.get(i)), false, null,
          p.asType().getKind() == javax.lang.model.type.TypeKind.FLOAT));
    }
    TypeElement record = RecordResults.returnedRecord(method);
    dev.adjoint.processor.ir.Type returns = record != null ? RecordResults.CARRIER
        : returnsDoubleArray(method) || returnsValueWithoutDerivative(method)
        ? Primitives.typeOf(method.getReturnType()) : Primitive.DOUBLE;
    // Split calls need the callee's mForward and mReverse: generated in this compilation with
    // the callee's source, looked up in a compiled _Grad otherwise (older ones lack them).
    // A checkpointed callee is called joint: its tape lives only during its call's reverse sweep.
    boolean checkpointed = hasAnnotation(method, CHECKPOINTED);
    boolean split = returns == Primitive.DOUBLE && !checkpointed
        && (hasSource(method) ? !aliasesParameterArrays(method) : compiledGradHas(ownerRef, Names.forwardMethodName(name)));
    boolean recursive = caller != null && hasSource(method) && calls.reaches(method, caller);
    boolean reachesRecursion = recursive || (calls != null && hasSource(method) && calls.reachesRecursion(method));
    // Split in-out sweeps likewise: their existence follows from the parameters with source.
    boolean splitInOut = !checkpointed && (hasSource(method) ? Callee.hasSplitInOut(params)
        : compiledGradHas(ownerRef, Names.forwardInOutMethodName(name)));
    Callee callee = new Callee(ownerRef, name, params, returns, split, recursive, reachesRecursion, splitInOut);
    if (record != null) {
      List<Records.Component> components = new Records(elements, trees).components(record, trees.getTree(method),
          trees.getPath(method).getCompilationUnit());
      if (RecordResults.uncarried(components) != null) {
        return Optional.empty();
      }
      callee = callee.withRecordResult(RecordResults.describe(record, components, elements));
    }
    return Optional.of(callee);
  }

  private static boolean isActive(VariableElement p) {
    return carries(p.asType()) && !hasAnnotation(p, NO_DERIVATIVE);
  }

  /**
   * The names the generated code uses for {@code method}'s parameters: its own, if its source is
   * here; otherwise, for the active ones, the fields of its compiled {@code MAdjoint} class in
   * order, since a class file keeps parameter names only when compiled with {@code -parameters}
   * (without it javac reads them as arg0, arg1, ...). Null if that class does not fit.
   */
  private List<String> parameterNames(ExecutableElement method, TypeRef owner) {
    List<String> names = new ArrayList<>();
    method.getParameters().forEach(p -> names.add(p.getSimpleName().toString()));
    if (hasSource(method)) {
      return names;
    }
    List<String> fields = compiledAdjointFields(owner, method.getSimpleName().toString()).orElse(null);
    long active = method.getParameters().stream().filter(CalleeResolver::isActive).count();
    if (fields == null || fields.size() != active) {
      return null;
    }
    int next = 0;
    for (int i = 0; i < names.size(); i++) {
      if (isActive(method.getParameters().get(i))) {
        names.set(i, fields.get(next++));
      }
    }
    return names;
  }

  /** Whether {@code method} returns an {@code int}, {@code long} or {@code boolean}. */
  static boolean returnsValueWithoutDerivative(ExecutableElement method) {
    Primitive p = Primitives.of(method.getReturnType());
    return p == Primitive.INT || p == Primitive.LONG || p == Primitive.BOOLEAN;
  }

  static boolean returnsDoubleArray(ExecutableElement method) {
    dev.adjoint.processor.ir.Type t = Primitives.typeOf(method.getReturnType());
    return t != null && t.isArray() && t.carriesDerivative();
  }

  private static boolean carries(javax.lang.model.type.TypeMirror type) {
    dev.adjoint.processor.ir.Type t = Primitives.carriedTypeOf(type);
    return t != null && t.carriesDerivative();
  }

  /**
   * A method compiled without source whose {@code _Grad} has {@code mVjpInOut}: it writes into
   * some of its arrays, and which ones its class files do not say.
   */
  boolean writesArraysUnseen(ExecutableElement method) {
    return !hasSource(method) && compiledGradHas(TypeRefs.of((TypeElement) method.getEnclosingElement(), elements),
        Names.vjpInOutMethodName(method.getSimpleName().toString()));
  }

  private boolean compiledGradHas(TypeRef owner, String methodName) {
    TypeElement grad = elements.getTypeElement(owner.gradClass().qualifiedName());
    return grad != null && ElementFilter.methodsIn(grad.getEnclosedElements()).stream()
        .anyMatch(m -> m.getSimpleName().contentEquals(methodName));
  }

  /**
   * The instance fields of {@code Owner_Grad.MAdjoint}, in declaration order: one per active
   * parameter, named after it. Class files keep field names (and order) always.
   */
  private Optional<List<String>> compiledAdjointFields(TypeRef owner, String method) {
    TypeElement grad = elements.getTypeElement(owner.gradClass().qualifiedName());
    if (grad == null) {
      return Optional.empty();
    }
    String adjointName = Names.adjointClassName(method);
    return ElementFilter.typesIn(grad.getEnclosedElements()).stream()
        .filter(t -> t.getSimpleName().contentEquals(adjointName))
        .findFirst()
        .map(adjoint -> ElementFilter.fieldsIn(adjoint.getEnclosedElements()).stream()
            // Private fields are the generated methods' scratch, not parameters.
            .filter(f -> !f.getModifiers().contains(Modifier.STATIC) && !f.getModifiers().contains(Modifier.PRIVATE))
            .map(f -> f.getSimpleName().toString())
            .toList());
  }
}
