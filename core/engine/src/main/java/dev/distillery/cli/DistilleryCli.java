package dev.distillery.cli;

import dev.distillery.spi.UserException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code distillery} command line. */
@Command(
    name = "distillery",
    mixinStandardHelpOptions = true,
    versionProvider = DistilleryCli.Version.class,
    description = "Knowledge-distillation pipelines for the JVM.",
    subcommands = {
      RunCommand.class,
      ResumeCommand.class,
      ValidateCommand.class,
      ListCommand.class,
      RunsCommand.class,
      ReportCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      WorkerCommand.class,
      ClusterCommand.class,
      SchemaCommand.class,
      BenchCommand.class,
      MachineCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DistilleryCli {

  /** Exit code for user mistakes (bad pipeline file, missing data, bad option). */
  public static final int USAGE = 2;

  /** Exit code when a run was interrupted (Ctrl-C); the run can be resumed. */
  public static final int INTERRUPTED = 130;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (used by tests). */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new DistilleryCli());
    commandLine.setExecutionExceptionHandler(
        (error, cmd, parseResult) -> {
          PrintWriter err = cmd.getErr();
          Throwable cause = error;
          while (!(cause instanceof UserException) && cause.getCause() != null) {
            cause = cause.getCause();
          }
          if (cause instanceof UserException user) {
            err.println("error: " + user.getMessage());
            err.flush();
            return USAGE;
          }
          err.println("internal error: " + error);
          error.printStackTrace(err);
          err.flush();
          return 1;
        });
    return commandLine.execute(args);
  }

  /** The version from the jar manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = DistilleryCli.class.getPackage().getImplementationVersion();
      return new String[] {"distillery " + (version == null ? "development" : version)};
    }
  }
}
