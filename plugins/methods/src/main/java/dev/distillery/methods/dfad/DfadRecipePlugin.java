package dev.distillery.methods.dfad;

import dev.distillery.spi.DataFreeRecipe;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.DataFreeSetup;
import dev.distillery.spi.Preflight;
import dev.distillery.training.optim.OptimizerOptions;

/**
 * {@code dfad}: Fang et al. 2019, after VainF/Data-Free-Adversarial-Distillation (DFAD_mnist.py).
 * Reference optimizers: SGD lr 0.01, momentum 0.9, weight decay 1e-4 for the student; Adam lr 1e-3
 * for the generator; generator {@code dfad-generator} (GeneratorA).
 */
public final class DfadRecipePlugin implements DataFreeRecipePlugin<DfadOptions> {

  @Override
  public String id() {
    return "dfad";
  }

  @Override
  public String description() {
    return "DFAD: generator maximises, student minimises their logit disagreement (min-max)";
  }

  @Override
  public Class<DfadOptions> optionsType() {
    return DfadOptions.class;
  }

  @Override
  public DataFreeRecipe create(DfadOptions options, DataFreeSetup setup) {
    return new DfadRecipe(options);
  }

  @Override
  public OptimizerOptions defaultStudentOptimizer() {
    return new OptimizerOptions.Sgd(0.01, 0.9, false, 1e-4);
  }

  @Override
  public OptimizerOptions defaultGeneratorOptimizer() {
    return new OptimizerOptions.Adam(1e-3, null, null, null, null);
  }

  @Override
  public Preflight.ModelSpec defaultGenerator() {
    return new Preflight.ModelSpec("dfad-generator", null);
  }
}
