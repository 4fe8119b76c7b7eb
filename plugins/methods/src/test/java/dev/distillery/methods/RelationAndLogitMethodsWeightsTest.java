package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * rkd, dkd and cc declare the stage weights of their reference training scripts (RepDistiller's β 1
 * for rkd and 0.02 for cc; the unweighted DKD term of mdistiller), their options types and a
 * description.
 */
class RelationAndLogitMethodsWeightsTest {

  @Test
  void defaultWeightsFollowTheReferenceScripts() {
    RelationalDistillationMethod rkd = new RelationalDistillationMethod();
    DecoupledDistillationMethod dkd = new DecoupledDistillationMethod();
    CorrelationCongruenceMethod cc = new CorrelationCongruenceMethod();
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
