/**
 * Adjoint's runtime: the annotations users write ({@code dev.adjoint}) and what generated code
 * calls ({@code dev.adjoint.runtime}). No dependencies. Its classes are compiled for Java 8, this
 * descriptor for Java 9, so the jar serves class-path users of any release from 8 on and modules
 * that {@code requires dev.adjoint}.
 */
module dev.adjoint {
  exports dev.adjoint;
  exports dev.adjoint.runtime;
}
