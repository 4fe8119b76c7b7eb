package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.testkit.Closeness;
import dev.distillery.training.Networks;
import dev.distillery.training.ThreadGradientCollector;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The GAN losses equal PyTorch's on the same inputs, values and gradients, within {@link
 * Closeness#GOLDEN} ({@code src/test/python/make_gan_golden.py} wrote {@code
 * golden/gan-losses.json}): DCGAN's non-saturating losses, WGAN's critic and generator losses, the
 * joint distillation losses of Aguinaldo et al., and a whole WGAN-GP critic loss on the {@code
 * dcgan-discriminator} whose gradient penalty comes from {@link
 * ThreadGradientCollector#inputGradient} — the gradients of every discriminator parameter, the
 * penalty's second-order terms included.
 */
class GanLossesGoldenTest {

  private final List<String> problems = new ArrayList<>();

  private static JsonNode golden() throws IOException {
    try (InputStream in =
        GanLossesGoldenTest.class.getResourceAsStream("/golden/gan-losses.json")) {
      return OptionsMapper.mapper().readTree(in);
    }
  }

  private static NDArray tensor(NDManager manager, JsonNode node) {
    float[] data = new float[node.get("data").size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) node.get("data").get(i).asDouble();
    }
    long[] shape = new long[node.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = node.get("shape").get(i).asLong();
    }
    return manager.create(data, new Shape(shape));
  }

  private static float[] values(JsonNode node) {
    float[] data = new float[node.get("data").size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) node.get("data").get(i).asDouble();
    }
    return data;
  }

  private void check(String what, float[] actual, float[] expected) {
    Closeness closeness = Closeness.GOLDEN.compare(actual, expected);
    System.out.printf("%-62s %s%n", what, closeness);
    if (!closeness.close()) {
      problems.add(what + ": " + closeness);
    }
  }

  private void check(String what, double actual, double expected) {
    check(what, new float[] {(float) actual}, new float[] {(float) expected});
  }

  @Test
  void lossesOnScoresMatchPyTorch() throws IOException {
    for (JsonNode c : golden().get("scores")) {
      double alpha = c.get("alpha").asDouble();
      Map<String, Function<Map<String, NDArray>, NDArray>> losses = new LinkedHashMap<>();
      losses.put(
          "non-saturating.discriminator",
          in ->
              GanLosses.nonSaturatingDiscriminator(
                  GanLosses.score(in.get("real_logits")), GanLosses.score(in.get("fake_logits"))));
      losses.put(
          "non-saturating.generator",
          in -> GanLosses.nonSaturatingGenerator(GanLosses.score(in.get("fake_logits"))));
      losses.put(
          "wgan.critic",
          in ->
              GanLosses.wassersteinCritic(
                  GanLosses.score(in.get("real_logits")), GanLosses.score(in.get("fake_logits"))));
      losses.put(
          "wgan.generator",
          in -> GanLosses.wassersteinGenerator(GanLosses.score(in.get("fake_logits"))));
      losses.put(
          "joint.discriminator",
          in ->
              GanLosses.jointDiscriminator(
                  GanLosses.score(in.get("real_logits")),
                  GanLosses.score(in.get("fake_logits")),
                  alpha));
      losses.put(
          "joint.student",
          in ->
              GanLosses.jointStudent(
                  GanLosses.jointAdversarial(GanLosses.score(in.get("fake_logits"))),
                  GanLosses.meanSquaredError(in.get("images"), in.get("target")),
                  alpha));
      assertThat(losses.keySet()).containsExactlyElementsOf(() -> c.get("losses").fieldNames());
      for (var loss : losses.entrySet()) {
        JsonNode expected = c.get("losses").get(loss.getKey());
        try (NDManager manager = NDManager.newBaseManager();
            ThreadGradientCollector collector = new ThreadGradientCollector()) {
          Map<String, NDArray> inputs = new LinkedHashMap<>();
          c.get("inputs")
              .fields()
              .forEachRemaining(e -> inputs.put(e.getKey(), tensor(manager, e.getValue())));
          expected
              .get("gradients")
              .fieldNames()
              .forEachRemaining(name -> inputs.get(name).setRequiresGradient(true));
          NDArray value = loss.getValue().apply(inputs);
          collector.backward(value);
          String what = c.get("name").asText() + " " + loss.getKey();
          check(what, value.getFloat(), expected.get("value").asDouble());
          expected
              .get("gradients")
              .fields()
              .forEachRemaining(
                  g ->
                      check(
                          what + " d/d" + g.getKey(),
                          inputs.get(g.getKey()).getGradient().toFloatArray(),
                          values(g.getValue())));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void wganGpCriticGradientsMatchPyTorch() throws IOException {
    PluginRegistry plugins = PluginRegistry.discover(GanLossesGoldenTest.class.getClassLoader());
    for (JsonNode c : golden().get("penalty")) {
      try (NDManager manager = NDManager.newBaseManager()) {
        Network critic =
            Networks.create(
                plugins,
                "dcgan-discriminator",
                OptionsMapper.mapper().readTree("{\"width\": 2, \"batch-norm\": false}"),
                new ModelInput(1, 8, 8, 2));
        Networks.initialize(critic, manager, 1);
        // PyTorch's named_parameters() order is the blocks' parameter order
        List<Parameter> parameters = new ArrayList<>(critic.block().getParameters().values());
        List<String> names = new ArrayList<>();
        c.get("parameters").fieldNames().forEachRemaining(names::add);
        assertThat(parameters).hasSameSizeAs(names);
        for (int i = 0; i < names.size(); i++) {
          NDArray array = parameters.get(i).getArray();
          float[] data = values(c.get("parameters").get(names.get(i)));
          assertThat(array.size()).as(names.get(i)).isEqualTo(data.length);
          array.set(data);
        }
        ParameterStore store = new ParameterStore(manager, false);
        Function<NDArray, NDArray> score =
            images ->
                GanLosses.score(
                    critic.logits(critic.block().forward(store, new NDList(images), true)));
        NDArray real = tensor(manager, c.get("inputs").get("real"));
        NDArray fake = tensor(manager, c.get("inputs").get("fake"));
        NDArray epsilon = tensor(manager, c.get("inputs").get("epsilon")).reshape(-1, 1, 1, 1);
        String what = c.get("name").asText();
        try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
          NDArray criticLoss = GanLosses.wassersteinCritic(score.apply(real), score.apply(fake));
          NDArray mixed = real.mul(epsilon).add(fake.mul(epsilon.neg().add(1f))).stopGradient();
          mixed.setRequiresGradient(true);
          NDArray gradient =
              collector.inputGradient(
                  score.apply(mixed).sum(),
                  mixed,
                  parameters.stream().map(Parameter::getArray).toList());
          check(what + " input gradient", gradient.toFloatArray(), values(c.get("input_gradient")));
          NDArray penalty = GanLosses.gradientPenalty(gradient, c.get("weight").asDouble());
          check(what + " penalty", penalty.getFloat(), c.get("penalty").asDouble());
          check(what + " critic", criticLoss.getFloat(), c.get("critic").asDouble());
          collector.backward(criticLoss.add(penalty));
          for (int i = 0; i < names.size(); i++) {
            check(
                what + " d/d" + names.get(i),
                parameters.get(i).getArray().getGradient().toFloatArray(),
                values(c.get("gradients").get(names.get(i))));
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
