package dev.adjoint.processor.ir;

/** The primitive types a differentiable method may use; only {@link #DOUBLE} carries derivatives. */
public enum Primitive implements Type {
  DOUBLE("double"),
  INT("int"),
  LONG("long"),
  BOOLEAN("boolean");

  private final String javaName;

  Primitive(String javaName) {
    this.javaName = javaName;
  }

  @Override
  public String javaName() {
    return javaName;
  }

  public boolean isNumeric() {
    return this != BOOLEAN;
  }

  /** The type of {@code a op b} under Java's binary numeric promotion. */
  public static Primitive promote(Primitive a, Primitive b) {
    if (a == DOUBLE || b == DOUBLE) {
      return DOUBLE;
    }
    if (a == LONG || b == LONG) {
      return LONG;
    }
    return INT;
  }
}
