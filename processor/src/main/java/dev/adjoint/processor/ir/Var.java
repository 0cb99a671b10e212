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
  private final boolean declaredFloat;

  public Var(String name, Type type, Role role, boolean noDerivative) {
    this(name, type, role, noDerivative, false);
  }

  /**
   * {@code declaredFloat}: a parameter the user declared {@code float}, which the IR carries in
   * a double; generated calls of the user's method pass it as {@code (float) x}.
   */
  public Var(String name, Type type, Role role, boolean noDerivative, boolean declaredFloat) {
    this.name = name;
    this.type = type;
    this.role = role;
    this.noDerivative = noDerivative;
    this.declaredFloat = declaredFloat;
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

  public boolean declaredFloat() {
    return declaredFloat;
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
