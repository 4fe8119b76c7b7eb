/**
 * Optimizers whose state Distillery owns, so that checkpoints resume exactly.
 *
 * <p>What they rely on in DJL 0.35.1 with the PyTorch engine (each checked by a test here):
 *
 * <ul>
 *   <li>Gradients accumulate over backward passes, also across gradient collectors: a collector
 *       does not zero them (DJL's own optimizers zero them inside their native update). {@link
 *       dev.distillery.training.optim.Optimizer#step} therefore zeroes each updated parameter's
 *       gradient; a skipped step must call {@code zeroGradients()}.
 *   <li>In-place updates ({@code subi}, {@code muli}, {@code addi}) of parameter arrays work only
 *       while autograd is off, that is outside a {@code GradientCollector}; inside one PyTorch
 *       refuses them ("a leaf Variable that requires grad is being used in an in-place operation"),
 *       so {@code step} refuses to run there.
 *   <li>{@code NDArray.getGradient()} creates a new wrapper attached to the parameter's own manager
 *       on every call, and the result of any operation is attached to the manager of its first
 *       operand: without care both pile up in the model's or the optimizer's manager. Every
 *       temporary of a step is moved into a sub-manager closed at the end of the step, and state
 *       arrays are updated in place, so the number of arrays stays constant.
 *   <li>The parameters are updated through {@code Parameter.getArray()}: the forward pass must use
 *       those arrays (a {@code ParameterStore(manager, false)} on the parameters' device), not
 *       copies.
 * </ul>
 */
package dev.distillery.training.optim;
