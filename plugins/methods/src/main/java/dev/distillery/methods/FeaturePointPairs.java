package dev.distillery.methods;

import dev.distillery.spi.UserException;
import java.util.List;

/**
 * Checks of the {@code student-features} / {@code teacher-features} options of methods that compare
 * several pairs of feature points (at, nst), and of single {@code student-feature} / {@code
 * teacher-feature} names.
 */
public final class FeaturePointPairs {

  private FeaturePointPairs() {}

  /**
   * The given lists, or the defaults for null; both non-empty, of the same length, without blank
   * names, else a {@link UserException} naming the method and showing the values.
   */
  public static List<List<String>> check(
      String method, List<String> student, List<String> teacher, List<String> defaults) {
    List<String> s = student == null ? defaults : student;
    List<String> t = teacher == null ? defaults : teacher;
    checkNames(method, "student-features", s);
    checkNames(method, "teacher-features", t);
    if (s.size() != t.size()) {
      throw new UserException(
          method
              + " option student-features "
              + s
              + " and teacher-features "
              + t
              + " pair up feature points one by one, so they must have the same length (got "
              + s.size()
              + " and "
              + t.size()
              + "), e.g. student-features: [layer1, layer2, layer3], teacher-features: [layer1,"
              + " layer2, layer3]");
    }
    return List.of(List.copyOf(s), List.copyOf(t));
  }

  private static void checkNames(String method, String option, List<String> names) {
    if (names.isEmpty() || names.stream().anyMatch(n -> n == null || n.isBlank())) {
      throw new UserException(
          method
              + " option "
              + option
              + " is "
              + names
              + "; it must list at least one feature point name, e.g. "
              + option
              + ": [layer1, layer2, layer3]");
    }
  }

  /** The given name or the default for null; a blank name is a {@link UserException}. */
  public static String checkName(String method, String option, String name, String defaultName) {
    String value = name == null ? defaultName : name;
    if (value.isBlank()) {
      throw new UserException(
          method
              + " option "
              + option
              + " is blank; give a feature point name, e.g. "
              + option
              + ": "
              + defaultName);
    }
    return value;
  }
}
