package dev.adjoint.processor.ir;

/** {@code double[]}, {@code double[][]}, {@code int[]} ...: an array of {@code dims} dimensions. */
public record ArrayType(Primitive element, int dims) implements Type {
  @Override
  public String javaName() {
    return element.javaName() + "[]".repeat(dims);
  }

  /** The type of {@code a[i]}. */
  public Type component() {
    return dims == 1 ? element : new ArrayType(element, dims - 1);
  }
}
