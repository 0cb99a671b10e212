package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.junit.jupiter.api.Test;

/**
 * Build tools hand processors a wrapped environment that {@code Trees.instance} rejects: Gradle
 * (a class with a {@code delegate} field) and IntelliJ (a dynamic proxy whose handler captured
 * {@code delegateTo}). The processor must see through both.
 */
class WrappedEnvironmentTest {

  @Test
  void worksBehindAGradleStyleWrapper() {
    assertDifferentiates(GradleStyle::new);
  }

  @Test
  void worksBehindAnIntellijStyleProxy() {
    assertDifferentiates(WrappedEnvironmentTest::intellijStyle);
  }

  private static void assertDifferentiates(UnaryOperator<ProcessingEnvironment> wrap) {
    Compilation compilation = javac()
        .withProcessors(new Wrapping(wrap))
        .compile(JavaFileObjects.forSourceString("p.Square", """
            package p;
            class Square {
              @dev.adjoint.Differentiable
              static double f(double x) { return x * x; }
            }
            """));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("p.Square_Grad").contentsAsUtf8String().contains("2.0 * (seed * x)");
  }

  private static ProcessingEnvironment intellijStyle(ProcessingEnvironment delegateTo) {
    // An anonymous handler capturing delegateTo has a field named val$delegateTo, like IntelliJ's.
    InvocationHandler handler = new InvocationHandler() {
      @Override
      public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        return method.invoke(delegateTo, args);
      }
    };
    return (ProcessingEnvironment) Proxy.newProxyInstance(WrappedEnvironmentTest.class.getClassLoader(),
        new Class<?>[] {ProcessingEnvironment.class}, handler);
  }

  /** Runs the real processor with a wrapped environment. */
  private static final class Wrapping extends AbstractProcessor {
    private final AdjointProcessor inner = new AdjointProcessor();
    private final UnaryOperator<ProcessingEnvironment> wrap;

    Wrapping(UnaryOperator<ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      inner.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }
  }

  private static final class GradleStyle implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;

    GradleStyle(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override
    public Map<String, String> getOptions() {
      return delegate.getOptions();
    }

    @Override
    public Messager getMessager() {
      return delegate.getMessager();
    }

    @Override
    public Filer getFiler() {
      return delegate.getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return delegate.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return delegate.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return delegate.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return delegate.getLocale();
    }
  }
}
