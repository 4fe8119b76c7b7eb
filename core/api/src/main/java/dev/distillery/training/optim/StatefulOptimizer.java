package dev.distillery.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * The part all our optimizers share: per parameter a fixed number of state arrays (zeros at the
 * start, owned by the optimizer's manager) and a step counter; the step loop (frozen and unreached
 * parameters skipped, temporaries in a sub-manager closed at the end of the step, gradients
 * zeroed); and the state file.
 *
 * <p>State file: {@code int} magic, {@code int} version, the optimizer kind, the parameter count,
 * per parameter its name and step count, then the length and bytes of an {@link NDList} encoding of
 * the state arrays (parameter by parameter). The length prefix lets the state sit inside a larger
 * stream.
 */
abstract class StatefulOptimizer implements Optimizer {

  private static final int MAGIC = 0x44534f50; // "DSOP"
  private static final int VERSION = 1;

  private final String kind;
  private final List<Parameter> parameters;
  private final int statesPerParameter;
  private final NDManager manager;
  private final NDArray[][] states;
  private final long[] steps;
  private boolean closed;

  /**
   * @param kind the name written into the state file ({@code sgd}, {@code adam})
   * @param parameters the parameters, in a fixed order; each must be initialized
   * @param statesPerParameter state arrays per parameter (each shaped like the parameter)
   */
  StatefulOptimizer(String kind, List<Parameter> parameters, int statesPerParameter) {
    this.kind = kind;
    this.parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters is null"));
    this.statesPerParameter = statesPerParameter;
    for (Parameter parameter : this.parameters) {
      if (!parameter.isInitialized()) {
        throw new IllegalStateException(
            "parameter '"
                + parameter.getName()
                + "' is not initialized: initialize the model before creating its optimizer");
      }
    }
    this.manager =
        this.parameters.isEmpty()
            ? NDManager.newBaseManager()
            : this.parameters.get(0).getArray().getManager().newSubManager();
    this.states = new NDArray[this.parameters.size()][statesPerParameter];
    this.steps = new long[this.parameters.size()];
    for (int i = 0; i < states.length; i++) {
      NDArray array = this.parameters.get(i).getArray();
      for (int k = 0; k < statesPerParameter; k++) {
        states[i][k] = manager.zeros(array.getShape(), array.getDataType(), array.getDevice());
      }
    }
  }

  /**
   * Updates one parameter in place. Every array this method creates must end up in {@code scope}:
   * results of operations are attached to the manager of their first operand, so operations that
   * start from {@code parameter} or from a state array must be followed by {@link #scoped}. State
   * arrays are updated in place.
   *
   * @param parameter the parameter's array, updated in place
   * @param gradient its gradient (in {@code scope})
   * @param state this parameter's state arrays, updated in place
   * @param step the step number of this parameter, 1 on its first update
   * @param learningRate the learning rate
   * @param scope the manager for temporaries, closed after the step
   */
  abstract void update(
      NDArray parameter,
      NDArray gradient,
      NDArray[] state,
      long step,
      double learningRate,
      NDManager scope);

  /** Moves an array created by an operation into {@code scope} and returns it. */
  static NDArray scoped(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }

