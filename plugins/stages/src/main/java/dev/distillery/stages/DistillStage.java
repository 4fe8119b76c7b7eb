package dev.distillery.stages;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.DistillationObjective;
import dev.distillery.training.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code distill}: trains a student from a teacher's outputs with one or more distillation methods,
 * {@code loss = ce-weight·CE + Σ weight·method}. The teacher is the model of the stage named by
 * {@code teacher} (which must be in {@code needs}); it is frozen and runs in inference mode.
 *
 * <pre>
 * student-kd:
 *   uses: distill
 *   needs: [teacher]
 *   with:
 *     teacher: teacher
 *     student: lenet5-half
 *     ce-weight: 0.1
 *     losses:
 *       - uses: kd
 *         weight: 0.9
 *         with: {temperature: 4}
 * </pre>
 */
public final class DistillStage implements StagePlugin<DistillOptions> {

  @Override
  public String id() {
    return "distill";
  }

  @Override
  public String description() {
    return "Distils a student from a teacher stage's model with weighted distillation methods";
  }

  @Override
  public Class<DistillOptions> optionsType() {
    return DistillOptions.class;
  }

  @Override
  public void validate(DistillOptions options, StageValidation validation) {
    StageChecks.teacherStage(validation, "teacher", options.teacher());
    StageChecks.model(validation, "student", options.student());
    StageChecks.training(validation, options);
    InitialWeights.validate(validation, options.initFrom());
    if (options.ceWeight() < 0) {
      validation.error("ce-weight", "ce-weight must be >= 0, got " + options.ceWeight());
    }
    for (int i = 0; i < options.losses().size(); i++) {
      LossTerm term = options.losses().get(i);
      String path = "losses/" + i;
      if (term.uses() == null) {
        validation.error(
            path,
            "a loss needs `uses: <method>`; available methods: "
                + StageChecks.methodIds(validation));
        continue;
      }
      var method = validation.plugins().method(term.uses());
      if (method.isEmpty()) {
        validation.error(
            path + "/uses",
            "unknown distillation method '"
                + term.uses()
                + "'; available: "
                + StageChecks.methodIds(validation)
                + (validation.plugins().stage(term.uses()).isPresent()
                    ? "; '" + term.uses() + "' is a stage plugin: give it its own stage"
                    : ""));
        continue;
      }
      if (term.weight() != null && term.weight() < 0) {
        validation.error(path + "/weight", "weight must be >= 0, got " + term.weight());
      }
      validation.bindNested(path + "/with", method.get().optionsType());
    }
  }

  @Override
  public Optional<Preflight.ModelSpec> producedModel(DistillOptions options) {
    return Optional.of(new Preflight.ModelSpec(options.student(), options.studentOptions()));
  }

  /** Builds teacher and student and creates every method: feature points and shapes must fit. */
  @Override
  public void preflight(DistillOptions options, Preflight preflight) {
    Optional<Preflight.ModelSpec> teacherModel = preflight.modelOf(options.teacher());
    if (teacherModel.isEmpty()) {
      return;
    }
    Network teacher = preflight.network(teacherModel.get(), null);
    Network student =
        preflight.network(
            new Preflight.ModelSpec(options.student(), options.studentOptions()), null);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < options.losses().size(); i++) {
      LossTerm term = options.losses().get(i);
      MethodPlugin<?> method = preflight.plugins().method(term.uses()).orElseThrow();
      try (NDManager scope = NDManager.newBaseManager()) {
        create(
            method,
            term.with(),
            new MethodSetup(teacher, student, scope, preflight.trainingLabels()));
      } catch (UserException e) {
        problems.add("losses[" + i + "] (uses: " + term.uses() + "): " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new UserException(String.join("; ", problems));
    }
  }

  @Override
  public StageResult run(DistillOptions options, StageContext context) {
    ModelArtifact teacherModel = teacherArtifact(options, context);
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      Network teacher = context.loadModel(teacherModel, manager);
      teacher.block().freezeParameters(true);
      Network student =
          context.newNetwork(options.student(), options.studentOptions(), manager, context.seed());
      InitialWeights.apply(context, options.initFrom(), student, manager);
      List<DistillationObjective.WeightedLoss> losses = new ArrayList<>();
      for (LossTerm term : options.losses()) {
        MethodPlugin<?> method = context.plugins().method(term.uses()).orElseThrow();
        DistillationLoss loss =
            create(
                method,
                term.with(),
                new MethodSetup(teacher, student, manager, context.trainSplit().labels()));
        double weight = term.weight() == null ? method.defaultWeight() : term.weight();
        losses.add(new DistillationObjective.WeightedLoss(loss, weight));
      }
      DistillationObjective objective =
          new DistillationObjective(student, teacher, options.ceWeight(), losses, manager);
      TrainingLoop.Report report =
          new TrainingLoop(context, options.trainingSettings(), objective, manager).run();
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("teacher", options.teacher());
      extra.put("losses", losses.stream().map(l -> l.loss().name() + "×" + l.weight()).toList());
      extra.put("ce-weight", options.ceWeight());
      return TrainedModelOutput.save(
          context,
          "student",
          student,
          options.studentOptions(),
          report,
          objective::predict,
          manager,
          extra);
    }
  }

  private static ModelArtifact teacherArtifact(DistillOptions options, StageContext context) {
    StageResult result = context.inputs().get(options.teacher());
    if (result == null || result.models().isEmpty()) {
      throw new UserException(
          "stage '"
              + context.stageId()
              + "': teacher stage '"
              + options.teacher()
              + "' left no model; its result has "
              + (result == null ? "no entry" : result.models().size() + " models"));
    }
    return result.models().get(0);
  }

  private static <O> DistillationLoss create(
      MethodPlugin<O> method, JsonNode options, MethodSetup setup) {
    try {
      return method.create(OptionsMapper.bind(options, method.optionsType()), setup);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserException(
          "options of method '" + method.id() + "' are invalid: " + e.getOriginalMessage());
    }
  }
}
