package dev.adjoint.processor.ir;

/** Binary operators, with the Java precedence the code generator parenthesises by. */
public enum BinaryOp {
  MUL("*", 12),
  DIV("/", 12),
  REM("%", 12),
  ADD("+", 11),
  SUB("-", 11),
  LT("<", 9),
  GT(">", 9),
  LE("<=", 9),
  GE(">=", 9),
  EQ("==", 8),
  NE("!=", 8),
  AND("&&", 4),
  OR("||", 3),
  // Bitwise and shift operators of ints and longs (and &, |, ^ of booleans, both sides evaluated):
  // no derivative flows through them.
  SHL("<<", 10),
  SHR(">>", 10),
  USHR(">>>", 10),
  BIT_AND("&", 7),
  BIT_XOR("^", 6),
  BIT_OR("|", 5);

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isArithmetic() {
    return precedence >= 11;
  }

  /** {@code << >> >>> & ^ |}. */
  public boolean isBitwise() {
    return this == SHL || this == SHR || this == USHR || this == BIT_AND || this == BIT_XOR || this == BIT_OR;
  }

  /** Whether {@code a op (b op c)} equals {@code (a op b) op c}, so no parentheses are needed. */
  public boolean isAssociative() {
    return this == ADD || this == MUL || this == AND || this == OR;
  }
}
