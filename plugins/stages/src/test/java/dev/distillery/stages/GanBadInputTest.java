package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in GAN stages are reported before anything runs, each at the line and column of the
 * option: an unknown generator or loss (with the choices), WGAN-GP with a batch-norm critic, an α
 * outside [0, 1], a teacher stage that leaves no generator; and, once the data is loaded, a student
 * generator whose output is not the teacher's (naming both) and an image size the generator and
 * discriminator cannot handle (with the sizes they can).
 */
class GanBadInputTest {

  private static String run(Path directory, String dataset, String stages) throws Exception {
    String pipeline =
        """
        pipeline: gan-mistakes
        device: cpu
        dataset: {name: synthetic, with: {train-size: 64, test-size: 16%s}}
        stages:
          classifier: {uses: train, with: {model: lenet5, epochs: 1}}
          gan: {uses: train-gan, with: {epochs: 1, iterations-per-epoch: 1}}
        """
            .formatted(dataset);
    String text = TinyPipelines.refusedRun(directory, pipeline + stages);
    assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
    return text;
  }

  @Test
  void optionMistakesAreLocatedWithTheChoices(@TempDir Path directory) throws Exception {
    String err =
        run(
            directory,
            "",
            """
              a:
                uses: train-gan
                with:
                  generator: {model: stylegan}
                  loss: {type: hinge}
              b:
                uses: train-gan
                with: {loss: {type: wgan-gp}, discriminator: {model: dcgan-discriminator, with: {width: 8}}}
              c: {uses: distill-generator, needs: [gan], with: {teacher: gan, alpha: 1.5}}
              d: {uses: distill-generator, needs: [classifier], with: {teacher: classifier}}
            """);
    assertThat(err)
        .contains(
            "FILE:10:26: option 'generator.model' of stage 'a': unknown generator 'stylegan';"
                + " available: dafl-generator, dcgan-generator, dfad-generator")
        .contains(
            "FILE:11:20: option 'loss.type' of stage 'a': loss type is 'hinge'; choose one of"
                + " [non-saturating, wgan-gp]")
        .contains(
            "FILE:14:50: option 'discriminator' of stage 'b': wgan-gp penalises each image's gradient, which"
                + " batch norm mixes across the batch")
        .contains("FILE:15:74: option 'alpha' of stage 'c': alpha must be in [0, 1], got 1.5")
        .contains(
            "FILE:16:69: option 'teacher' of stage 'd': teacher stage 'classifier' uses 'train', which leaves"
                + " no generator");
  }

  @Test
  void aStudentThatCannotMakeTheTeachersImagesIsRefusedBeforeTheRun(@TempDir Path directory)
      throws Exception {
    String err =
        run(
            directory,
            "",
            """
              big: {uses: distill-generator, needs: [gan], with: {teacher: gan, student: {with: {size: 64}}}}
              other-latent:
                uses: distill-generator
                needs: [gan]
                with: {teacher: gan, student: {model: dcgan-generator, with: {latent: 64, width: 2}}}
            """);
    assertThat(err)
        .contains(
            "stage 'big': the student generator 'dcgan-generator' makes 1x64x64 images from 100"
                + " latent values, the teacher (stage 'gan', 'dcgan-generator') makes 1x32x32"
                + " images from 100")
        .contains(
            "stage 'other-latent': the student generator 'dcgan-generator' makes 1x32x32 images"
                + " from 64 latent values")
        .contains("nothing was run");
  }

  @Test
  void anImageSizeTheNetworksCannotHandleNamesTheSizesTheyCan(@TempDir Path directory)
      throws Exception {
    String err = run(directory, ", size: 28", "");
    assertThat(err)
        .contains(
            "stage 'gan': generator 'dcgan-generator' upsamples three times by 2, so it makes"
                + " images whose height and width are multiples of 8 (e.g. 32x32, 64x64); asked"
                + " for 1x28x28")
        .contains(
            "stage 'gan': model 'dcgan-discriminator' halves the image three times, so it takes"
                + " images whose height and width are multiples of 8")
        .contains("nothing was run");
  }
}
