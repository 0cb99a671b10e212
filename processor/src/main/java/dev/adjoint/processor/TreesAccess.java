package dev.adjoint.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's {@link Trees} behind the processing environment. Build tools wrap the
 * environment (Gradle's incremental processing, IntelliJ's proxy), and {@code Trees.instance}
 * only accepts javac's own; like Lombok, look through the wrappers.
 */
final class TreesAccess {
  private static final String[] DELEGATE_FIELDS = {"delegate", "processingEnv", "val$delegateTo", "delegateTo"};

  private TreesAccess() {}

  static Optional<Trees> find(ProcessingEnvironment env) {
    for (int depth = 0; env != null && depth < 8; depth++) {
      try {
        return Optional.of(Trees.instance(env));
      } catch (IllegalArgumentException | LinkageError notJavac) {
        env = unwrap(env);
      }
    }
    return Optional.empty();
  }

  private static ProcessingEnvironment unwrap(ProcessingEnvironment env) {
    Object holder = Proxy.isProxyClass(env.getClass()) ? Proxy.getInvocationHandler(env) : env;
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (String name : DELEGATE_FIELDS) {
        try {
          Field field = c.getDeclaredField(name);
          field.setAccessible(true);
          if (field.get(holder) instanceof ProcessingEnvironment inner) {
            return inner;
          }
        } catch (ReflectiveOperationException | RuntimeException absent) {
          // Not this wrapper's field; try the next name.
        }
      }
    }
    return null;
  }
}
