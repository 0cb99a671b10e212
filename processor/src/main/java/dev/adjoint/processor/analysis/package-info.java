/**
 * Analyses of an IR function that the transformations consult: which values carry derivatives
 * (activity) and which overwritten values the reverse sweep needs back (to-be-recorded).
 * Entry point: {@link dev.adjoint.processor.analysis.Analysis#of}.
 */
package dev.adjoint.processor.analysis;
