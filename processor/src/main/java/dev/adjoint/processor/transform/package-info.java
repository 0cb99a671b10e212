/**
 * Transformations of the IR. {@link dev.adjoint.processor.transform.ReverseMode} turns a function
 * into its vector-Jacobian product: a forward sweep that runs the primal and keeps what the
 * reverse sweep needs, then a reverse sweep that propagates adjoints statement by statement.
 */
package dev.adjoint.processor.transform;
