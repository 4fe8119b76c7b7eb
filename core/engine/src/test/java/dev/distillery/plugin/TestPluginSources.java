package dev.distillery.plugin;

/** Sources of tiny third-party plugins for tests that build jars with {@link PluginJar}. */
final class TestPluginSources {

  private TestPluginSources() {}

  /** A method plugin {@code acme.<className>} with this id; {@code extra} goes into its body. */
  static String method(String className, String id, String extra) {
    return """
        package acme;

        import dev.distillery.spi.*;

        public final class %s implements MethodPlugin<NoOptions> {
          public String id() { return "%s"; }
          public String description() { return "a third-party method"; }
          public Class<NoOptions> optionsType() { return NoOptions.class; }
          public DistillationLoss create(NoOptions options, MethodSetup setup) {
            throw new IllegalStateException("not used in this test");
          }
          %s
        }
        """
        .formatted(className, id, extra);
  }
}
