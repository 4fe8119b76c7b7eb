package dev.distillery.cli;

import dev.distillery.cluster.ClusterCredential;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Cluster set-up.",
    subcommands = {ClusterCommand.Init.class})
final class ClusterCommand {

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description =
          "Makes a cluster credential: a key pair and certificate for the event bus's mutual TLS"
              + " and a secret workers sign their adverts with. Copy the directory to every node"
              + " (it is secret: owner-only permissions) and pass --cluster-credential DIR.")
  static final class Init implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Where to write the credential (new).")
    Path directory;

    @Override
    public Integer call() {
      ClusterCredential credential = ClusterCredential.create(directory);
      System.out.println(
          "cluster credential "
              + credential.fingerprint()
              + " written to "
              + directory.toAbsolutePath()
              + " (cluster.p12, cluster-cert.pem, cluster.properties)");
      System.out.println(
          "copy it to every node and start each member with --cluster-credential " + directory);
      return 0;
    }
  }
}
