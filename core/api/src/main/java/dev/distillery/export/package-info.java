/**
 * Exporting a trained model through an {@link dev.distillery.spi.ExportFormatPlugin} and checking
 * that the exported file computes the same logits as the model it came from.
 */
package dev.distillery.export;
