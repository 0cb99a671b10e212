package dev.adjoint.processor.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * A test-only annotation processor that runs <em>before</em> the processor under test and records,
 * from javac's own model of the sources, the parameters of every {@code @Differentiable} method:
 * name, type and whether it is annotated {@code @NoDerivative}.
 *
 * <p>{@code @NoDerivative} has CLASS retention, so reflection cannot see it; this recorder gives the
 * harness an independent source of truth for which parameters are active. It never claims the
 * annotation, so the processor under test still sees it.
 */
final class ParameterRecorder extends AbstractProcessor {

  /** One parameter of a {@code @Differentiable} method as written by the user. */
  record Param(String name, String type, boolean noDerivative) {
    /**
     * Active = of type {@code double}, {@code double[]} or {@code double[][]} and not {@code
     * @NoDerivative}.
     */
    boolean active() {
      return isDifferentiableType(type) && !noDerivative;
    }

    /** The Java class of the parameter's type, for the types the harness passes. */
    Class<?> javaClass() {
      return switch (type) {
        case "double" -> double.class;
        case "double[]" -> double[].class;
        case "double[][]" -> double[][].class;
        case "int" -> int.class;
        case "long" -> long.class;
        case "boolean" -> boolean.class;
        case "int[]" -> int[].class;
        case "long[]" -> long[].class;
        case "boolean[]" -> boolean[].class;
        default -> null;
      };
    }
  }

  /** double, double[] and double[][] parameters carry derivatives (unless @NoDerivative). */
  static boolean isDifferentiableType(String type) {
    return type.equals("double") || type.equals("double[]") || type.equals("double[][]");
  }

  /** Keyed by "binaryClassName#methodName". */
  private final Map<String, List<Param>> methods = new LinkedHashMap<>();

  private final Map<String, Integer> overloads = new LinkedHashMap<>();

  Map<String, List<Param>> methods() {
    return methods;
  }

  boolean isOverloaded(String key) {
    return overloads.getOrDefault(key, 0) > 1;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.adjoint.Differentiable");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    for (TypeElement annotation : annotations) {
      for (Element element : roundEnv.getElementsAnnotatedWith(annotation)) {
        if (element.getKind() != ElementKind.METHOD) {
          continue;
        }
        ExecutableElement method = (ExecutableElement) element;
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        String key =
            processingEnv.getElementUtils().getBinaryName(owner)
                + "#"
                + method.getSimpleName();
        List<Param> params = new ArrayList<>();
        for (VariableElement p : method.getParameters()) {
          boolean noDerivative = false;
          for (AnnotationMirror mirror : p.getAnnotationMirrors()) {
            TypeElement annType = (TypeElement) mirror.getAnnotationType().asElement();
            if (annType.getQualifiedName().contentEquals("dev.adjoint.NoDerivative")) {
              noDerivative = true;
            }
          }
          String type =
              p.asType().getKind() == TypeKind.DOUBLE ? "double" : p.asType().toString();
          params.add(new Param(p.getSimpleName().toString(), type, noDerivative));
        }
        overloads.merge(key, 1, Integer::sum);
        methods.put(key, List.copyOf(params));
      }
    }
    // Never claim: the processor under test must see the annotation too.
    return false;
  }
}
