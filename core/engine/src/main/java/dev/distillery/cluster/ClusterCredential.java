package dev.distillery.cluster;

import dev.distillery.engine.ClusterTrust;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster credential: a directory made once by {@code distillery cluster init} and copied to
 * every node. It holds a key pair with a self-signed certificate ({@code cluster.p12}, its
 * certificate alone in {@code cluster-cert.pem}) with which the event bus runs mutual TLS (every
 * member presents it and trusts only it), and a secret ({@code cluster.properties}) with which
 * workers sign their adverts (HMAC-SHA256), so that a coordinator refuses a worker holding another
 * credential with a message on both sides.
 */
public final class ClusterCredential implements ClusterTrust {

  static final String KEY_STORE = "cluster.p12";
  static final String CERTIFICATE = "cluster-cert.pem";
  static final String PROPERTIES = "cluster.properties";

  private final Path directory;
  private final String password;
  private final byte[] secret;

  private ClusterCredential(Path directory, String password, byte[] secret) {
    this.directory = directory;
    this.password = password;
    this.secret = secret;
  }

  /** Makes a new credential in {@code directory} (which must not hold one yet). */
  public static ClusterCredential create(Path directory) {
    if (Files.exists(directory.resolve(PROPERTIES))) {
      throw new UserException(
          "'"
              + directory
              + "' already holds a cluster credential; choose another directory, or delete it"
              + " first (every node then needs the new one)");
    }
    SecureRandom random = new SecureRandom();
    byte[] passwordBytes = new byte[18];
    random.nextBytes(passwordBytes);
    String password = HexFormat.of().formatHex(passwordBytes);
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    try {
      Files.createDirectories(directory);
      ownerOnly(directory, "rwx------");
      Path keyStore = directory.resolve(KEY_STORE);
      keytool(
          password,
          "-genkeypair",
          "-alias",
          "distillery-cluster",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-sigalg",
          "SHA256withECDSA",
          "-dname",
          "CN=distillery-cluster",
          "-validity",
          "3650",
          "-storetype",
          "PKCS12",
          "-keystore",
          keyStore.toString(),
          "-storepass:env",
          PASSWORD_VARIABLE,
          "-keypass:env",
          PASSWORD_VARIABLE);
      keytool(
          password,
          "-exportcert",
          "-rfc",
          "-alias",
          "distillery-cluster",
          "-keystore",
          keyStore.toString(),
          "-storetype",
          "PKCS12",
          "-storepass:env",
          PASSWORD_VARIABLE,
          "-file",
          directory.resolve(CERTIFICATE).toString());
      Properties properties = new Properties();
      properties.setProperty("password", password);
      properties.setProperty("secret", HexFormat.of().formatHex(secret));
      Path file = directory.resolve(PROPERTIES);
      try (OutputStream out = Files.newOutputStream(file)) {
        properties.store(out, "Distillery cluster credential: copy this directory to every node");
      }
      ownerOnly(file, "rw-------");
      ownerOnly(keyStore, "rw-------");
    } catch (IOException e) {
      throw new UserException(
          "cannot write the cluster credential to '" + directory + "': " + e.getMessage(), e);
    }
    return new ClusterCredential(directory, password, secret);
  }

  /** Reads a credential made by {@link #create}. */
  public static ClusterCredential load(Path directory) {
    Path file = directory.resolve(PROPERTIES);
    for (Path needed :
        List.of(file, directory.resolve(KEY_STORE), directory.resolve(CERTIFICATE))) {
      if (!Files.isReadable(needed)) {
        throw new UserException(
            "'"
                + directory
                + "' is not a cluster credential (no readable "
                + needed.getFileName()
                + "); make one with `distillery cluster init DIR` and copy it to every node");
      }
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UserException("cannot read '" + file + "': " + e.getMessage(), e);
    }
    String password = properties.getProperty("password");
    String secret = properties.getProperty("secret");
    if (password == null || secret == null) {
      throw new UserException(
          "'"
              + file
              + "' lacks 'password' or 'secret'; make a new credential with"
              + " `distillery cluster init DIR`");
    }
    return new ClusterCredential(directory, password, HexFormat.of().parseHex(secret));
  }

  public Path keyStore() {
    return directory.resolve(KEY_STORE);
  }

  public Path certificate() {
    return directory.resolve(CERTIFICATE);
  }

  public String password() {
    return password;
  }

  /** A short public fingerprint of the secret, for logs (never the secret itself). */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String prove(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String refusal(String text, String proof) {
    if (proof == null) {
      return "it presents no cluster credential; start it with --cluster-credential and a copy of"
          + " this coordinator's credential directory";
    }
    boolean same =
        MessageDigest.isEqual(
            prove(text).getBytes(StandardCharsets.UTF_8), proof.getBytes(StandardCharsets.UTF_8));
    return same
        ? null
        : "its cluster credential differs from this coordinator's; copy the directory made by"
            + " `distillery cluster init` to every node";
  }

  /** keytool reads the password from the environment, not from its visible command line. */
  private static final String PASSWORD_VARIABLE = "DISTILLERY_CLUSTER_PASSWORD";

  private static void keytool(String password, String... arguments) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>();
    command.add(keytool.toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(PASSWORD_VARIABLE, password);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
  }

  private static void ownerOnly(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: leave the permissions to the user
    }
  }
}
