package dev.distillery.spi;

import java.util.Collection;
import java.util.Optional;

/** The plugins found by ServiceLoader, looked up by kind and id. */
public interface PluginCatalog {

  Optional<StagePlugin<?>> stage(String id);

  Optional<MethodPlugin<?>> method(String id);

  Optional<ModelPlugin<?>> model(String id);

  Optional<DatasetPlugin<?>> dataset(String id);

  Optional<DataFreeRecipePlugin<?>> recipe(String id);

  Optional<GeneratorPlugin<?>> generator(String id);

  Optional<ExportFormatPlugin> exportFormat(String id);

  Collection<StagePlugin<?>> stages();

  Collection<MethodPlugin<?>> methods();

  Collection<ModelPlugin<?>> models();

  Collection<DatasetPlugin<?>> datasets();

  Collection<DataFreeRecipePlugin<?>> recipes();

  Collection<GeneratorPlugin<?>> generators();

  Collection<ExportFormatPlugin> exportFormats();
}
