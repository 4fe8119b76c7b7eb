package dev.distillery.stages;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.features.FeatureStores;
import dev.distillery.features.TeacherOutputCache;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.DistillationObjective;
import dev.distillery.training.TeacherOutputSource;
import dev.distillery.training.TrainingLoop;
import dev.distillery.training.TransferSetContext;
import dev.distillery.training.data.TransferSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code distill}: trains a student from a teacher's outputs with one or more distillation methods,
 * {@code loss = ce-weight·CE + Σ weight·method}. The teacher is the model of the stage named by
 * {@code teacher} (which must be in {@code needs}); it is frozen and runs in inference mode. With
 * {@code transfer-set} the student learns from part of the training split only (see {@code
 * TrainStage}); the teacher is whatever its own stage trained on.
 *
 * <p>When the training batches are not augmented and a stage in {@code needs} is an {@code
 * extract-features} stage whose store holds this teacher's outputs on the training split, the
 * teacher's outputs come from that store instead of a forward pass; a store that lacks a feature
 * point a method reads, or was made for another model or other images, is not used. The result's
 * {@code teacher-outputs} entry says which: {@code cached (stage X)} or {@code computed: <reason>}.
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

  /**
   * The result entry that says where the teacher's outputs came from: {@code cached (stage X)} or
   * {@code computed: <reason>}.
   */
  static final String TEACHER_OUTPUTS = "teacher-outputs";

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

  /** Trains from a seed: {@code repeats: N} trains N of them. */
  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public void validate(DistillOptions options, StageValidation validation) {
    StageChecks.teacherStage(validation, "teacher", options.teacher());
    StageChecks.model(validation, "student", options.student());
    StageChecks.trainableModel(validation, "student", options.student());
    StageChecks.training(validation, options);
    InitialWeights.validate(validation, options.initFrom());
    StageChecks.transferSet(validation, options.transferSet());
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
      checkStageReferences(method.get(), path, options.teacher(), validation);
    }
  }

  /**
   * Binds a method's options and checks the stages they name ({@link
   * MethodPlugin#stageReferences}): each must exist, use the stage plugin the method requires and
   * be in {@code needs}.
   */
  private static <O> void checkStageReferences(
      MethodPlugin<O> method, String path, String teacher, StageValidation validation) {
    Optional<O> bound = validation.bindNested(path + "/with", method.optionsType());
    if (bound.isEmpty()) {
      return;
    }
    for (MethodPlugin.StageReference reference : method.stageReferences(bound.get())) {
      String option = path + "/with/" + reference.option();
      String body = reference.example().replace("{teacher}", teacher == null ? "teacher" : teacher);
      Optional<String> uses = validation.stageUses(reference.stageId());
      // the missing stage under the id the option gives; a stage to use instead of one of the
      // wrong kind under a fresh id
      String exampleId = reference.stageId();
      if (uses.isPresent()) {
        exampleId =
            reference.option().equals(reference.stageId())
                ? reference.option() + "-stage"
                : reference.option();
      }
      String example = "  " + exampleId + ":\n" + body;
      if (uses.isEmpty()) {
        validation.error(
            option,
            "method '"
                + method.id()
                + "' needs a '"
                + reference.uses()
                + "' stage, and the pipeline has no stage '"
                + reference.stageId()
                + "'. Add one and list it in `needs` of stage '"
                + validation.stageId()
                + "', e.g.\n"
                + example);
      } else if (!uses.get().equals(reference.uses())) {
        validation.error(
            option,
            "method '"
                + method.id()
                + "' needs a '"
                + reference.uses()
                + "' stage here, but stage '"
                + reference.stageId()
                + "' uses '"
                + uses.get()
                + "'; name a stage that uses '"
                + reference.uses()
                + "', e.g.\n"
                + example);
      } else if (!validation.needs().contains(reference.stageId())) {
        validation.error(
            option,
            "stage '"
                + reference.stageId()
                + "' (used by method '"
                + method.id()
                + "') must be listed in `needs` of stage '"
                + validation.stageId()
                + "' (needs: "
                + validation.needs()
                + ")");
      }
    }
  }

  @Override
  public Optional<Preflight.ModelSpec> producedModel(DistillOptions options) {
    return Optional.of(new Preflight.ModelSpec(options.student(), options.studentOptions()));
  }

  /**
   * Checks the transfer set against the dataset; builds teacher and student and creates every
   * method: feature points and shapes must fit. Then computes every loss once on a probe batch
   * ({@link LossProbe}): each must be a finite float32 scalar, as in training.
   */
  @Override
  public void preflight(DistillOptions options, Preflight preflight) {
    List<StageOptionProblems.Problem> problems = new ArrayList<>();
    StageChecks.transferSet(preflight, options.transferSet(), problems);
    Optional<Preflight.ModelSpec> teacherModel = preflight.modelOf(options.teacher());
    if (teacherModel.isEmpty()) {
      if (!problems.isEmpty()) {
        throw new StageOptionProblems(problems);
      }
      return;
    }
    Network teacher = preflight.network(teacherModel.get(), null);
    Network student =
        StageChecks.buildable(
            preflight,
            options.student(),
            options.studentOptions(),
            "student",
            "student-options",
            problems);
    if (!problems.isEmpty()) {
      throw new StageOptionProblems(problems);
    }
    try (NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      LossProbe probe = LossProbe.of(preflight, options.epochs(), teacher, student, scope);
      for (int i = 0; i < options.losses().size(); i++) {
        LossTerm term = options.losses().get(i);
        MethodPlugin<?> method = preflight.plugins().method(term.uses()).orElseThrow();
        String source = source(i, term);
        DistillationLoss loss;
        try {
          loss =
              create(
                  method,
                  term.with(),
                  new MethodSetup(
                      teacher,
                      student,
                      scope,
                      MethodSetup.Upstream.forPreflight(),
                      preflight.trainingLabels()));
        } catch (UserException e) {
          problems.add(
              new StageOptionProblems.Problem("/losses/" + i, source + ": " + e.getMessage()));
          continue;
        }
        String path = "/losses/" + i;
        probe
            .check(loss, source)
            .ifPresent(problem -> problems.add(new StageOptionProblems.Problem(path, problem)));
        loss.notProbedBecause()
            .ifPresent(reason -> preflight.note(source + " was not probed: " + reason));
      }
    }
    if (!problems.isEmpty()) {
      throw new StageOptionProblems(problems);
    }
  }

  /** How errors name a loss: {@code losses[1] (uses: my-loss)}. */
  private static String source(int index, LossTerm term) {
    return "losses[" + index + "] (uses: " + term.uses() + ")";
  }

  @Override
  public StageResult run(DistillOptions options, StageContext stageContext) {
    TransferSet transferSet = TransferSetContext.select(stageContext, options.transferSet());
    // the training loop, the methods and the teacher-output store all see the transfer set
    StageContext context = TransferSetContext.of(stageContext, transferSet);
    ModelArtifact teacherModel = teacherArtifact(options, context);
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      Network teacher = context.loadModel(teacherModel, manager);
      teacher.block().freezeParameters(true);
      Network student =
          context.newNetwork(options.student(), options.studentOptions(), manager, context.seed());
      InitialWeights.apply(context, options.initFrom(), student, manager);
      List<DistillationObjective.WeightedLoss> losses = new ArrayList<>();
      MethodSetup.Upstream upstream =
          new MethodSetup.Upstream(false, context.inputs(), context.runDirectory());
      for (int i = 0; i < options.losses().size(); i++) {
        LossTerm term = options.losses().get(i);
        MethodPlugin<?> method = context.plugins().method(term.uses()).orElseThrow();
        DistillationLoss loss;
        try {
          loss =
              create(
                  method,
                  term.with(),
                  new MethodSetup(
                      teacher, student, manager, upstream, context.trainSplit().labels()));
        } catch (UserException e) {
          throw new UserException(
              "losses["
                  + i
                  + "] (uses: "
                  + term.uses()
                  + ", teacher stage '"
                  + options.teacher()
                  + "'): "
                  + e.getMessage(),
              e);
        }
        double weight = term.weight() == null ? method.defaultWeight() : term.weight();
        losses.add(new DistillationObjective.WeightedLoss(loss, weight, source(i, term)));
      }
      DistillationObjective objective =
          new DistillationObjective(
              context.stageId(), student, teacher, options.ceWeight(), losses, manager);
      String computedBecause = useTeacherCache(options, context, teacherModel, teacher, objective);
      TrainingLoop.Report report =
          new TrainingLoop(context, options.trainingSettings(), objective, manager).run();
      String teacherOutputs =
          objective
              .teacherCache()
              .map(TeacherOutputSource::status)
              .orElse("computed: " + computedBecause);
      if (objective.teacherCache().filter(cache -> !cache.reading()).isPresent()) {
        context.monitor().record("teacher-outputs", Map.of("source", teacherOutputs));
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("teacher", options.teacher());
      extra.put(TEACHER_OUTPUTS, teacherOutputs);
      extra.put("losses", losses.stream().map(l -> l.loss().name() + "×" + l.weight()).toList());
      extra.put("ce-weight", options.ceWeight());
      extra.put(TransferSet.REPORT_ENTRY, transferSet.reportEntry());
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

  /**
   * Reads the teacher's outputs from a feature store among the needed stages when the batches are
   * not augmented and a store of this teacher on the training split exists; returns why the teacher
   * runs otherwise (null when the store is used).
   */
  private static String useTeacherCache(
      DistillOptions options,
      StageContext context,
      ModelArtifact teacherModel,
      Network teacher,
      DistillationObjective objective) {
    String reason;
    if (options.augmentation().enabled()) {
      reason =
          "training batches are augmented (crop-padding "
              + options.augmentation().cropPadding()
              + ", horizontal-flip "
              + options.augmentation().horizontalFlip()
              + "); stored outputs are of un-augmented images";
    } else {
      FeatureStores.Lookup lookup = FeatureStores.find(context, teacherModel, "train");
      if (lookup.found().isPresent()) {
        FeatureStores.Found found = lookup.found().get();
        objective.useTeacherCache(new TeacherOutputCache(found.store(), found.stage(), teacher));
        context
            .monitor()
            .record(
                "teacher-outputs",
                Map.of(
                    "source",
                    "cached (stage " + found.stage() + ")",
                    "points",
                    found.store().points()));
        return null;
      }
      reason = lookup.reason();
    }
    context.monitor().record("teacher-outputs", Map.of("source", "computed: " + reason));
    return reason;
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
