package dev.distillery.engine;

import ai.djl.engine.Engine;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells libtorch not to use NNPACK where NNPACK cannot run. On a CPU NNPACK does not support (seen
 * on an AMD EPYC with AVX-512), libtorch 2.7.1 asks NNPACK again before every batch-1 convolution
 * and prints "Could not initialize NNPACK! Reason: Unsupported hardware." each time: hundreds of
 * lines per evaluation (latency at batch 1, predicting one image). DJL has no switch for it, and
 * {@code TORCH_CPP_LOG_LEVEL} does not silence it; this calls libtorch's own C++ functions ({@code
 * at::native::_nnpack_available()}, {@code at::Context::setUserEnabledNNPACK(false)} — what {@code
 * torch.backends.nnpack.set_flags(False)} does) through JNA, once per process. Where NNPACK works
 * nothing changes. Linux only (the library is found in {@code /proc/self/maps}); anything
 * unexpected leaves libtorch as it is.
 */
public final class NnpackSwitch {

  private static final Logger LOG = LoggerFactory.getLogger(NnpackSwitch.class);
  private static State state;

  /**
   * What libtorch says after {@link #apply()}: whether NNPACK can run here, and whether libtorch
   * will use it; null when libtorch could not be reached.
   */
  public record State(boolean available, boolean enabled) {}

  private NnpackSwitch() {}

  /**
   * Loads the PyTorch engine if needed and switches NNPACK off where it cannot run.
   *
   * @return libtorch's NNPACK state afterwards; null when libtorch could not be reached
   */
  public static synchronized State apply() {
    if (state != null) {
      return state;
    }
    try {
      Engine.getEngine("PyTorch");
      Optional<Path> library = loaded("libtorch_cpu.so");
      if (library.isEmpty()) {
        return null;
      }
      NativeLibrary torch = NativeLibrary.getInstance(library.get().toString());
      boolean available =
          (torch.getFunction("_ZN2at6native17_nnpack_availableEv").invokeInt(new Object[0]) & 0xFF)
              != 0;
      Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
      if (!available) {
        torch
            .getFunction("_ZN2at7Context20setUserEnabledNNPACKEb")
            .invokeVoid(new Object[] {context, Boolean.FALSE});
        LOG.debug("NNPACK cannot run on this CPU: libtorch told not to use it");
      }
      boolean enabled =
          (torch
                      .getFunction("_ZNK2at7Context17userEnabledNNPACKEv")
                      .invokeInt(new Object[] {context})
                  & 0xFF)
              != 0;
      state = new State(available, enabled);
      return state;
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("NNPACK switch not applied", e);
      return null;
    }
  }

  private static Optional<Path> loaded(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        int slash = line.indexOf('/');
        if (slash >= 0 && line.endsWith("/" + name)) {
          return Optional.of(Path.of(line.substring(slash)));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read /proc/self/maps", e);
    }
    return Optional.empty();
  }
}
