package dev.distillery.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.Plugin;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a plugin module's README against the plugins the module registers: every plugin has
 * exactly one section {@code ## <id>: <title>}, no such section names an id the module does not
 * register, and the options table of a plugin's section (the table whose header starts with {@code
 * | key |}) lists exactly the keys its options record binds from a pipeline file — the record's
 * properties as {@link OptionsMapper} names them (kebab-case). Other level-2 headings (shared text
 * such as {@code ## Golden values} or {@code ## Feature methods at, sp: what they share}) are not
 * plugin sections; lines inside fenced code blocks are ignored.
 *
 * <p>Use it in a test of the plugin module, whose working directory (surefire's) is the module
 * directory:
 *
 * <pre>{@code
 * List<Plugin<?>> plugins = PluginReadme.pluginsOfModule(MyMethod.class, MethodPlugin.class);
 * assertThat(PluginReadme.problems(Files.readString(Path.of("README.md")), plugins)).isEmpty();
 * }</pre>
 */
public final class PluginReadme {

  private static final Pattern PLUGIN_HEADING = Pattern.compile("^## ([a-z0-9][a-z0-9-]*): \\S.*");

  private PluginReadme() {}

  /**
   * The providers of the given service interfaces that {@link ServiceLoader} finds on the class
   * path and whose classes come from the same place (class folder or jar) as {@code moduleClass}:
   * the plugins of that module, without those of the modules it depends on.
   */
  public static List<Plugin<?>> pluginsOfModule(Class<?> moduleClass, Class<?>... services) {
    URL module = location(moduleClass);
    List<Plugin<?>> plugins = new ArrayList<>();
    for (Class<?> service : services) {
      if (!Plugin.class.isAssignableFrom(service)) {
        throw new IllegalArgumentException(service.getName() + " is not a plugin interface");
      }
      for (Object provider : ServiceLoader.load(service, moduleClass.getClassLoader())) {
        if (Objects.equals(location(provider.getClass()), module)) {
          plugins.add((Plugin<?>) provider);
        }
      }
    }
    return plugins;
  }

  private static URL location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }

  /**
   * The keys an options record binds from a pipeline file, in declaration order: its properties as
   * {@link OptionsMapper}'s naming strategy names them (e.g. {@code initPredVar} is {@code
   * init-pred-var}).
   */
  public static Set<String> optionKeys(Class<?> optionsType) {
    ObjectMapper mapper = OptionsMapper.mapper();
    BeanDescription description =
        mapper.getDeserializationConfig().introspect(mapper.constructType(optionsType));
    Set<String> keys = new LinkedHashSet<>();
    for (BeanPropertyDefinition property : description.findProperties()) {
      keys.add(property.getName());
    }
    return keys;
  }

  /**
   * What is wrong with {@code readme} for {@code plugins}, one line each naming the plugin (or the
   * heading) and what to fix; empty when the README matches.
   */
  public static List<String> problems(String readme, Collection<? extends Plugin<?>> plugins) {
    requireNonNull(readme, "readme is null");
    Map<String, Plugin<?>> byId = new LinkedHashMap<>();
    for (Plugin<?> plugin : plugins) {
      byId.put(plugin.id(), plugin);
    }
    List<Section> sections = sections(readme);
    List<String> problems = new ArrayList<>();
    for (Section section : sections) {
      if (!byId.containsKey(section.id())) {
        problems.add(
            "section '"
                + section.heading()
                + "' (line "
                + section.line()
                + ") names no plugin of this module; its plugins are "
                + byId.keySet()
                + " (shared text belongs under a heading that is not '## <id>: ...')");
      }
    }
    for (Plugin<?> plugin : byId.values()) {
      String id = plugin.id();
      List<Section> own = sections.stream().filter(s -> s.id().equals(id)).toList();
      String name = id + " (" + plugin.getClass().getSimpleName() + ")";
      if (own.isEmpty()) {
        problems.add(name + " has no section '## " + id + ": <title>' in the README");
        continue;
      }
      if (own.size() > 1) {
        problems.add(
            name
                + " has "
                + own.size()
                + " sections (lines "
                + own.stream().map(s -> String.valueOf(s.line())).toList()
                + "); put its text in one");
      }
      problems.addAll(tableProblems(name, own.get(0), optionKeys(plugin.optionsType()), plugin));
    }
    return problems;
  }

  private static List<String> tableProblems(
      String name, Section section, Set<String> keys, Plugin<?> plugin) {
    String options = plugin.optionsType().getSimpleName();
    if (section.tables().isEmpty()) {
      return keys.isEmpty()
          ? List.of()
          : List.of(
              name
                  + ": its section (line "
                  + section.line()
                  + ") has no options table ('| key | type | default | meaning |'); "
                  + options
                  + " binds "
                  + keys);
    }
    if (section.tables().size() > 1) {
      return List.of(
          name
              + ": its section (line "
              + section.line()
              + ") has "
              + section.tables().size()
              + " options tables; keep one");
    }
    List<String> listed = section.tables().get(0);
    Set<String> missing = new TreeSet<>(keys);
    listed.forEach(missing::remove);
    Set<String> extra = new TreeSet<>(listed);
    extra.removeAll(keys);
    if (missing.isEmpty() && extra.isEmpty()) {
      return List.of();
    }
    StringBuilder problem = new StringBuilder(name).append(": the options table of its section");
    if (!missing.isEmpty()) {
      problem.append(" misses ").append(missing);
    }
    if (!extra.isEmpty()) {
      problem
          .append(missing.isEmpty() ? "" : " and")
          .append(" lists ")
          .append(extra)
          .append(", which ")
          .append(options)
          .append(" does not bind");
    }
    return List.of(
        problem.append(" (").append(options).append(" binds ").append(keys).append(")").toString());
  }

  /** A level-2 section {@code ## <id>: <title>} with the keys of each options table in it. */
  private record Section(String id, String heading, int line, List<List<String>> tables) {}

  private static List<Section> sections(String readme) {
    List<Section> sections = new ArrayList<>();
    String[] lines = readme.split("\\R", -1);
    boolean fenced = false;
    Section current = null;
    List<String> table = null;
    boolean optionsTable = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        table = null;
        continue;
      }
      if (fenced) {
        continue;
      }
      if (line.startsWith("## ")) {
        table = null;
        Matcher matcher = PLUGIN_HEADING.matcher(line);
        current =
            matcher.matches()
                ? new Section(matcher.group(1), line, i + 1, new ArrayList<>())
                : null;
        if (current != null) {
          sections.add(current);
        }
        continue;
      }
      if (!line.startsWith("|")) {
        table = null;
        continue;
      }
      List<String> cells = cells(line);
      if (table == null) {
        table = new ArrayList<>();
        optionsTable = current != null && !cells.isEmpty() && cells.get(0).equals("key");
        if (optionsTable) {
          current.tables().add(table);
        }
        continue; // the header row
      }
      if (!optionsTable || cells.isEmpty() || cells.get(0).matches(":?-+:?")) {
        continue;
      }
      table.add(cells.get(0).replace("`", "").strip());
    }
    return sections;
  }

  private static List<String> cells(String row) {
    String inner = row.strip();
    inner =
        inner.substring(
            1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }
}
