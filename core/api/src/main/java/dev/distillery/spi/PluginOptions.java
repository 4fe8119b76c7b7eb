package dev.distillery.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option of a stage's options record that holds the options of another plugin, the one
 * named by a sibling option: e.g. a loss term {@code {uses: kd, with: {temperature: 4}}} is
 *
 * <pre>{@code
 * public record LossTerm(String uses, Double weight,
 *     @PluginOptions(MethodPlugin.class) JsonNode with) {}
 * }</pre>
 *
 * <p>With it, the pipeline JSON Schema checks (and editors complete) {@code with:} against the
 * options of the plugin named by {@code uses:}, and the stage's key includes that plugin's code
 * digest, so that changing the plugin re-runs the stage.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface PluginOptions {

  /**
   * The kind of plugin the sibling option names: {@link MethodPlugin}, {@link
   * DataFreeRecipePlugin}, {@link GeneratorPlugin}, {@link ModelPlugin}, {@link DatasetPlugin} or
   * {@link StagePlugin}.
   */
  @SuppressWarnings("rawtypes")
  Class<? extends Plugin> value();

  /** The record component (a string) that names the plugin; {@code uses} unless said. */
  String selector() default "uses";
}
