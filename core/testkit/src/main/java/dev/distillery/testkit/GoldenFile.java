package dev.distillery.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A golden file written by {@code src/test/python/make_golden.py}: cases of inputs, options, the
 * reference loss and the reference gradients with respect to the student's inputs.
 */
public record GoldenFile(String method, JsonNode reference, List<Case> cases) {

  /** A tensor as stored: its shape and its values in row-major order. */
  public record Tensor(long[] shape, float[] data) {

    /** The tensor as a float32 array in {@code manager}. */
    public NDArray toNDArray(NDManager manager) {
      return manager.create(data, new Shape(shape));
    }
  }

  /** One case: options as a pipeline gives them, named inputs, loss and gradients. */
  public record Case(
      String name,
      JsonNode options,
      Map<String, Tensor> inputs,
      double loss,
      Map<String, Tensor> gradients) {

    /**
     * The inputs whose names start with {@code prefix}, created in manager and keyed by the rest of
     * the name, in the file's order (e.g. prefix {@code student_feat_}: {@code layer1 -> array}).
     */
    public Map<String, NDArray> arrays(String prefix, NDManager manager) {
      Map<String, NDArray> arrays = new LinkedHashMap<>();
      inputs.forEach(
          (name, tensor) -> {
            if (name.startsWith(prefix)) {
              arrays.put(name.substring(prefix.length()), tensor.toNDArray(manager));
            }
          });
      return arrays;
    }

    /**
     * Computes a loss inside a gradient collector, checks that it is a float32 scalar, runs the
     * backward pass and returns its value; the gradients are then on the inputs that require them.
     */
    public float backward(Supplier<NDArray> loss) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray result = loss.get();
        assertThat(result.getShape().isScalar()).as(name).isTrue();
        assertThat(result.getDataType()).as(name).isEqualTo(DataType.FLOAT32);
        collector.backward(result);
        return result.getFloat();
      }
    }

    /**
     * Compares a loss value and gradients (keyed by this file's gradient names) with this case
     * within {@link Closeness}, prints a line per comparison, and returns what is not close (empty
     * when everything is).
     */
    public List<String> compare(String method, double value, Map<String, NDArray> gradients) {
      List<String> problems = new ArrayList<>();
      Closeness lossCloseness = Closeness.GOLDEN.compare(value, loss);
      System.out.printf(
          "%s %-44s loss %.7g vs %.7g: %s%n", method, name, value, loss, lossCloseness);
      if (!lossCloseness.close()) {
        problems.add(name + " loss: " + lossCloseness);
      }
      gradients.forEach(
          (key, array) -> {
            Closeness closeness =
                Closeness.GOLDEN.compare(array.toFloatArray(), gradient(key).data());
            System.out.printf("    gradient %-28s %s%n", key, closeness);
            if (!closeness.close()) {
              problems.add(name + " gradient " + key + ": " + closeness);
            }
          });
      return problems;
    }

    /** The input named {@code name}; an unknown name fails naming the case's inputs. */
    public Tensor input(String name) {
      return require(inputs, name, "input");
    }

    /** The reference gradient named {@code name}; an unknown name fails naming the gradients. */
    public Tensor gradient(String name) {
      return require(gradients, name, "gradient");
    }

    private Tensor require(Map<String, Tensor> tensors, String key, String what) {
      Tensor tensor = tensors.get(key);
      if (tensor == null) {
        throw new IllegalArgumentException(
            "golden case " + this.name + " has no " + what + " " + key + ": " + tensors.keySet());
      }
      return tensor;
    }
  }

  /** Reads {@code /golden/<method>.json} from the test classpath. */
  public static GoldenFile load(String method) {
    String resource = "/golden/" + method + ".json";
    try (InputStream in = GoldenFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource
                + " is missing; run /usr/bin/python3 plugins/methods/src/test/python/make_golden.py");
      }
      JsonNode root = OptionsMapper.mapper().readTree(in);
      List<Case> cases = new ArrayList<>();
      for (JsonNode node : root.get("cases")) {
        cases.add(
            new Case(
                node.get("name").asText(),
                node.get("options"),
                tensors(node.get("inputs")),
                node.get("loss").doubleValue(),
                tensors(node.get("gradients"))));
      }
      return new GoldenFile(root.get("method").asText(), root.get("reference"), cases);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tensors of a golden file's object of {@code name: {shape: [...], data: [...]}} entries. */
  public static Map<String, Tensor> tensors(JsonNode node) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            entry -> {
              JsonNode shapeNode = entry.getValue().get("shape");
              JsonNode dataNode = entry.getValue().get("data");
              long[] shape = new long[shapeNode.size()];
              for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).longValue();
              }
              float[] data = new float[dataNode.size()];
              for (int i = 0; i < data.length; i++) {
                data[i] = (float) dataNode.get(i).doubleValue();
              }
              tensors.put(entry.getKey(), new Tensor(shape, data));
            });
    return tensors;
  }
}
