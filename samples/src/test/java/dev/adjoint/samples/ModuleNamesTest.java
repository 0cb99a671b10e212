package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The module names of the artifacts, as a modular build sees them: the runtime is the named module
 * {@code dev.adjoint}; the processor jar, which has no module-info, the automatic module
 * {@code dev.adjoint.processor} (its file name would give {@code adjoint.processor}).
 */
class ModuleNamesTest {
  private static ModuleDescriptor moduleAt(Class<?> c) throws Exception {
    Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<ModuleReference> found = ModuleFinder.of(location).findAll();
    assertEquals(1, found.size(), location.toString());
    return found.iterator().next().descriptor();
  }

  @Test
  void theRuntimeIsModuleDevAdjoint() throws Exception {
    ModuleDescriptor runtime = moduleAt(Differentiable.class);
    assertEquals("dev.adjoint", runtime.name());
    assertFalse(runtime.isAutomatic());
    assertEquals(Set.of("dev.adjoint", "dev.adjoint.runtime"), runtime.packages());
  }

  @Test
  void theProcessorJarNamesItsAutomaticModule() throws Exception {
    Path location = Path.of(AdjointProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // Only a jar has a manifest: the reactor hands over target/classes before the package phase.
    assumeTrue(Files.isRegularFile(location), "the processor is not packaged in this build: " + location);
    ModuleDescriptor processor = moduleAt(AdjointProcessor.class);
    assertTrue(processor.isAutomatic());
    assertEquals("dev.adjoint.processor", processor.name());
  }
}
