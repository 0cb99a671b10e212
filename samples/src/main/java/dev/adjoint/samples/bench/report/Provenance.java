package dev.adjoint.samples.bench.report;

import java.util.List;

/**
 * Where a report comes from, for its header: the result files, the machine and command of the run
 * (which JMH's JSON does not record), and the plot's path relative to the markdown file.
 */
record Provenance(List<String> resultFiles, String machine, String command, String plotPath) {}
