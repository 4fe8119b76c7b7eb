/**
 * The plugin interfaces of Distillery (found with {@link java.util.ServiceLoader}) and what they
 * receive and return: {@link dev.distillery.spi.StagePlugin}, {@link
 * dev.distillery.spi.MethodPlugin}, {@link dev.distillery.spi.ModelPlugin}, {@link
 * dev.distillery.spi.DatasetPlugin}, {@link dev.distillery.spi.GeneratorPlugin}, {@link
 * dev.distillery.spi.DataFreeRecipePlugin} and {@link dev.distillery.spi.ExportFormatPlugin}; the
 * stage's view of a run ({@link dev.distillery.spi.StageContext}, {@link
 * dev.distillery.spi.StageMonitor}), option checks shared by stages ({@link
 * dev.distillery.spi.StageChecks}), and {@link dev.distillery.spi.Scalars} for constants in
 * back-propagated arithmetic. Everything in this artifact ({@code distillery-api}) is what a plugin
 * may use; the engine (pipeline files, Camel, Vert.x, metrics, CLI) is not part of it.
 */
package dev.distillery.spi;
