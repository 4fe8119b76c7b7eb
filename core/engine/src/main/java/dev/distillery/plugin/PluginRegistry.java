package dev.distillery.plugin;

import dev.distillery.spi.ApiVersion;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.ExportFormatPlugin;
import dev.distillery.spi.GeneratorPlugin;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Plugin;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.UserException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plugins found with {@link ServiceLoader} on a class loader: built-in plugins on the class
 * path and third-party jars from the plugin directories (see {@link PluginClassLoaders}).
 *
 * <p>Duplicate ids within a kind are rejected with a message naming both providers. A provider that
 * fails to load is recorded in {@link #problems()} and does not stop discovery of others; so is a
 * jar built against another API version ({@link ApiVersion}), or one that fails to link (likely
 * built against another API). Each plugin's {@link #origin} (jar or classes directory, version,
 * code digest) is what {@code distillery list} shows and what stage keys include.
 */
public final class PluginRegistry implements PluginCatalog {

  /** The plugin kinds, with the word used for them in messages. */
  public enum Kind {
    STAGE("stage", StagePlugin.class),
    METHOD("distillation method", MethodPlugin.class),
    RECIPE("data-free recipe", DataFreeRecipePlugin.class),
    MODEL("model", ModelPlugin.class),
    GENERATOR("generator", GeneratorPlugin.class),
    DATASET("dataset", DatasetPlugin.class),
    EXPORT_FORMAT("export format", ExportFormatPlugin.class);

    private final String label;
    private final Class<?> spi;

    Kind(String label, Class<?> spi) {
      this.label = label;
      this.spi = spi;
    }

    public String label() {
      return label;
    }
  }

  private final Map<Kind, Map<String, Plugin<?>>> byKind = new java.util.EnumMap<>(Kind.class);
  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Set<String> undeclaredJars = new HashSet<>();

  private PluginRegistry() {}

  /** Discovers all plugin kinds on the given class loader. */
  public static PluginRegistry discover(ClassLoader loader) {
    PluginRegistry registry = new PluginRegistry();
    for (Kind kind : Kind.values()) {
      registry.load(kind, loader);
    }
    return registry;
  }

  private void load(Kind kind, ClassLoader loader) {
    Map<String, Plugin<?>> plugins = new TreeMap<>();
    byKind.put(kind, plugins);
    ServiceLoader<?> serviceLoader = ServiceLoader.load(kind.spi, loader);
    var iterator = serviceLoader.stream().iterator();
    while (true) {
      ServiceLoader.Provider<?> provider;
      try {
        if (!iterator.hasNext()) {
          break;
        }
        provider = iterator.next();
      } catch (ServiceConfigurationError e) {
        LinkageError linkage = linkageCause(e);
        problems.add(
            linkage == null
                ? kind.label + " provider could not be loaded: " + e.getMessage()
                : kind.label
                    + " provider could not be loaded: "
                    + e.getMessage()
                    + "; "
                    + linkageHint(linkage));
        continue;
      }
      Class<?> type;
      try {
        type = provider.type();
      } catch (ServiceConfigurationError | LinkageError e) {
        problems.add(kind.label + " provider could not be loaded: " + e.getMessage());
        continue;
      }
      PluginOrigin origin = PluginOrigin.of(type);
      if (!apiVersionAccepted(kind, type, origin)) {
        continue;
      }
      Plugin<?> plugin;
      try {
        plugin = (Plugin<?>) provider.get();
        // the first calls into the plugin: a jar built against another API fails here
        plugin.id();
        plugin.description();
        plugin.optionsType();
      } catch (LinkageError e) {
        problems.add(
            kind.label
                + " provider "
                + type.getName()
                + " from "
                + origin.displayName()
                + " failed: "
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage()
                + "; "
                + linkageHint(e));
        continue;
      } catch (ServiceConfigurationError | RuntimeException e) {
        LinkageError linkage = linkageCause(e);
        problems.add(
            kind.label
                + " provider "
                + type.getName()
                + " from "
                + origin.displayName()
                + " failed: "
                + e.getMessage()
                + (linkage == null ? "" : "; " + linkageHint(linkage)));
        continue;
      }
      Plugin<?> previous = plugins.putIfAbsent(plugin.id(), plugin);
      if (previous != null && previous.getClass() != plugin.getClass()) {
        throw new UserException(
            "two "
                + kind.label
                + " plugins have the id '"
                + plugin.id()
                + "': "
                + previous.getClass().getName()
                + " ("
                + location(previous)
                + ") and "
                + plugin.getClass().getName()
                + " ("
                + location(plugin)
                + "); remove one of the jars from the plugin directory or rename one id");
      }
    }
  }

