/**
 * Problems found in user code, as data: every stage reports through here, and the processor
 * turns them into javac errors on the exact expression. All message texts live in {@link
 * dev.adjoint.processor.report.Message}.
 */
package dev.adjoint.processor.report;
