package dev.adjoint.processor.ir;

/**
 * Where an IR node came from in the user's source, as an opaque token: the front end creates
 * them and the processor turns them back into positioned javac diagnostics. Generated nodes use
 * {@link #NONE}.
 */
public interface Origin {
  Origin NONE = new Origin() {
    @Override
    public String toString() {
      return "<generated>";
    }
  };
}
