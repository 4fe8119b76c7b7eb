package dev.distillery.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's thread counts, set explicitly rather than left to libtorch (whose default follows the
 * core count, so results would change from machine to machine): {@code threads} intra-op threads
 * shared out between the {@code slots} stages that may run at once, each getting {@code threads /
 * slots} (at least one); inter-op threads stay as the launcher pins them (1).
 *
 * @param intraOp intra-op threads each stage computes with
 * @param interOp inter-op threads
 * @param slots stages that may run at once on the CPU
 */
public record ThreadCounts(int intraOp, int interOp, int slots) {

  /** Sets libtorch's intra-op threads to {@code threads / slots} and returns what is in force. */
  public static ThreadCounts apply(int threads, int slots) {
    if (threads < 1 || slots < 1) {
      throw new IllegalArgumentException("threads and slots must be at least 1");
    }
    int intraOp = Math.max(1, threads / slots);
    // read by the PyTorch engine when it starts; set again below in case it has started already
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(intraOp));
    Engine.getInstance();
    if (JniUtils.getNumThreads() != intraOp) {
      JniUtils.setNumThreads(intraOp);
    }
    return new ThreadCounts(JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), slots);
  }

  /** What is in force now, for a run of {@code slots} CPU slots. */
  public static ThreadCounts current(int slots) {
    Engine.getInstance();
    return new ThreadCounts(JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), slots);
  }
}
