package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in data-free stages are reported before anything runs, each at the line and column of
 * the option: an unknown recipe or generator (with the ones available), a generator whose images
 * are not the teacher's input (naming both shapes), an image size the generator cannot make (with
 * the sizes it can), an unknown {@code on-collapse} (with the choices).
 */
class DataFreeBadInputTest {

  private static final String HEAD =
      """
      pipeline: data-free-mistakes
      device: cpu
      dataset: {name: synthetic, with: {train-size: 64, test-size: 16}}
      defaults:
        data-free-distill: {teacher: teacher, student: lenet5-half, epochs: 1}
      stages:
        teacher: {uses: train, with: {model: lenet5, epochs: 1}}
      """;

  private static String run(Path directory, String stages) throws Exception {
    return TinyPipelines.refusedRun(directory, HEAD + stages);
  }

  @Test
  void unknownRecipeGeneratorAndCollapseActionAreListed(@TempDir Path directory) throws Exception {
    String err =
        run(
            directory,
            """
              a: {uses: data-free-distill, needs: [teacher], with: {recipe: {uses: deepinversion}}}
              b:
                uses: data-free-distill
                needs: [teacher]
                with:
                  recipe: {uses: dfad}
                  generator: {model: stylegan}
                  collapse: {on-collapse: retry}
            """);
    assertThat(err)
        .contains(
            "FILE:8:72: option 'recipe.uses' of stage 'a': unknown data-free recipe"
                + " 'deepinversion'; available: dafl, dfad")
        .contains(
            "FILE:14:26: option 'generator.model' of stage 'b': unknown generator 'stylegan';"
                + " available: dafl-generator, dcgan-generator, dfad-generator")
        .contains(
            "FILE:15:31: option 'collapse.on-collapse' of stage 'b': on-collapse is 'retry';"
                + " choose one of [restore, warn, stop]");
  }

  @Test
  void generatorImagesMustBeTheTeachersInput(@TempDir Path directory) throws Exception {
    String err =
        run(
            directory,
            """
              small:
                uses: data-free-distill
                needs: [teacher]
                with: {recipe: {uses: dfad}, generator: {model: dfad-generator, with: {size: 28}}}
              odd:
                uses: data-free-distill
                needs: [teacher]
                with: {recipe: {uses: dafl}, generator: {model: dafl-generator, with: {size: 30}}}
            """);
    assertThat(err)
        .contains(
            "stage 'small': generator 'dfad-generator' makes 1x28x28 images, but the teacher"
                + " ('lenet5') takes 1x32x32 images")
        .contains("stage 'odd': generator 'dafl-generator' upsamples twice by 2, so it makes")
        .contains("multiples of 4 (e.g. 28x28, 32x32, 64x64)")
        .contains("nothing was run");
  }
}
