package dev.adjoint.samples.bench.report;

/** One of the suite's targets, judged on the data. */
record TargetCheck(String id, String description, Status status, String numbers) {

  enum Status {
    MET("met"),
    NOT_MET("**not met**"),
    /** Every part measured meets it, but some part was not measured. */
    PARTLY_MEASURED("met where measured; partly not measured"),
    NOT_MEASURED("not measured");

    final String text;

    Status(String text) {
      this.text = text;
    }
  }
}
