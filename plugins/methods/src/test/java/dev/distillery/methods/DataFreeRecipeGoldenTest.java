package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.DataFreeRecipe;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.DataFreeSetup;
import dev.distillery.spi.DataFreeStep;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.GoldenFile;
import dev.distillery.training.ThreadGradientCollector;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code dafl} and {@code dfad} recipes against their reference code on the cases of {@code
 * golden/datafree-<recipe>.json} (from {@code src/test/python/make_datafree_golden.py}): one
 * iteration of the plugin's recipe, run through a {@link DataFreeStep} that hands out the case's
 * generated batches and records every loss it is asked to minimise — its value, the gradient with
 * respect to the generated images (what the generator receives) and to the student's weights —
 * instead of stepping. Teacher and student are stand-ins (a two-layer teacher whose hidden layer is
 * the feature before its classifier, a linear student). Everything within {@link Closeness#GOLDEN}.
 */
public class DataFreeRecipeGoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"dafl", "dfad"})
  void oneIterationMatchesTheReference(String recipeId) throws Exception {
    JsonNode root = read("/golden/datafree-" + recipeId + ".json");
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    DataFreeRecipePlugin<?> plugin = plugins.recipe(recipeId).orElseThrow();
    List<String> problems = new ArrayList<>();
    for (JsonNode node : root.get("cases")) {
      String name = recipeId + " " + node.get("name").asText();
      Map<String, GoldenFile.Tensor> inputs = GoldenFile.tensors(node.get("inputs"));
      try (NDManager manager = NDManager.newBaseManager()) {
        Network teacher = teacher(inputs, manager);
        NDArray weight = inputs.get("student_weight").toNDArray(manager);
        NDArray bias = inputs.get("student_bias").toNDArray(manager);
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
        Network student = student(weight, bias);
        GeneratorNetwork generator =
            new GeneratorNetwork(
                "stand-in", new LambdaBlock(x -> x), 1, new ImageShape(1, 4, 4), 0);
        DataFreeRecipe recipe =
            create(
                plugin,
                node.get("options"),
                new DataFreeSetup(teacher, student, generator, manager));
        Recording step = new Recording(manager, inputs, teacher, student, weight, bias);
        Map<String, NDArray> terms;
        try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
          step.collector = collector;
          terms = recipe.iterate(step);
        }
        JsonNode expectedSteps = node.get("steps");
        assertThat(step.steps).as(name + " steps").hasSize(expectedSteps.size());
        for (int i = 0; i < expectedSteps.size(); i++) {
          JsonNode expected = expectedSteps.get(i);
          Recording.Step actual = step.steps.get(i);
          List<String> players = new ArrayList<>();
          expected.get("players").forEach(p -> players.add(p.asText()));
          assertThat(actual.players()).as(name + " step " + i).isEqualTo(players);
          check(
              problems,
              name + " step " + i + " loss",
              new float[] {actual.loss()},
              new float[] {(float) expected.get("loss").doubleValue()});
          Map<String, GoldenFile.Tensor> gradients = GoldenFile.tensors(expected.get("gradients"));
          assertThat(actual.gradients().keySet())
              .as(name + " step " + i)
              .containsExactlyInAnyOrderElementsOf(gradients.keySet());
          for (var entry : gradients.entrySet()) {
            check(
                problems,
                name + " step " + i + " gradient " + entry.getKey(),
                actual.gradients().get(entry.getKey()),
                entry.getValue().data());
          }
        }
        JsonNode expectedTerms = node.get("terms");
        List<String> names = new ArrayList<>();
        expectedTerms.fieldNames().forEachRemaining(names::add);
        assertThat(terms.keySet()).as(name + " terms").containsExactlyElementsOf(names);
        for (String term : names) {
          check(
              problems,
              name + " term " + term,
              new float[] {terms.get(term).getFloat()},
              new float[] {(float) expectedTerms.get(term).doubleValue()});
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void check(List<String> problems, String what, float[] actual, float[] expected) {
    Closeness closeness = Closeness.GOLDEN.compare(actual, expected);
    System.out.printf("%-58s %s%n", what, closeness);
    if (!closeness.close()) {
      problems.add(what + ": " + closeness);
    }
  }

  /** feature = relu(flatten(x)·W1ᵀ + b1), logits = feature·W2ᵀ + b2; feeds its classifier. */
  private static Network teacher(Map<String, GoldenFile.Tensor> inputs, NDManager manager) {
    NDArray w1 = inputs.get("teacher_w1").toNDArray(manager);
    NDArray b1 = inputs.get("teacher_b1").toNDArray(manager);
    NDArray w2 = inputs.get("teacher_w2").toNDArray(manager);
    NDArray b2 = inputs.get("teacher_b2").toNDArray(manager);
    LambdaBlock block =
        new LambdaBlock(
            in -> {
              NDArray x = in.head();
              NDArray feature = x.reshape(x.getShape().get(0), -1).matMul(w1.transpose()).add(b1);
              feature = ai.djl.nn.Activation.relu(feature);
              return new NDList(feature, feature.matMul(w2.transpose()).add(b2));
            });
    return new Network("stand-in-teacher", block, new ModelInput(1, 4, 4, 5), List.of("feature"), 0)
        .withClassifierInput("feature");
  }

  /** logits = flatten(x)·Wᵀ + b, with W and b collecting gradients. */
  private static Network student(NDArray weight, NDArray bias) {
    LambdaBlock block =
        new LambdaBlock(
            in -> {
              NDArray x = in.head();
              return new NDList(
                  x.reshape(x.getShape().get(0), -1).matMul(weight.transpose()).add(bias));
            });
    return new Network("stand-in-student", block, new ModelInput(1, 4, 4, 5), List.of(), 0);
  }

  @SuppressWarnings("unchecked")
  private static <O> DataFreeRecipe create(
      DataFreeRecipePlugin<O> plugin, JsonNode options, DataFreeSetup setup) throws Exception {
    return plugin.create(OptionsMapper.bind(options, plugin.optionsType()), setup);
  }

  private static JsonNode read(String resource) throws IOException {
    try (InputStream in = DataFreeRecipeGoldenTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource
                + " is missing; run /usr/bin/python3"
                + " plugins/methods/src/test/python/make_datafree_golden.py");
      }
      return OptionsMapper.mapper().readTree(in);
    }
  }

  /** Hands out the case's batches and records each minimised loss and its gradients. */
  private static final class Recording implements DataFreeStep {

    record Step(List<String> players, float loss, Map<String, float[]> gradients) {}

    private final NDManager manager;
    private final Map<String, GoldenFile.Tensor> inputs;
    private final Network teacher;
    private final Network student;
    private final NDArray weight;
    private final NDArray bias;
    private final ParameterStore parameters;
    private final List<Step> steps = new ArrayList<>();
    private ThreadGradientCollector collector;
    private NDArray images;
    private int detached;

    Recording(
        NDManager manager,
        Map<String, GoldenFile.Tensor> inputs,
        Network teacher,
        Network student,
        NDArray weight,
        NDArray bias) {
      this.manager = manager;
      this.inputs = inputs;
      this.teacher = teacher;
      this.student = student;
      this.weight = weight;
      this.bias = bias;
      this.parameters = new ParameterStore(manager, false);
    }

    @Override
    public NDManager manager() {
      return manager;
    }

    @Override
    public int batchSize() {
      return (int) inputs.get("images").shape()[0];
    }

    @Override
    public long iteration() {
      return 0;
    }

    @Override
    public int epoch() {
      return 0;
    }

    @Override
    public NDArray latent() {
      return manager.zeros(new Shape(batchSize(), 1));
    }

    @Override
    public NDArray generate(NDArray latent) {
      images = inputs.get("images").toNDArray(manager);
      images.setRequiresGradient(true);
      return images;
    }

    @Override
    public NDArray generateDetached(NDArray latent) {
      return inputs.get("student_images_" + detached++).toNDArray(manager);
    }

    @Override
    public NDList teacher(NDArray x) {
      return teacher.block().forward(parameters, new NDList(x), false);
    }

    @Override
    public NDList student(NDArray x) {
      return student.block().forward(parameters, new NDList(x), true);
    }

    @Override
    public Network teacherNetwork() {
      return teacher;
    }

    @Override
    public Network studentNetwork() {
      return student;
    }

    @Override
    public void minimise(NDArray loss, Player... players) {
      float value = loss.getFloat();
      collector.backward(loss);
      List<Player> stepping = Arrays.asList(players);
      Map<String, float[]> gradients = new LinkedHashMap<>();
      if (stepping.contains(Player.GENERATOR)) {
        gradients.put("images", images.getGradient().toFloatArray());
      }
      if (stepping.contains(Player.STUDENT)) {
        gradients.put("student_weight", weight.getGradient().toFloatArray());
        gradients.put("student_bias", bias.getGradient().toFloatArray());
      }
      for (NDArray array : new NDArray[] {weight, bias, images}) {
        if (array != null && array.hasGradient()) {
          NDArray gradient = array.getGradient();
          gradient.subi(gradient);
        }
      }
      steps.add(
          new Step(stepping.stream().map(p -> p.name().toLowerCase()).toList(), value, gradients));
    }
  }
}
