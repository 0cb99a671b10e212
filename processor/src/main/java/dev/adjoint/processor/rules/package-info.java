/** The one table of derivative rules for {@code java.lang.Math} and {@code StrictMath}. */
package dev.adjoint.processor.rules;
