package dev.distillery.methods.dafl;

import dev.distillery.spi.DataFreeRecipe;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.DataFreeSetup;
import dev.distillery.spi.Preflight;
import dev.distillery.training.optim.OptimizerOptions;

/**
 * {@code dafl}: Chen et al. ICCV 2019, after huawei-noah/Efficient-Computing
 * Data-Efficient-Model-Compression/DAFL (DAFL-train.py). Reference optimizers: Adam lr 2e-3 for the
 * student, Adam lr 0.2 for the generator; generator {@code dafl-generator}.
 */
public final class DaflRecipePlugin implements DataFreeRecipePlugin<DaflOptions> {

  @Override
  public String id() {
    return "dafl";
  }

  @Override
  public String description() {
    return "DAFL: generator trained for one-hot, class-balanced, strongly activating teacher"
        + " outputs; student by KD on its images";
  }

  @Override
  public Class<DaflOptions> optionsType() {
    return DaflOptions.class;
  }

  @Override
  public DataFreeRecipe create(DaflOptions options, DataFreeSetup setup) {
    String feature =
        setup.teacherClassifierInput(
            "dafl", "its activation loss is −mean |feature| of that feature");
    return new DaflRecipe(options, feature);
  }

  @Override
  public OptimizerOptions defaultStudentOptimizer() {
    return new OptimizerOptions.Adam(2e-3, null, null, null, null);
  }

  @Override
  public OptimizerOptions defaultGeneratorOptimizer() {
    return new OptimizerOptions.Adam(0.2, null, null, null, null);
  }

  @Override
  public Preflight.ModelSpec defaultGenerator() {
    return new Preflight.ModelSpec("dafl-generator", null);
  }
}
