package dev.distillery.factortransfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.GoldenFile;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ft loss and its gradient with respect to the student feature match the reference on the cases
 * of {@code golden/ft.json} — the authors' {@code Translator}, {@code Paraphraser} (mode 1), {@code
 * utils.FT} and {@code nn.L1Loss}, and RepDistiller's {@code FactorTransfer} with its BatchNorm
 * translator — within {@link Closeness}; the translator and paraphraser get the golden weights. The
 * paraphraser's forward pass (factor and reconstruction) matches the authors' module whose
 * transposed-convolution weights are mapped to convolutions, and its output shapes match the
 * reference's for several inputs and rates.
 */
public class FtGoldenTest {

  @Test
  void lossAndGradientMatchTheReference() throws Exception {
    GoldenFile golden = GoldenFile.load("ft");
    assertThat(golden.method()).isEqualTo("ft");
    assertThat(golden.cases()).hasSizeGreaterThanOrEqualTo(6);
    List<String> problems = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (GoldenFile.Case goldenCase : golden.cases()) {
        try (NDManager scope = manager.newSubManager()) {
          FtOptions options = OptionsMapper.bind(goldenCase.options(), FtOptions.class);
          NDArray student = goldenCase.input("student_feature").toNDArray(scope);
          NDArray teacher = goldenCase.input("teacher_feature").toNDArray(scope);
          long studentChannels = student.getShape().get(1);
          long teacherChannels = teacher.getShape().get(1);
          long factorChannels = goldenCase.input("translator_conv2_weight").shape()[0];

          FactorTranslator translator =
              new FactorTranslator(studentChannels, factorChannels, options.batchNorm());
          translator.initialize(scope, DataType.FLOAT32, student.getShape());
          for (int i = 0; i < 3; i++) {
            load(translator.convolutions().get(i), "weight", goldenCase, "translator_conv" + i);
            load(translator.convolutions().get(i), "bias", goldenCase, "translator_conv" + i);
          }
          assertThat(translator.batchNorms()).hasSize(options.repDistiller() ? 3 : 0);
          for (int i = 0; i < translator.batchNorms().size(); i++) {
            load(
                translator.batchNorms().get(i), "gamma", goldenCase, "translator_bn" + i, "weight");
            load(translator.batchNorms().get(i), "beta", goldenCase, "translator_bn" + i, "bias");
          }
          Paraphraser paraphraser = new Paraphraser(teacherChannels, factorChannels, false);
          paraphraser.initialize(scope, DataType.FLOAT32, teacher.getShape());
          for (int i = 0; i < 3; i++) {
            load(
                paraphraser.encoderConvolutions().get(i),
                "weight",
                goldenCase,
                "paraphraser_conv" + i);
            load(
                paraphraser.encoderConvolutions().get(i),
                "bias",
                goldenCase,
                "paraphraser_conv" + i);
          }
          paraphraser.freezeParameters(true);
          FtLoss loss = new FtLoss(options, translator, paraphraser);
          student.setRequiresGradient(true);

          float value = goldenCase.backward(() -> loss.compute(student, teacher, true));
          problems.addAll(
              goldenCase.compare("ft", value, Map.of("student_feature", student.getGradient())));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void paraphraserForwardMatchesTheAuthorsModule() throws Exception {
    JsonNode root = goldenJson();
    assertThat(root.get("paraphraser-cases")).hasSizeGreaterThanOrEqualTo(2);
    List<String> problems = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (JsonNode node : root.get("paraphraser-cases")) {
        try (NDManager scope = manager.newSubManager()) {
          JsonNode inputs = node.get("inputs");
          NDArray feature = tensor(inputs.get("feature"), scope);
          long channels = feature.getShape().get(1);
          long factorChannels = node.get("factor-channels").longValue();
          assertThat(Paraphraser.factorChannels(channels, node.get("rate").doubleValue()))
              .isEqualTo(factorChannels);
          Paraphraser paraphraser = new Paraphraser(channels, factorChannels, false);
          paraphraser.initialize(scope, DataType.FLOAT32, feature.getShape());
          for (int i = 0; i < 3; i++) {
            var conv = paraphraser.encoderConvolutions().get(i);
            set(conv, "weight", floats(inputs.get("paraphraser_conv" + i + "_weight")));
            set(conv, "bias", floats(inputs.get("paraphraser_conv" + i + "_bias")));
          }
          for (int i = 0; i < 3; i++) {
            var conv = paraphraser.decoderConvolutions().get(i);
            JsonNode transposed = inputs.get("paraphraser_conv" + (i + 3) + "_weight");
            set(conv, "weight", transposedToConvolution(transposed));
            set(conv, "bias", floats(inputs.get("paraphraser_conv" + (i + 3) + "_bias")));
          }
          NDList outputs =
              paraphraser.forward(new ParameterStore(scope, false), new NDList(feature), false);
          String name = node.get("name").asText();
          Closeness factor =
              Closeness.GOLDEN.compare(outputs.get(0).toFloatArray(), floats(node.get("factor")));
          Closeness reconstruction =
              Closeness.GOLDEN.compare(
                  outputs.get(1).toFloatArray(), floats(node.get("reconstruction")));
          System.out.printf(
              "paraphraser %-18s factor %s; reconstruction %s%n", name, factor, reconstruction);
          assertThat(outputs.get(0).getShape().getShape())
              .isEqualTo(shape(node.get("factor").get("shape")));
          assertThat(outputs.get(1).getShape().getShape())
              .isEqualTo(shape(node.get("reconstruction").get("shape")));
          if (!factor.close()) {
            problems.add(name + " factor: " + factor);
          }
          if (!reconstruction.close()) {
            problems.add(name + " reconstruction: " + reconstruction);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void paraphraserShapesMatchTheAuthorsModule() throws Exception {
    JsonNode root = goldenJson();
    assertThat(root.get("paraphraser-shapes")).hasSizeGreaterThanOrEqualTo(5);
    try (NDManager manager = NDManager.newBaseManager()) {
      for (JsonNode node : root.get("paraphraser-shapes")) {
        try (NDManager scope = manager.newSubManager()) {
          Shape input = new Shape(shape(node.get("input")));
          Paraphraser paraphraser =
              new Paraphraser(
                  input.get(1),
                  Paraphraser.factorChannels(input.get(1), node.get("rate").doubleValue()),
                  false);
          paraphraser.initialize(scope, DataType.FLOAT32, input);
          NDList outputs =
              paraphraser.forward(
                  new ParameterStore(scope, false), new NDList(scope.zeros(input)), false);
          long[] factor = shape(node.get("factor"));
          long[] reconstruction = shape(node.get("reconstruction"));
          assertThat(outputs.get(0).getShape().getShape()).as(node.toString()).isEqualTo(factor);
          assertThat(outputs.get(1).getShape().getShape())
              .as(node.toString())
              .isEqualTo(reconstruction);
          Shape[] declared = paraphraser.getOutputShapes(new Shape[] {input});
          assertThat(declared[0].getShape()).isEqualTo(factor);
          assertThat(declared[1].getShape()).isEqualTo(reconstruction);
        }
      }
    }
  }

  /** ConvTranspose2d weight (in, out, 3, 3) → the stride-1 convolution's (out, in, 3, 3). */
  private static float[] transposedToConvolution(JsonNode tensor) {
    long[] shape = shape(tensor.get("shape"));
    float[] data = floats(tensor);
    int in = (int) shape[0];
    int out = (int) shape[1];
    int k = (int) shape[2];
    float[] converted = new float[data.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int a = 0; a < k; a++) {
          for (int b = 0; b < k; b++) {
            converted[((o * in + i) * k + a) * k + b] =
                data[((i * out + o) * k + (k - 1 - a)) * k + (k - 1 - b)];
          }
        }
      }
    }
    return converted;
  }

  private static void load(
      Block block, String parameter, GoldenFile.Case goldenCase, String prefix) {
    load(block, parameter, goldenCase, prefix, parameter);
  }

  private static void load(
      Block block, String parameter, GoldenFile.Case goldenCase, String prefix, String suffix) {
    GoldenFile.Tensor tensor = goldenCase.input(prefix + "_" + suffix);
    Parameter target = block.getParameters().get(parameter);
    assertThat(target).as(prefix + " " + parameter).isNotNull();
    assertThat(target.getArray().getShape().getShape()).as(prefix).isEqualTo(tensor.shape());
    target.getArray().set(tensor.data());
  }

  private static void set(Block block, String parameter, float[] values) {
    Parameter target = block.getParameters().get(parameter);
    assertThat(target.getArray().size()).isEqualTo(values.length);
    target.getArray().set(values);
  }

  private static JsonNode goldenJson() throws Exception {
    try (InputStream in = FtGoldenTest.class.getResourceAsStream("/golden/ft.json")) {
      assertThat(in).as("golden/ft.json").isNotNull();
      return OptionsMapper.mapper().readTree(in);
    }
  }

  private static NDArray tensor(JsonNode node, NDManager manager) {
    return manager.create(floats(node), new Shape(shape(node.get("shape"))));
  }

  private static float[] floats(JsonNode tensor) {
    JsonNode data = tensor.get("data");
    float[] values = new float[data.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) data.get(i).doubleValue();
    }
    return values;
  }

  private static long[] shape(JsonNode node) {
    long[] shape = new long[node.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = node.get(i).longValue();
    }
    return shape;
  }
}
