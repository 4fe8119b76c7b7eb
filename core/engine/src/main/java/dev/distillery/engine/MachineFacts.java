package dev.distillery.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What decides floating-point results on this machine: the CPU model and the vector instruction
 * sets libtorch/oneDNN choose kernels by, the libtorch thread counts, the engine version. Results
 * are bit-for-bit reproducible only on machines where all of these agree; {@code ./distillery
 * machine} prints them and the test suite prints them at its start, so a result or a failure can be
 * tied to the machine that made it.
 */
public final class MachineFacts {

  /** The instruction-set flags of /proc/cpuinfo that change which kernels libtorch runs. */
  private static final Set<String> VECTOR_FLAGS =
      Set.of(
          "sse4_2",
          "avx",
          "fma",
          "avx2",
          "avx512f",
          "avx512bw",
          "avx512vl",
          "avx512_vnni",
          "avx512_bf16",
          "avx512_fp16",
          "amx_tile",
          "amx_bf16",
          "amx_int8");

  private MachineFacts() {}

  /** The facts, in print order; reading them loads the engine. */
  public static Map<String, String> collect() {
    Map<String, String> facts = new LinkedHashMap<>();
    Cpu cpu = readCpu(Path.of("/proc/cpuinfo"));
    facts.put("cpu", cpu.model() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
    facts.put(
        "vector instructions", cpu.flags().isEmpty() ? "unknown" : String.join(" ", cpu.flags()));
    Engine engine = Engine.getInstance();
    facts.put(
        "engine",
        engine.getEngineName() + " " + engine.getVersion() + ", " + engine.getGpuCount() + " GPUs");
    facts.put(
        "libtorch threads",
        "intra-op " + JniUtils.getNumThreads() + ", inter-op " + JniUtils.getNumInteropThreads());
    facts.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return facts;
  }

  /** One line per fact, {@code name: value}. */
  public static String describe() {
    StringBuilder text = new StringBuilder();
    collect().forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
    return text.toString();
  }

  record Cpu(String model, List<String> flags) {}

  static Cpu readCpu(Path cpuinfo) {
    String model = System.getProperty("os.arch");
    List<String> flags = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (key.equals("model name")) {
          model = value;
        } else if (key.equals("flags") && flags.isEmpty()) {
          for (String flag : value.split("\\s+")) {
            if (VECTOR_FLAGS.contains(flag)) {
              flags.add(flag);
            }
          }
        }
      }
    } catch (IOException e) {
      // not Linux: the architecture is all we know
    }
    return new Cpu(model, flags);
  }
}