  @Override
  public final void step(double learningRate) {
    ensureOpen();
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0: " + learningRate);
    }
    try (NDManager scope = manager.newSubManager()) {
      for (int i = 0; i < parameters.size(); i++) {
        Parameter parameter = parameters.get(i);
        if (!parameter.requiresGradient()) {
          continue;
        }
        NDArray array = parameter.getArray();
        if (ParameterGradients.recording(array)) {
          throw new IllegalStateException(
              "optimizer step while a GradientCollector is open: close the collector (end its"
                  + " try-with-resources block) before calling step()");
        }
        NDArray gradient = ParameterGradients.gradientOrNull(array);
        if (gradient == null) {
          continue;
        }
        gradient.attach(scope);
        steps[i]++;
        update(array, gradient, states[i], steps[i], learningRate, scope);
        ParameterGradients.zero(array);
      }
    }
  }

  @Override
  public final void zeroGradients() {
    ensureOpen();
    for (Parameter parameter : parameters) {
      if (!parameter.requiresGradient()) {
        continue;
      }
      NDArray array = parameter.getArray();
      NDArray gradient = ParameterGradients.gradientOrNull(array);
      if (gradient != null) {
        gradient.close();
        ParameterGradients.zero(array);
      }
    }
  }

  @Override
  public final void save(OutputStream out) throws IOException {
    ensureOpen();
    NDList list = new NDList(parameters.size() * statesPerParameter);
    for (NDArray[] state : states) {
      for (NDArray array : state) {
        list.add(array);
      }
    }
    byte[] encoded = list.encode();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeUTF(kind);
    data.writeInt(parameters.size());
    data.writeInt(statesPerParameter);
    for (int i = 0; i < parameters.size(); i++) {
      data.writeUTF(String.valueOf(parameters.get(i).getName()));
      data.writeLong(steps[i]);
    }
    data.writeInt(encoded.length);
    data.write(encoded);
    data.flush();
  }

  @Override
  public final void load(InputStream in) throws IOException {
    ensureOpen();
    DataInputStream data = new DataInputStream(in);
    if (data.readInt() != MAGIC) {
      throw new IllegalArgumentException("not an optimizer state (wrong magic number)");
    }
    int version = data.readInt();
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "optimizer state version " + version + " is not supported (expected " + VERSION + ")");
    }
    String savedKind = data.readUTF();
    if (!savedKind.equals(kind)) {
      throw new IllegalArgumentException(
          "optimizer state was saved by a '"
              + savedKind
              + "' optimizer, this one is '"
              + kind
              + "': resume with the same optimizer type");
    }
    int count = data.readInt();
    int perParameter = data.readInt();
    if (count != parameters.size() || perParameter != statesPerParameter) {
      throw new IllegalArgumentException(
          "optimizer state holds "
              + count
              + " parameters, this optimizer has "
              + parameters.size()
              + ": the model or its frozen/trainable split changed since the state was saved");
    }
    long[] savedSteps = new long[count];
    for (int i = 0; i < count; i++) {
      String name = data.readUTF();
      String expected = String.valueOf(parameters.get(i).getName());
      if (!name.equals(expected)) {
        throw new IllegalArgumentException(
            "optimizer state parameter "
                + i
                + " is '"
                + name
                + "', this optimizer's is '"
                + expected
                + "': the model changed since the state was saved");
      }
      savedSteps[i] = data.readLong();
    }
    byte[] encoded = new byte[data.readInt()];
    data.readFully(encoded);
    NDManager staging = manager.newSubManager();
    try {
      NDList list = NDList.decode(staging, encoded);
      if (list.size() != count * perParameter) {
        throw new IllegalArgumentException(
            "optimizer state holds " + list.size() + " arrays, expected " + count * perParameter);
      }
      for (int i = 0; i < count; i++) {
        NDArray parameter = parameters.get(i).getArray();
        for (int k = 0; k < perParameter; k++) {
          NDArray saved = list.get(i * perParameter + k);
          if (!saved.getShape().equals(parameter.getShape())
              || saved.getDataType() != parameter.getDataType()) {
            throw new IllegalArgumentException(
                "optimizer state for parameter "
                    + i
                    + " '"
                    + parameters.get(i).getName()
                    + "' is "
                    + saved.getDataType()
                    + saved.getShape()
                    + ", the parameter is "
                    + parameter.getDataType()
                    + parameter.getShape()
                    + ": the model changed since the state was saved");
          }
        }
      }
      for (int i = 0; i < count; i++) {
        for (int k = 0; k < perParameter; k++) {
          NDArray saved = list.get(i * perParameter + k);
          NDArray moved = saved.toDevice(states[i][k].getDevice(), false);
          moved.attach(manager);
          states[i][k].close();
          states[i][k] = moved;
        }
      }
      System.arraycopy(savedSteps, 0, steps, 0, count);
    } finally {
      staging.close();
    }
  }

  /** The manager owning the state arrays (for tests of native memory). */
  final NDManager manager() {
    return manager;
  }

  /** The parameters, in the optimizer's order. */
  public final List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(kind + " optimizer is closed");
    }
  }
}
