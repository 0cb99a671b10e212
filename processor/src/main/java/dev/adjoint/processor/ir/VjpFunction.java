package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The vector-Jacobian product of a {@link Function}: given the primal's arguments and a seed
 * for its result, {@code body} computes the value into {@code value} and hands {@code seed}
 * times each active parameter's partial to the caller's adjoint storage, named {@code
 * adjointParam}. With {@code inOut}, the adjoints of the arrays the function writes into are
 * replaced instead: in, the adjoint of their final contents; out, of the contents passed in. A
 * transformation's output, and so the input of any further one.
 *
 * <p>{@code split}, if not null, is the same product cut in two for callers (Tapenade's split
 * mode): the forward sweep, which ends by pushing the variables the reverse sweep reads, and the
 * reverse sweep, which starts by popping them.
 *
 * <p>{@code chunks}: the private methods that {@code body} and the split halves call, where they
 * were too long for one method (see {@link Chunks}); empty before that cut.
 */
public record VjpFunction(Function primal, Var seed, String adjointParam, List<Stmt> body, Var value,
    boolean inOut, Split split, List<Chunks> chunks) {
  public VjpFunction {
    body = List.copyOf(body);
    chunks = List.copyOf(chunks);
  }

  /** A product not cut into chunks (yet). */
  public VjpFunction(Function primal, Var seed, String adjointParam, List<Stmt> body, Var value, boolean inOut,
      Split split) {
    this(primal, seed, adjointParam, body, value, inOut, split, List.of());
  }

  /**
   * {@code forward} computes {@code value} and leaves on {@code tape} what {@code reverse}
   * reads, {@code carried} last; {@code reverse} pops {@code carried} first. With {@code joint},
   * the halves are the primal and the whole product instead (Tapenade's joint mode), for the
   * functions whose forward sweep cannot be separated from the caller's adjoint storage; an
   * in-out product's joint halves keep and put back the written arrays' contents, {@code
   * forward} and {@code reverse}, around them.
   */
  public record Split(Var tape, List<Stmt> forward, List<Var> carried, List<Stmt> reverse, boolean joint) {
    public Split {
      forward = List.copyOf(forward);
      carried = List.copyOf(carried);
      reverse = List.copyOf(reverse);
    }

    public static Split joint(Var tape) {
      return new Split(tape, List.of(), List.of(), List.of(), true);
    }
  }
}
