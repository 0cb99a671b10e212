package dev.adjoint.processor;

import dev.adjoint.processor.codegen.Target;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads from javac's environment what the generated code of one class may use: records (source
 * level 16 and later) and the {@code @Generated} annotation (only where the class's module reads
 * {@code java.compiler}: a named module that requires only {@code dev.adjoint} does not, and
 * releases below 9 have no such annotation).
 */
final class CompilationTarget {
  static final String GENERATED = "javax.annotation.processing.Generated";

  private CompilationTarget() {}

  static Target of(ProcessingEnvironment env, TypeElement owner) {
    boolean records = env.getSourceVersion().compareTo(SourceVersion.RELEASE_16) >= 0;
    return new Target(records, sees(env.getElementUtils(), owner, GENERATED));
  }

  /** Whether code in {@code from}'s module can name the public class {@code name}. */
  static boolean sees(Elements elements, TypeElement from, String name) {
    ModuleElement module = elements.getModuleOf(from);
    if (module == null || module.isUnnamed()) {
      // No modules (release 8), or the unnamed module, which reads every module javac resolved;
      // what it cannot see, javac does not find.
      return elements.getTypeElement(name) != null;
    }
    for (TypeElement type : elements.getAllTypeElements(name)) {
      ModuleElement owner = elements.getModuleOf(type);
      if (owner != null && reads(module, owner) && exports(owner, elements.getPackageOf(type), module)) {
        return true;
      }
    }
    return false;
  }

  /**
   * JLS 7.7.1: a module reads java.base, the modules it requires (static ones included, at compile
   * time), and every module that one of those requires transitively, and so on.
   */
  private static boolean reads(ModuleElement module, ModuleElement target) {
    if (module.equals(target) || target.getQualifiedName().contentEquals("java.base")) {
      return true;
    }
    Set<ModuleElement> seen = new HashSet<>();
    Deque<ModuleElement> work = new ArrayDeque<>();
    for (ModuleElement.RequiresDirective r : ElementFilter.requiresIn(module.getDirectives())) {
      work.add(r.getDependency());
    }
    while (!work.isEmpty()) {
      ModuleElement read = work.poll();
      if (!seen.add(read)) {
        continue;
      }
      if (read.equals(target)) {
        return true;
      }
      for (ModuleElement.RequiresDirective r : ElementFilter.requiresIn(read.getDirectives())) {
        if (r.isTransitive()) {
          work.add(r.getDependency());
        }
      }
    }
    return false;
  }

  private static boolean exports(ModuleElement owner, PackageElement pkg, ModuleElement to) {
    if (owner.isUnnamed()) {
      return true;
    }
    for (ModuleElement.ExportsDirective e : ElementFilter.exportsIn(owner.getDirectives())) {
      if (e.getPackage().equals(pkg) && (e.getTargetModules() == null || e.getTargetModules().contains(to))) {
        return true;
      }
    }
    // An automatic module exports every package, and its descriptor lists none.
    return ElementFilter.exportsIn(owner.getDirectives()).isEmpty();
  }
}
