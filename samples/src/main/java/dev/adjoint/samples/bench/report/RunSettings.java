package dev.adjoint.samples.bench.report;

import java.util.List;

/** The JVM and JMH settings of one result, as JMH records them in its JSON. */
record RunSettings(
    String jdkVersion,
    String vmName,
    String vmVersion,
    String jvm,
    List<String> jvmArgs,
    String jmhVersion,
    int forks,
    int warmupIterations,
    String warmupTime,
    int measurementIterations,
    String measurementTime,
    int threads) {

  String describeJvm() {
    return vmName + " " + vmVersion + " (JDK " + jdkVersion + ", `" + jvm + "`), JVM options: "
        + (jvmArgs.isEmpty() ? "none" : "`" + String.join(" ", jvmArgs) + "`");
  }

  String describeJmh() {
    return "JMH " + jmhVersion + ", average time per call, "
        + plural(forks, "fork") + ", "
        + plural(warmupIterations, "warmup iteration") + " of " + warmupTime + ", "
        + plural(measurementIterations, "measurement iteration") + " of " + measurementTime + ", "
        + plural(threads, "thread");
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
