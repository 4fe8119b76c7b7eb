package dev.distillery.spi;

import ai.djl.ndarray.NDManager;
import java.util.Objects;

/**
 * What a data-free recipe may look at when it is created.
 *
 * @param teacher the teacher network (initialised, frozen, run in inference mode)
 * @param student the student network (initialised, trainable)
 * @param generator the generator (initialised, trainable)
 * @param manager the manager that owns the parameters
 */
public record DataFreeSetup(
    Network teacher, Network student, GeneratorNetwork generator, NDManager manager) {

  public DataFreeSetup {
    Objects.requireNonNull(teacher, "teacher is null");
    Objects.requireNonNull(student, "student is null");
    Objects.requireNonNull(generator, "generator is null");
  }

  /**
   * The teacher's feature point that feeds its classifier (e.g. {@code conv3} of LeNet-5, {@code
   * pool} of a CIFAR ResNet), or a {@link UserException} naming the model and what is needed.
   *
   * @param recipe the recipe that needs it, for the message
   * @param why what the recipe uses it for, for the message
   */
  public String teacherClassifierInput(String recipe, String why) {
    return teacher
        .classifierInput()
        .orElseThrow(
            () ->
                new UserException(
                    "recipe '"
                        + recipe
                        + "' needs the teacher's feature before its classifier ("
                        + why
                        + "), and the teacher's model '"
                        + teacher.architecture()
                        + "' does not name one (its feature points: "
                        + teacher.featurePoints()
                        + "); use a teacher whose model plugin names it (lenet5, lenet5-half,"
                        + " the resnet and wrn models) or a recipe that needs none (e.g. dfad)"));
  }
}
