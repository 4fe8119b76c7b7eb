/** Decoding and resampling image files into model input, shared by dataset and prediction code. */
package dev.distillery.images;
