package dev.distillery.stages;

/** The measurements of one model, as written to report.json. */
public final class ModelReport {
  public String stage;
  public String role;
  public String architecture;
  public double accuracy;
  public double[] perClassAccuracy;
  public long[][] confusion;
  public long parameters;
  public long multiplyAccumulates;
  public long bytesOnDisk;
  public double latencyBatch1Ms;
  public double latencyBatch64Ms;
  public Double agreement;

  /** How the model was trained: the distillation losses with weights, or cross-entropy. */
  public String training;

  /**
   * Where a distilled model's teacher outputs came from: {@code cached (stage X)} or {@code
   * computed: <reason>} (null for models trained from the labels).
   */
  public String teacherOutputs;

  /** For a student distilled without training data: what it saw and made (null otherwise). */
  public DataFreeNotes dataFree;

  /**
   * What a data-free stage reported about itself.
   *
   * @param recipe the recipe id
   * @param generator the generator, its image shape, latent size and MACs
   * @param dataSeen which data the stage saw
   * @param images the generator's image grids, relative to the run directory, in epoch order
   * @param collapses the collapses the stage detected, each with its epoch and reason
   */
  public record DataFreeNotes(
      String recipe,
      String generator,
      String dataSeen,
      java.util.List<String> images,
      java.util.List<java.util.Map<String, Object>> collapses) {}

  /**
   * The images the model trained on (a training stage's {@code training-images} entry: {@code
   * images}, {@code per-class}, {@code of}, {@code drop-classes}, {@code fraction}); null for other
   * stages.
   */
  public java.util.Map<String, Object> trainingImages;

  /** The omitted-class figures (evaluate option {@code omitted-class}); null without it. */
  public OmittedClassCorrection.Result omittedClass;

  /** The exports of the model and their checks (evaluate option {@code export}); null without. */
  public java.util.List<dev.distillery.export.ExportReport> exports;

  /** Top-1 accuracy minus the baseline's, in percentage points (null without a baseline). */
  public Double gainPoints;

  public String stage() {
    return stage;
  }
}
