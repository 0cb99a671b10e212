package dev.adjoint.processor.ir;

/**
 * A variable: a parameter, a user local, or one a transformation introduced. Compared by
 * identity; names are unique within one function (the front end renames shadowing locals).
 */
public final class Var {
  /** What a variable is, which decides whether it can be an input of the derivative. */
  public enum Role {
    PARAMETER,
    LOCAL,
    SYNTHETIC
  }

  private final String name;
  private final Type type;
  private final Role role;
  private final boolean noDerivative;

  public Var(String name, Type type, Role role, boolean noDerivative) {
    this.name = name;
    this.type = type;
    this.role = role;
    this.noDerivative = noDerivative;
  }

  public static Var synthetic(String name, Type type) {
    return new Var(name, type, Role.SYNTHETIC, false);
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public Role role() {
    return role;
  }

  /** A parameter the derivative is taken with respect to. */
  public boolean isActiveInput() {
    return role == Role.PARAMETER && type.carriesDerivative() && !noDerivative;
  }

  @Override
  public String toString() {
    return name;
  }
}
