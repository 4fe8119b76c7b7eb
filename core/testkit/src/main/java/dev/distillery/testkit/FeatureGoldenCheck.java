package dev.distillery.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a feature method on the cases of its golden file: inputs named {@code student_<point>} and
 * {@code teacher_<point>} become stand-in networks with those feature points; the loss and the
 * gradient with respect to every student input are compared with {@link Closeness}. Returns the
 * problems (empty when every value is within tolerance) and prints each case's figures.
 */
public final class FeatureGoldenCheck {

  private static final String STUDENT = "student_";
  private static final String TEACHER = "teacher_";

  private FeatureGoldenCheck() {}

  /**
   * Checks {@code method} against {@code /golden/<method id>.json} on the test class path.
   *
   * @param minimumCases the least number of cases the file must hold (so a truncated file fails)
   * @return one line per value that is not close; empty when all are
   */
  public static <O> List<String> run(MethodPlugin<O> method, int minimumCases) throws Exception {
    GoldenFile golden = GoldenFile.load(method.id());
    assertThat(golden.method()).isEqualTo(method.id());
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(minimumCases);
    List<String> problems = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          O options = OptionsMapper.bind(goldenCase.options(), method.optionsType());
          Map<String, NDArray> student = goldenCase.arrays(STUDENT, scope);
          Map<String, NDArray> teacher = goldenCase.arrays(TEACHER, scope);
          if (student.size() + teacher.size() != goldenCase.inputs().size()) {
            throw new IllegalArgumentException(
                "golden case "
                    + goldenCase.name()
                    + " has inputs other than "
                    + STUDENT
                    + "* and "
                    + TEACHER
                    + "*: "
                    + goldenCase.inputs().keySet());
          }
          var studentNetwork = FeatureTestNetworks.of("student", student);
          var teacherNetwork = FeatureTestNetworks.of("teacher", teacher);
          DistillationLoss loss =
              method.create(options, new MethodSetup(teacherNetwork, studentNetwork, scope));
          assertThat(loss.name()).isEqualTo(method.id());
          student.values().forEach(array -> array.setRequiresGradient(true));

          float value =
              goldenCase.backward(
                  () ->
                      loss.compute(
                          FeatureTestNetworks.batch(
                              studentNetwork, student, teacherNetwork, teacher)));
          Map<String, NDArray> gradients = new LinkedHashMap<>();
          student.forEach((point, array) -> gradients.put(STUDENT + point, array.getGradient()));
          problems.addAll(goldenCase.compare(method.id(), value, gradients));
        }
      }
    }
    return problems;
  }
}
