package dev.distillery.training.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.DataFreeStep;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.Network;
import dev.distillery.training.LiveParameterStore;

/**
 * A data-free recipe's view of one iteration of the {@link AdversarialLoop}: players {@code
 * student} and {@code generator}, latent batches of {@code batchSize} vectors, the generator and
 * student in training mode, the frozen teacher in inference mode.
 */
public final class DataFreeMoves implements DataFreeStep {

  /** The loop's player names of the two networks. */
  public static final String STUDENT = "student";

  public static final String GENERATOR = "generator";

  private final AdversarialLoop.Moves moves;
  private final int batchSize;
  private final Network teacher;
  private final Network student;
  private final GeneratorNetwork generator;
  private final ParameterStore parameters;

  public DataFreeMoves(
      AdversarialLoop.Moves moves,
      int batchSize,
      Network teacher,
      Network student,
      GeneratorNetwork generator,
      NDManager manager) {
    this.moves = moves;
    this.batchSize = batchSize;
    this.teacher = teacher;
    this.student = student;
    this.generator = generator;
    this.parameters = new LiveParameterStore(manager);
  }

  @Override
  public NDManager manager() {
    return moves.manager();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public long iteration() {
    return moves.iteration();
  }

  @Override
  public int epoch() {
    return moves.epoch();
  }

  @Override
  public NDArray latent() {
    return moves.latent(batchSize, generator.latentSize());
  }

  @Override
  public NDArray generate(NDArray latent) {
    return generator.block().forward(parameters, new NDList(latent), true).head();
  }

  @Override
  public NDArray generateDetached(NDArray latent) {
    return moves.withoutGradients(() -> generate(latent));
  }

  @Override
  public NDList teacher(NDArray images) {
    return teacher.block().forward(parameters, new NDList(images), false);
  }

  @Override
  public NDList student(NDArray images) {
    return student.block().forward(parameters, new NDList(images), true);
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
    String[] names = new String[players.length];
    for (int i = 0; i < players.length; i++) {
      names[i] = players[i] == Player.STUDENT ? STUDENT : GENERATOR;
    }
    moves.minimise(loss, names);
  }
}
