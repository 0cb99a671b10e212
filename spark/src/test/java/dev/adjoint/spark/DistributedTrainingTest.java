package dev.adjoint.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark in {@code local[2]} mode (two executor threads, four partitions): the distributed gradient
 * is the single-machine one to 1e-12, and training on Spark reaches the accuracy of training on one
 * machine (the same model, to rounding).
 */
class DistributedTrainingTest {
  private static JavaSparkContext spark;
  private static final List<Example> DATA = DistributedTraining.data(2000, 5, 42);

  @BeforeAll
  static void start() {
    spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("adjoint")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    spark.setLogLevel("ERROR");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void distributedGradientIsTheSingleMachineOne() {
    JavaRDD<Example> rdd = spark.parallelize(DATA, 4);
    double[] w = {0.3, -0.2, 0.5, 0.1, -0.4};
    double b = 0.05;
    double[] distributed = DistributedTraining.gradient(rdd, w, b);
    double[] single = DistributedTraining.gradient(DATA, w, b);
    for (int i = 0; i < single.length; i++) {
      assertEquals(single[i], distributed[i], 1e-12 * Math.max(1, Math.abs(single[i])), "component " + i);
    }
    // and the single-machine sum is the sum of the loss's own derivatives: d/db by differences
    double h = 1e-6;
    double plus = DistributedTraining.gradient(DATA, w, b + h)[0];
    double minus = DistributedTraining.gradient(DATA, w, b - h)[0];
    assertEquals((plus - minus) / (2 * h), single[w.length + 1], 1e-6 * Math.max(1, Math.abs(single[w.length + 1])));
  }

  @Test
  void trainsToTheSingleMachineAccuracy() {
    JavaRDD<Example> rdd = spark.parallelize(DATA, 4).cache();
    double[] distributed = DistributedTraining.train(rdd, DATA.size(), 5, 60, 2.0);
    double[] single = DistributedTraining.train(DATA, 5, 60, 2.0);
    for (int i = 0; i < single.length; i++) {
      assertEquals(single[i], distributed[i], 1e-9, "model component " + i);
    }
    double accuracy = DistributedTraining.accuracy(DATA, distributed);
    assertEquals(DistributedTraining.accuracy(DATA, single), accuracy, 0.0);
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
  }
}
