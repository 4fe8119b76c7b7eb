package dev.distillery.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding, grey/colour conversion, resizing and centre-cropping agree with PIL as torchvision uses
 * it, on the cases of {@code make_image_decoding_golden.py}: the filter in float within 1e-3 of
 * PIL's "F" mode, the 8-bit result within one level of PIL's fixed-point rounding.
 */
class ImageDecodingGoldenTest {

  static List<JsonNode> cases() throws Exception {
    try (InputStream in = resource("golden/image-decoding.json")) {
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).get("cases").forEach(out::add);
      return out;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decodesLikePil(JsonNode golden) throws Exception {
    byte[] png;
    try (InputStream in = resource("golden/image-decoding/" + golden.get("file").asText())) {
      png = in.readAllBytes();
    }
    int channels = golden.get("channels").asInt();
    int height = golden.get("height").asInt();
    int width = golden.get("width").asInt();

    float[] unrounded = ImageDecoding.decodeUnrounded(png, channels, height, width);
    byte[] rounded = ImageDecoding.decode(png, channels, height, width);

    JsonNode expectedFloat = golden.get("pixels_float");
    JsonNode expectedBytes = golden.get("pixels_u8");
    assertThat(unrounded).hasSize(expectedFloat.size());
    assertThat(rounded).hasSize(expectedBytes.size());
    double worstFloat = 0;
    int worstByte = 0;
    for (int i = 0; i < unrounded.length; i++) {
      worstFloat = Math.max(worstFloat, Math.abs(unrounded[i] - expectedFloat.get(i).asDouble()));
      worstByte = Math.max(worstByte, Math.abs((rounded[i] & 0xFF) - expectedBytes.get(i).asInt()));
    }
    assertThat(worstFloat).as("largest difference from PIL in float").isLessThan(1e-3);
    assertThat(worstByte).as("largest difference from PIL in 8 bits").isLessThanOrEqualTo(1);
  }

  private static InputStream resource(String name) {
    InputStream in = ImageDecodingGoldenTest.class.getClassLoader().getResourceAsStream(name);
    assertThat(in).as(name).isNotNull();
    return in;
  }
}
