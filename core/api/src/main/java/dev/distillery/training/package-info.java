/**
 * The training toolkit stage plugins build on: the epoch loop over a training split with
 * checkpoints that resume bit-exactly ({@link dev.distillery.training.TrainingLoop}, {@link
 * dev.distillery.training.CheckpointStore}), objectives (classification, distillation with weighted
 * method losses, teacher outputs from a {@link dev.distillery.training.TeacherOutputSource}),
 * networks and predictions. Subpackages: optimizers ({@code optim}), learning-rate schedules
 * ({@code schedule}), data order, augmentation and transfer sets ({@code data}), and the loop of
 * networks trained against each other from latent vectors ({@code adversarial}).
 */
package dev.distillery.training;
