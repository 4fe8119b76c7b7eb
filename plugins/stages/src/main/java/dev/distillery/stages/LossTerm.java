package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.PluginOptions;

/**
 * One distillation loss of a {@code distill} stage: {@code weight * method(with)}.
 *
 * @param uses the distillation method id, e.g. {@code kd}
 * @param weight the loss weight (default: the method's own default, e.g. 0.9 for kd)
 * @param with the method's options
 */
public record LossTerm(
    String uses, Double weight, @PluginOptions(MethodPlugin.class) JsonNode with) {}
