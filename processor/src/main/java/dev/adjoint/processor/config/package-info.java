/**
 * What the processor options ask of every stage: which optimisations run, and whether generated
 * code checks its tape. Read once by the processor and handed down; no stage reads options itself.
 */
package dev.adjoint.processor.config;
