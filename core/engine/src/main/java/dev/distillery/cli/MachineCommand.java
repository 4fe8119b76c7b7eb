package dev.distillery.cli;

import dev.distillery.engine.MachineFacts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "machine",
    mixinStandardHelpOptions = true,
    description =
        "Prints what decides floating-point results here: CPU model, vector instruction sets,"
            + " engine version and libtorch thread counts (quote it with figures and bug reports).")
final class MachineCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.print(MachineFacts.describe());
    return 0;
  }
}
