package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls of this method from differentiated code are checkpointed, as Tapenade's checkpointed
 * calls: the caller's forward sweep runs the method as written, recording nothing of it, and the
 * caller's reverse sweep runs the method's forward sweep again and at once its reverse sweep
 * ({@code mVjp}). What the method would have kept on the tape exists then only during that one
 * call's reverse, instead of from its call to its reverse: memory traded for one more run of
 * the method per call. The call's inputs are kept as any value the reverse sweep reads.
 *
 * <p>Without it, Adjoint runs calls in loops split (the forward sweep calls {@code mForward},
 * which leaves the callee's tape for {@code mReverse}) when the callee allows it. Measure with
 * {@link dev.adjoint.runtime.Tape#measure} to choose.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Checkpointed {}
