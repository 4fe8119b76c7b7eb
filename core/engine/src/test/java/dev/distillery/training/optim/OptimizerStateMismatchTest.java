package dev.distillery.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading a state that belongs to another optimizer or other parameters fails clearly. */
class OptimizerStateMismatchTest {

  @Test
  void rejectsStateOfAnotherKindCountOrShape() throws IOException {
    try (LinearProblem problem = new LinearProblem();
        NDManager other = NDManager.newBaseManager();
        Optimizer sgd = new SgdOptimizer(problem.parameters(), 0.9, false, 0)) {
      problem.steps(sgd, 0.1, 0.1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      sgd.save(out);
      byte[] state = out.toByteArray();

      try (Optimizer adam = new AdamOptimizer(problem.parameters(), 0.9, 0.999, 1e-8, 0)) {
        assertThatThrownBy(() -> adam.load(new ByteArrayInputStream(state)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'sgd'")
            .hasMessageContaining("'adam'");
      }
      try (Optimizer fewer = new SgdOptimizer(List.of(problem.weight), 0.9, false, 0)) {
        assertThatThrownBy(() -> fewer.load(new ByteArrayInputStream(state)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("holds 2 parameters, this optimizer has 1");
      }
      Linear wider = Linear.builder().setUnits(5).build();
      wider.initialize(other, DataType.FLOAT32, new Shape(8, 4));
      List<Parameter> widerParameters =
          List.of(wider.getParameters().get("weight"), wider.getParameters().get("bias"));
      try (Optimizer mismatched = new SgdOptimizer(widerParameters, 0.9, false, 0)) {
        assertThatThrownBy(() -> mismatched.load(new ByteArrayInputStream(state)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'weight'")
            .hasMessageContaining("(3, 4)")
            .hasMessageContaining("(5, 4)");
      }
      try (Optimizer fresh = new SgdOptimizer(problem.parameters(), 0.9, false, 0)) {
        assertThatThrownBy(() -> fresh.load(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not an optimizer state");
        // a failed load leaves the state as it was: still all zeros, step counters 0
        ByteArrayOutputStream fresh1 = new ByteArrayOutputStream();
        fresh.save(fresh1);
        try (Optimizer untouched = new SgdOptimizer(problem.parameters(), 0.9, false, 0)) {
          ByteArrayOutputStream fresh2 = new ByteArrayOutputStream();
          untouched.save(fresh2);
          assertThat(fresh1.toByteArray()).isEqualTo(fresh2.toByteArray());
        }
      }
    }
  }
}
