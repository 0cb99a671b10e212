package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.LiveIn;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The product cut between its sweeps, for callers that run them apart ({@code mForward} and
 * {@code mReverse}, Tapenade's split mode). The forward half ends by keeping what the reverse half
 * reads before assigning it; the caller's adjoint arrays are set up at the start of the reverse
 * half (the forward half has no adjoint object), and the private copies of written array
 * parameters stay in the forward half.
 */
final class SplitHalves {
  private SplitHalves() {}

  /**
   * The joint halves of an {@code mVjpInOut} whose forward sweep cannot run apart: {@code
   * mForwardInOut} keeps the written arrays' contents ({@code pushes}, as {@code mVjpInOut}
   * keeps them at its entry) and runs the primal; {@code mReverseInOut} puts them back and runs
   * the whole {@code mVjpInOut}. The code generator adds the two calls.
   */
  static VjpFunction.Split jointInOut(Sweep sweep, List<Stmt.PushRange> pushes) {
    List<Stmt> popped = new ArrayList<>();
    for (int i = pushes.size() - 1; i >= 0; i--) {
      Stmt.PushRange push = pushes.get(i);
      popped.add(new Stmt.PopRange(push.stack(), push.array(), push.from(), push.count(), push.site()));
    }
    return new VjpFunction.Split(sweep.tape(), List.copyOf(pushes), List.of(), popped, true);
  }

  static VjpFunction.Split of(Sweep sweep, List<Stmt> forward, List<Stmt> parameters, List<Stmt> reverse) {
    List<Stmt> forwardHalf = new ArrayList<>();
    List<Stmt> reverseHalf = new ArrayList<>();
    Set<Stmt> setUp = Collections.newSetFromMap(new IdentityHashMap<>());
    parameters.stream().filter(s -> s instanceof Stmt.AllocateOutput || s instanceof Stmt.Declare)
        .forEach(setUp::add);
    for (Stmt s : forward) {
      (setUp.contains(s) ? reverseHalf : forwardHalf).add(s);
    }
    reverseHalf.addAll(reverse);
    // What the reverse sweep can see of the forward sweep's: its top-level variables (those
    // declared in blocks are out of scope there) and the parameters, as reassigned.
    Set<Var> defined = new LinkedHashSet<>();
    forwardHalf.stream().filter(Stmt.Declare.class::isInstance).map(s -> ((Stmt.Declare) s).var())
        .forEach(defined::add);
    Walk.statements(forwardHalf, s -> {
      if (s instanceof Stmt.Assign a && a.var().role() == Var.Role.PARAMETER) {
        defined.add(a.var());
      }
    });
    Set<Var> setUpVars = Walk.mentionedVars(List.copyOf(setUp));
    boolean forwardNeedsAdjoints = Walk.mentionedVars(forwardHalf).stream()
        .anyMatch(v -> setUpVars.contains(v) && !v.equals(sweep.seed) && !sweep.f.params().contains(v));
    if (forwardNeedsAdjoints) {
      // An array aliasing a parameter's row gets its adjoint from the caller's adjoint array,
      // which mForward has not got: the two halves are then the primal and the whole mVjp.
      return VjpFunction.Split.joint(sweep.tape());
    }
    // Only what the reverse half may read before assigning it travels on the tape; a loop
    // counter it sets afresh at each iteration is declared there instead.
    Set<Var> readFirst = LiveIn.of(reverseHalf);
    Set<Var> mentioned = Walk.mentionedVars(reverseHalf);
    List<Var> carried = defined.stream().filter(readFirst::contains).toList();
    List<Stmt> fresh = defined.stream()
        .filter(v -> mentioned.contains(v) && !readFirst.contains(v) && v.role() != Var.Role.PARAMETER)
        .<Stmt>map(v -> new Stmt.Declare(v, Exprs.zeroOf(v.type()), ""))
        .toList();
    TapeFrame frame = sweep.frame(true, false);
    if (!carried.isEmpty()) {
      String reverseName = sweep.inOut ? Names.reverseInOutMethodName(sweep.f.name())
          : Names.reverseMethodName(sweep.f.name());
      forwardHalf.add(new Stmt.Comment("What " + reverseName + " reads."));
    }
    carried.forEach(v -> frame.keepLocal(v, forwardHalf));
    List<Stmt> readBack = new ArrayList<>(frame.readBack());
    readBack.addAll(fresh);
    reverseHalf.addAll(0, readBack);
    return new VjpFunction.Split(sweep.tape(), forwardHalf, carried, reverseHalf, false);
  }
}
