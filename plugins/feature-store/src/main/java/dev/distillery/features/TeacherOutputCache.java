package dev.distillery.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.distillery.spi.Network;
import dev.distillery.training.TeacherOutputSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A teacher's outputs for training batches, read from a {@link FeatureStore} instead of a forward
 * pass. The outputs have the layout of the teacher's forward pass ({@code features..., logits});
 * each entry is read from the store when a method first asks for it, so only what the methods use
 * is read. When a method asks for a feature point the store lacks, the teacher runs for that batch
 * and for every batch after it, and {@link #status()} says why.
 *
 * <p>Used by {@link dev.distillery.training.DistillationObjective}; only for un-augmented batches
 * of the split the store was made from, whose images are identified by their split indices.
 */
public final class TeacherOutputCache implements TeacherOutputSource {

  private final FeatureStore store;
  private final String storeStage;
  private final List<String> outputNames;
  private boolean reading = true;
  private String fallback;
  private long cachedBatches;
  private long computedBatches;

  /**
   * @param store a store whose key matches the teacher and the training images
   * @param storeStage the stage that wrote it, for messages
   * @param teacher the teacher network (its feature points name the outputs)
   */
  public TeacherOutputCache(FeatureStore store, String storeStage, Network teacher) {
    this.store = store;
    this.storeStage = storeStage;
    List<String> names = new ArrayList<>(teacher.featurePoints());
    names.add(FeatureStore.LOGITS);
    this.outputNames = List.copyOf(names);
  }

  /**
   * The teacher's outputs for a batch.
   *
   * @param images the batch's images (used only when the teacher has to run)
   * @param sampleIndices the split index of each image of the batch
   * @param forward runs the teacher on images and returns its detached outputs
   */
  @Override
  public NDList outputs(NDArray images, int[] sampleIndices, Function<NDArray, NDList> forward) {
    if (!reading || !indexed(images, sampleIndices)) {
      computedBatches++;
      return forward.apply(images);
    }
    cachedBatches++;
    return new StoredOutputs(images, sampleIndices.clone(), forward);
  }

  /** Whether batches are still served from the store. */
  @Override
  public boolean reading() {
    return reading;
  }

  /** Batches served (at least partly) from the store. */
  public long cachedBatches() {
    return cachedBatches;
  }

  /** Batches for which the teacher ran. */
  public long computedBatches() {
    return computedBatches;
  }

  /** The stage whose store is read. */
  public String storeStage() {
    return storeStage;
  }

  /**
   * {@code cached (stage X)} while every batch came from the store, otherwise {@code computed:
   * <reason>}.
   */
  @Override
  public String status() {
    if (fallback != null) {
      return "computed: " + fallback;
    }
    if (cachedBatches == 0 && computedBatches > 0) {
      return "computed: the batches carried no sample indices into the store of stage '"
          + storeStage
          + "'";
    }
    return "cached (stage " + storeStage + ")";
  }

  private boolean indexed(NDArray images, int[] indices) {
    if (indices == null || indices.length != images.getShape().get(0)) {
      return false;
    }
    for (int index : indices) {
      if (index < 0 || index >= store.count()) {
        return false;
      }
    }
    return true;
  }

  private void missing(String point) {
    if (reading) {
      reading = false;
      fallback =
          "a method reads teacher feature point '"
              + point
              + "', which the store of stage '"
              + storeStage
              + "' lacks (it holds "
              + store.points()
              + "); add it to that stage's `features` to cache it";
    }
  }

  /** Outputs whose entries are read from the store (or computed) on first access. */
  private final class StoredOutputs extends NDList {

    private static final long serialVersionUID = 1L;

    private final transient NDArray images;
    private final int[] indices;
    private final transient Function<NDArray, NDList> forward;
    private transient NDList computed;

    StoredOutputs(NDArray images, int[] indices, Function<NDArray, NDList> forward) {
      super(Arrays.asList(new NDArray[outputNames.size()]));
      this.images = images;
      this.indices = indices;
      this.forward = forward;
    }

    @Override
    public NDArray get(int index) {
      NDArray value = super.get(index);
      if (value == null) {
        String name = outputNames.get(index);
        NDManager manager = images.getManager();
        if (store.has(name)) {
          value = store.gather(name, indices, manager);
        } else {
          missing(name);
          if (computed == null) {
            computed = forward.apply(images);
          }
          value = computed.get(index);
        }
        set(index, value);
      }
      return value;
    }

    private void fillAll() {
      for (int i = 0; i < size(); i++) {
        get(i);
      }
    }

    @Override
    public Iterator<NDArray> iterator() {
      fillAll();
      return super.iterator();
    }

    @Override
    public ListIterator<NDArray> listIterator() {
      fillAll();
      return super.listIterator();
    }

    @Override
    public ListIterator<NDArray> listIterator(int index) {
      fillAll();
      return super.listIterator(index);
    }

    @Override
    public Spliterator<NDArray> spliterator() {
      fillAll();
      return super.spliterator();
    }

    @Override
    public void forEach(Consumer<? super NDArray> action) {
      fillAll();
      super.forEach(action);
    }

    @Override
    public Object[] toArray() {
      fillAll();
      return super.toArray();
    }

    @Override
    public <T> T[] toArray(T[] array) {
      fillAll();
      return super.toArray(array);
    }

    @Override
    public List<NDArray> subList(int from, int to) {
      fillAll();
      return super.subList(from, to);
    }

    @Override
    public boolean containsAll(Collection<?> values) {
      fillAll();
      return super.containsAll(values);
    }
  }
}
