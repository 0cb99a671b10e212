package dev.adjoint.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.ir.StackType;
import dev.adjoint.processor.ir.Stmt;
import java.util.List;

/**
 * The body of a generated method that owns its use of the thread's tape ({@code mVjp}, {@code
 * mVjpTangent}): after the tape's declaration, {@code enter()}, and the rest in a {@code try}
 * whose {@code finally} calls {@code exit()}, so that an exception leaves no values on a tape
 * every gradient call of the thread shares. A body that declares no tape is written as it is.
 */
final class TapeGuard {
  private TapeGuard() {}

  /**
   * @param result the statement that ends the method (a {@code return}), or null for none
   * @param checkedName the method as the tape checker names it, when {@code settings} checks
   */
  static void write(List<Stmt> statements, StatementWriter writer, CodeBlock result, String checkedName,
      Settings settings, CodeBlock.Builder body) {
    if (statements.isEmpty() || !(statements.get(0) instanceof Stmt.Declare d)
        || !(d.var().type() instanceof StackType)) {
      writer.writeWithWorkspaces(statements, body);
      if (result != null) {
        body.addStatement(result);
      }
      return;
    }
    writer.write(statements.subList(0, 1), body);
    body.addStatement("$N.enter()", d.var().name());
    body.beginControlFlow("try");
    writer.writeWithWorkspaces(statements.subList(1, statements.size()), body);
    if (settings.checkTape()) {
      body.addStatement("$N.checkBalanced($S)", d.var().name(), checkedName);
    }
    if (result != null) {
      body.addStatement(result);
    }
    body.nextControlFlow("finally");
    body.addStatement("$N.exit()", d.var().name());
    body.endControlFlow();
  }
}
