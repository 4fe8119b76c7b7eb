package dev.distillery.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON pointers as people read them: {@code /stages/teacher/needs/0} is {@code
 * stages.teacher.needs[0]}.
 */
final class PipelinePaths {

  private PipelinePaths() {}

  /** The segments of a pointer, unescaped. */
  static List<String> segments(String pointer) {
    List<String> segments = new ArrayList<>();
    if (pointer.isEmpty()) {
      return segments;
    }
    for (String part : pointer.substring(1).split("/", -1)) {
      segments.add(part.replace("~1", "/").replace("~0", "~"));
    }
    return segments;
  }

  /** A dotted path for messages; {@code the pipeline} for the root. */
  static String display(String pointer) {
    if (pointer.isEmpty()) {
      return "the pipeline";
    }
    StringBuilder text = new StringBuilder();
    for (String segment : segments(pointer)) {
      if (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit)) {
        text.append('[').append(segment).append(']');
      } else {
        if (text.length() > 0) {
          text.append('.');
        }
        text.append(segment);
      }
    }
    return text.toString();
  }
}
