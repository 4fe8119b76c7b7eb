package dev.distillery.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random crop with zero padding moves a single bright pixel by the drawn offset (or out of the
 * image, leaving zeros), the flip mirrors it, padding is 0, and over many images every offset in
 * [-p, p] and both flip outcomes occur.
 */
class AugmentationCropShiftTest {

  private static final int C = 2;
  private static final int H = 6;
  private static final int W = 7;

  @Test
  void brightPixelMovesByTheCropOffset() {
    Augmentation augmentation = new Augmentation(new AugmentationOptions(4, true));
    int y0 = 2;
    int x0 = 5;
    float[] image = new float[C * H * W];
    image[H * W + y0 * W + x0] = 1f; // channel 1
    Set<Integer> shiftsY = new HashSet<>();
    Set<Integer> shiftsX = new HashSet<>();
    Set<Boolean> flips = new HashSet<>();
    float[] out = new float[C * H * W];
    for (int index = 0; index < 400; index++) {
      Augmentation.Draw draw = augmentation.draw(7, 1, index);
      shiftsY.add(draw.shiftY());
      shiftsX.add(draw.shiftX());
      flips.add(draw.flip());
      java.util.Arrays.fill(out, Float.NaN);
      Augmentation.apply(image, 0, out, 0, C, H, W, draw);

      int y = y0 - draw.shiftY();
      int x = x0 - draw.shiftX();
      if (draw.flip()) {
        x = W - 1 - x;
      }
      boolean visible = y >= 0 && y < H && x >= 0 && x < W;
      for (int c = 0; c < C; c++) {
        for (int yy = 0; yy < H; yy++) {
          for (int xx = 0; xx < W; xx++) {
            float expected = visible && c == 1 && yy == y && xx == x ? 1f : 0f;
            assertThat(out[c * H * W + yy * W + xx])
                .as("draw %s at c=%d y=%d x=%d", draw, c, yy, xx)
                .isEqualTo(expected);
          }
        }
      }
    }
    assertThat(shiftsY).containsExactlyInAnyOrder(-4, -3, -2, -1, 0, 1, 2, 3, 4);
    assertThat(shiftsX).containsExactlyInAnyOrder(-4, -3, -2, -1, 0, 1, 2, 3, 4);
    assertThat(flips).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void offAppliesNothing() {
    Augmentation off = new Augmentation(new AugmentationOptions(null, null));
    assertThat(off.enabled()).isFalse();
    assertThat(off.draw(1, 2, 3)).isEqualTo(Augmentation.Draw.IDENTITY);
    assertThat(new Augmentation(new AugmentationOptions(0, true)).draw(1, 2, 3).shiftX()).isZero();
  }
}