  /**
   * Whether a provider's jar was built against this API: refused (a problem) when it declares an
   * API version of another major.minor, loaded with a warning (once per jar) when it declares none.
   */
  private boolean apiVersionAccepted(Kind kind, Class<?> type, PluginOrigin origin) {
    if (!origin.jar()) {
      return true;
    }
    String declared = origin.apiVersion();
    if (declared == null) {
      if (undeclaredJars.add(origin.location())) {
        warnings.add(
            "plugin jar "
                + origin.displayName()
                + " declares no "
                + ApiVersion.MANIFEST_ATTRIBUTE
                + "; rebuild it against distillery-api "
                + ApiVersion.current());
      }
      return true;
    }
    if (ApiVersion.compatible(declared)) {
      return true;
    }
    problems.add(
        kind.label
            + " provider "
            + type.getName()
            + " refused: plugin jar "
            + origin.displayName()
            + " ("
            + origin.location()
            + ") was built against distillery-api "
            + declared
            + ", but this Distillery runs distillery-api "
            + ApiVersion.current()
            + "; rebuild it against distillery-api "
            + ApiVersion.current()
            + " or use a Distillery of the "
            + ApiVersion.majorMinor(declared)
            + " line");
    return false;
  }

  private static LinkageError linkageCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof LinkageError linkage) {
        return linkage;
      }
    }
    return null;
  }

  private static String linkageHint(LinkageError e) {
    return "the plugin was likely built against another Distillery API version ("
        + e.getClass().getSimpleName()
        + "); rebuild it against distillery-api "
        + ApiVersion.current();
  }

  private static String location(Plugin<?> plugin) {
    var source = plugin.getClass().getProtectionDomain().getCodeSource();
    return source == null ? "unknown location" : String.valueOf(source.getLocation());
  }

  /** Providers that failed to load or were refused, one message each; empty when all loaded. */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  /** What loaded but deserves a warning (a jar that declares no API version), one line each. */
  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  /** Where a plugin's code came from, its version and the digest stage keys include. */
  public PluginOrigin origin(Plugin<?> plugin) {
    return PluginOrigin.of(plugin.getClass());
  }

  /** All plugins of a kind, by id in alphabetical order. */
  public Map<String, Plugin<?>> all(Kind kind) {
    return Collections.unmodifiableMap(byKind.get(kind));
  }

  /** The plugin of a kind with this id, or an error that lists the ids available. */
  public Plugin<?> require(Kind kind, String id) {
    Plugin<?> plugin = byKind.get(kind).get(id);
    if (plugin == null) {
      throw new UserException(unknownIdMessage(kind, id));
    }
    return plugin;
  }

  /** "unknown model 'x'; available: a, b, c". */
  public String unknownIdMessage(Kind kind, String id) {
    return "unknown "
        + kind.label
        + " '"
        + id
        + "'; available: "
        + String.join(", ", byKind.get(kind).keySet())
        + " (add a plugin jar to the plugin directory for others)";
  }

  @SuppressWarnings("unchecked")
  private <T> Optional<T> find(Kind kind, String id) {
    return Optional.ofNullable((T) byKind.get(kind).get(id));
  }

  @SuppressWarnings("unchecked")
  private <T> Collection<T> values(Kind kind) {
    return (Collection<T>) Collections.unmodifiableCollection(byKind.get(kind).values());
  }

  @Override
  public Optional<StagePlugin<?>> stage(String id) {
    return find(Kind.STAGE, id);
  }

  @Override
  public Optional<MethodPlugin<?>> method(String id) {
    return find(Kind.METHOD, id);
  }

  @Override
  public Optional<ModelPlugin<?>> model(String id) {
    return find(Kind.MODEL, id);
  }

  @Override
  public Optional<DatasetPlugin<?>> dataset(String id) {
    return find(Kind.DATASET, id);
  }

  @Override
  public Collection<StagePlugin<?>> stages() {
    return values(Kind.STAGE);
  }

  @Override
  public Collection<MethodPlugin<?>> methods() {
    return values(Kind.METHOD);
  }

  @Override
  public Collection<ModelPlugin<?>> models() {
    return values(Kind.MODEL);
  }

  @Override
  public Collection<DatasetPlugin<?>> datasets() {
    return values(Kind.DATASET);
  }

  @Override
  public Optional<DataFreeRecipePlugin<?>> recipe(String id) {
    return find(Kind.RECIPE, id);
  }

  @Override
  public Optional<GeneratorPlugin<?>> generator(String id) {
    return find(Kind.GENERATOR, id);
  }

  @Override
  public Collection<DataFreeRecipePlugin<?>> recipes() {
    return values(Kind.RECIPE);
  }

  @Override
  public Collection<GeneratorPlugin<?>> generators() {
    return values(Kind.GENERATOR);
  }

  @Override
  public Optional<ExportFormatPlugin> exportFormat(String id) {
    return find(Kind.EXPORT_FORMAT, id);
  }

  @Override
  public Collection<ExportFormatPlugin> exportFormats() {
    return values(Kind.EXPORT_FORMAT);
  }
}
