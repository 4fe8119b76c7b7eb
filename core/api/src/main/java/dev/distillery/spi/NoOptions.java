package dev.distillery.spi;

/** Options of a plugin that takes none: any key given to it is rejected. */
public record NoOptions() {}
