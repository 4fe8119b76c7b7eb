package dev.distillery.testing;

import dev.distillery.engine.MachineFacts;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints the machine facts (CPU, vector instruction sets, libtorch threads) at the start of the
 * core test run, the first of the build, so that a failing float comparison can be tied to the
 * machine that ran it.
 */
public final class MachineFactsPrinter implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    System.out.print("== test machine ==\n" + MachineFacts.describe());
  }
}
