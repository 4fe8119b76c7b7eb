package dev.distillery.training.optim;

import ai.djl.nn.Parameter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import dev.distillery.spi.UserException;
import dev.distillery.training.StrictSubtypeResolver;
import java.util.List;

/**
 * The optimizer of a training stage, chosen by {@code type}:
 *
 * <pre>
 * optimizer: {type: sgd, lr: 0.05, momentum: 0.9, nesterov: false, weight-decay: 5e-4}
 * optimizer: {type: adam, lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight-decay: 0}
 * </pre>
 *
 * Omitted values take the defaults shown; without {@code type} the options are SGD's (so an omitted
 * or empty {@code optimizer} is SGD with its defaults), an unknown type is an error. {@link #lr()}
 * is the base learning rate the schedule scales.
 */
@JsonTypeInfo(
    use = JsonTypeInfo.Id.NAME,
    property = "type",
    defaultImpl = OptimizerOptions.Sgd.class)
@JsonTypeIdResolver(StrictSubtypeResolver.class)
@JsonSubTypes({
  @JsonSubTypes.Type(value = OptimizerOptions.Sgd.class, name = "sgd"),
  @JsonSubTypes.Type(value = OptimizerOptions.Adam.class, name = "adam")
})
public sealed interface OptimizerOptions permits OptimizerOptions.Sgd, OptimizerOptions.Adam {

  /** The base learning rate (never null once constructed). */
  Double lr();

  /** A new optimizer over {@code parameters} (initialized, in a fixed order). */
  Optimizer create(List<Parameter> parameters);

  /**
   * SGD with momentum, as {@code torch.optim.SGD} (dampening 0).
   *
   * @param lr base learning rate (default 0.05)
   * @param momentum momentum factor, >= 0 (default 0.9)
   * @param nesterov Nesterov momentum (default false; needs momentum > 0)
   * @param weightDecay L2 penalty added to the gradient, >= 0 (default 5e-4)
   */
  record Sgd(Double lr, Double momentum, Boolean nesterov, Double weightDecay)
      implements OptimizerOptions {

    public static final double DEFAULT_LR = 0.05;
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_WEIGHT_DECAY = 5e-4;

    public Sgd {
      lr = lr == null ? DEFAULT_LR : lr;
      momentum = momentum == null ? DEFAULT_MOMENTUM : momentum;
      nesterov = nesterov != null && nesterov;
      weightDecay = weightDecay == null ? DEFAULT_WEIGHT_DECAY : weightDecay;
      OptionChecks.nonNegative("sgd", "lr", lr, "e.g. lr: 0.05");
      OptionChecks.nonNegative("sgd", "momentum", momentum, "e.g. momentum: 0.9");
      OptionChecks.nonNegative("sgd", "weight-decay", weightDecay, "e.g. weight-decay: 5e-4");
      if (nesterov && momentum == 0) {
        throw new UserException(
            "optimizer sgd: nesterov: true needs a momentum > 0, got momentum: 0; set e.g."
                + " momentum: 0.9 or nesterov: false");
      }
    }

    /** SGD with all defaults. */
    public static Sgd defaults() {
      return new Sgd(null, null, null, null);
    }

    @Override
    public Optimizer create(List<Parameter> parameters) {
      return new SgdOptimizer(parameters, momentum, nesterov, weightDecay);
    }
  }

  /**
   * Adam, as {@code torch.optim.Adam} (weight decay as L2 added to the gradient).
   *
   * @param lr base learning rate (default 1e-3)
   * @param beta1 first-moment decay in [0, 1) (default 0.9)
   * @param beta2 second-moment decay in [0, 1) (default 0.999)
   * @param eps denominator term, >= 0 (default 1e-8)
   * @param weightDecay L2 penalty added to the gradient, >= 0 (default 0)
   */
  record Adam(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay)
      implements OptimizerOptions {

    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    public Adam {
      lr = lr == null ? DEFAULT_LR : lr;
      beta1 = beta1 == null ? DEFAULT_BETA1 : beta1;
      beta2 = beta2 == null ? DEFAULT_BETA2 : beta2;
      eps = eps == null ? DEFAULT_EPS : eps;
      weightDecay = weightDecay == null ? 0.0 : weightDecay;
      OptionChecks.nonNegative("adam", "lr", lr, "e.g. lr: 0.001");
      OptionChecks.unitInterval("adam", "beta1", beta1, "e.g. beta1: 0.9");
      OptionChecks.unitInterval("adam", "beta2", beta2, "e.g. beta2: 0.999");
      OptionChecks.nonNegative("adam", "eps", eps, "e.g. eps: 1e-8");
      OptionChecks.nonNegative("adam", "weight-decay", weightDecay, "e.g. weight-decay: 0");
    }

    /** Adam with all defaults. */
    public static Adam defaults() {
      return new Adam(null, null, null, null, null);
    }

    @Override
    public Optimizer create(List<Parameter> parameters) {
      return new AdamOptimizer(parameters, beta1, beta2, eps, weightDecay);
    }
  }
}
