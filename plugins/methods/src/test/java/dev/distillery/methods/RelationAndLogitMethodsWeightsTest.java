package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.methods.cc.CcMethod;
import dev.distillery.methods.cc.CcOptions;
import dev.distillery.methods.dkd.DkdMethod;
import dev.distillery.methods.dkd.DkdOptions;
import dev.distillery.methods.rkd.RkdMethod;
import dev.distillery.methods.rkd.RkdOptions;
import org.junit.jupiter.api.Test;

/**
 * rkd, dkd and cc declare the stage weights of their reference training scripts (RepDistiller's β 1
 * for rkd and 0.02 for cc; the unweighted DKD term of mdistiller), their options types and a
 * description.
 */
public class RelationAndLogitMethodsWeightsTest {

  @Test
  void defaultWeightsFollowTheReferenceScripts() {
    RkdMethod rkd = new RkdMethod();
    DkdMethod dkd = new DkdMethod();
    CcMethod cc = new CcMethod();
    assertThat(rkd.defaultWeight()).isEqualTo(1.0);
    assertThat(dkd.defaultWeight()).isEqualTo(1.0);
    assertThat(cc.defaultWeight()).isEqualTo(0.02);
    assertThat(rkd.optionsType()).isEqualTo(RkdOptions.class);
    assertThat(dkd.optionsType()).isEqualTo(DkdOptions.class);
    assertThat(cc.optionsType()).isEqualTo(CcOptions.class);
    assertThat(rkd.description()).isNotBlank();
    assertThat(dkd.description()).isNotBlank();
    assertThat(cc.description()).isNotBlank();
  }
}
