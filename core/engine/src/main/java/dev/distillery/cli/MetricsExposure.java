package dev.distillery.cli;

import dev.distillery.spi.UserException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who can read a metrics endpoint: a bearer token read from a file (never from the command line,
 * where other users see it), and a warning when the endpoint binds a non-loopback address without
 * one.
 */
final class MetricsExposure {

  private MetricsExposure() {}

  /** The token in {@code file} (trimmed), or null without a file. */
  static String token(Path file) {
    if (file == null) {
      return null;
    }
    String token;
    try {
      token = Files.readString(file).strip();
    } catch (IOException e) {
      throw new UserException(
          "cannot read --metrics-token-file '" + file + "': " + e.getMessage(), e);
    }
    if (token.length() < 16 || token.chars().anyMatch(Character::isWhitespace)) {
      throw new UserException(
          "--metrics-token-file '"
              + file
              + "' must hold one token of at least 16 characters without spaces (e.g. from"
              + " `openssl rand -hex 24`)");
    }
    return token;
  }

  /** Warns when {@code host} is reachable from other machines and no token guards it. */
  static void warnIfExposed(String host, Integer port, String token, PrintStream err) {
    if (port == null || token != null || isLoopback(host)) {
      return;
    }
    err.println(
        "warning: --metrics-host "
            + host
            + " serves /metrics (and the status page) to anyone who can reach port "
            + (port == 0 ? "(any)" : port)
            + "; require a token with --metrics-token-file FILE (deploy/README.md shows the"
            + " Prometheus side), or bind 127.0.0.1");
  }

  private static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
