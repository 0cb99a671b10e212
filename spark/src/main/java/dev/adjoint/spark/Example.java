package dev.adjoint.spark;

import java.io.Serializable;

/** One labelled example, as an RDD holds it. */
public record Example(double[] x, int label) implements Serializable {}
