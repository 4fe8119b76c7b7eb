/**
 * Binding of a plugin's options record from a pipeline file's {@code with:} mapping: kebab-case
 * keys, unknown keys rejected ({@link dev.distillery.options.OptionsMapper}).
 */
package dev.distillery.options;
