package dev.adjoint.processor.ir;

public enum UnaryOp {
  NEG("-"),
  PLUS("+"),
  NOT("!"),
  /** {@code ~} of an int or long. */
  COMPLEMENT("~");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
