package dev.adjoint.processor.frontend;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * What a method's {@code @CheckpointedLoop} asks: the label of the loop to reverse by binomial
 * checkpointing, and its snapshot budget (0 for the run-time default).
 */
record LoopCheckpoints(String label, int snapshots, AnnotationMirror mirror) {
  static final String ANNOTATION = "dev.adjoint.CheckpointedLoop";

  /** The method's {@code @CheckpointedLoop}, or null. */
  static LoopCheckpoints of(ExecutableElement method) {
    for (AnnotationMirror m : method.getAnnotationMirrors()) {
      if (!((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION)) {
        continue;
      }
      String label = null;
      int snapshots = 0;
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : m.getElementValues().entrySet()) {
        Object value = e.getValue().getValue();
        if (e.getKey().getSimpleName().contentEquals("value")) {
          label = value.toString();
        } else if (e.getKey().getSimpleName().contentEquals("snapshots") && value instanceof Integer n) {
          snapshots = n;
        }
      }
      return label == null ? null : new LoopCheckpoints(label, snapshots, m);
    }
    return null;
  }
}
