package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Options of the {@code import-model} stage.
 *
 * @param model the model plugin that loads the file: {@code torchscript} or {@code onnx} (a model
 *     that is not trained by Distillery)
 * @param modelOptions the model plugin's options: {@code file} (the model file; a relative path
 *     starts at the working directory), {@code logits} (the output that holds the logits; default
 *     the only output, or the one named {@code logits}) and {@code features} (outputs to expose as
 *     feature points)
 */
public record ImportModelOptions(String model, JsonNode modelOptions) {}
