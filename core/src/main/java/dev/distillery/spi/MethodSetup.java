package dev.distillery.spi;

import ai.djl.ndarray.NDManager;

/**
 * What a method may look at when it is created.
 *
 * @param teacher the teacher network (initialised, frozen)
 * @param student the student network (initialised, trainable)
 * @param manager the manager that owns parameters of any connector the method adds
 */
public record MethodSetup(Network teacher, Network student, NDManager manager) {}
