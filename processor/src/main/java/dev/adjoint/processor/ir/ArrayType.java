package dev.adjoint.processor.ir;

/**
 * {@code double[]}, {@code double[][]}, {@code int[]} ...: an array of {@code dims} dimensions.
 * {@code floats}: a {@code float[]} or {@code float[][]}, which the IR treats as an array of
 * doubles (its elements read as doubles that hold floats exactly, every store rounded to float by
 * the front end) but which stays a real float array in the generated code, so that the user's
 * arrays are passed and written as they are. Its derivatives (adjoints, tangents) are arrays of
 * doubles: {@link #derivative()}.
 */
public record ArrayType(Primitive element, int dims, boolean floats) implements Type {
  public ArrayType(Primitive element, int dims) {
    this(element, dims, false);
  }

  public ArrayType {
    if (floats && element != Primitive.DOUBLE) {
      throw new IllegalArgumentException("a float array is carried as one of doubles");
    }
  }

  @Override
  public String javaName() {
    return (floats ? "float" : element.javaName()) + "[]".repeat(dims);
  }

  /** The type of {@code a[i]}: a float element is carried in a double. */
  public Type component() {
    return dims == 1 ? element : new ArrayType(element, dims - 1, floats);
  }

  /** Whether {@code a[i]} is a float: a {@code float[]}, or a row of a {@code float[][]}. */
  public static boolean holdsFloats(Expr array) {
    return array.type() instanceof ArrayType t && t.floats() && t.dims() == 1;
  }

  /** The type of this array's adjoint or tangent: doubles, also for a float array. */
  public ArrayType derivative() {
    return floats ? new ArrayType(element, dims) : this;
  }
}
