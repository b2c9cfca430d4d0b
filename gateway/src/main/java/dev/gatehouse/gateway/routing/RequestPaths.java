package dev.gatehouse.gateway.routing;

import org.jspecify.annotations.Nullable;

/**
 * The paths the gateway relays: it decides on the path the upstream will see, so it refuses every
 * spelling that an upstream could resolve differently from the gateway's route matching (the stance
 * of Envoy's {@code normalize_path} with escaped slashes rejected, and of Spring Security's {@code
 * StrictHttpFirewall}): dot-segments in any encoding, encoded {@code /} or {@code \}, a raw {@code
 * \}, {@code ;} path parameters (Tomcat and Jetty strip them before matching), double encoding
 * ({@code %25}), empty segments ({@code //}), control characters, invalid escapes. A path that
 * passes means the same thing to every server behind the gateway.
 */
final class RequestPaths {

  private RequestPaths() {}

  /** Why {@code rawPath} (still percent-encoded, without the query) is refused, or null. */
  static @Nullable String violation(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return "not-absolute";
    }
    int segmentStart = 1;
    for (int i = 1; i <= rawPath.length(); i++) {
      if (i == rawPath.length() || rawPath.charAt(i) == '/') {
        String reason = segmentViolation(rawPath, segmentStart, i, i == rawPath.length());
        if (reason != null) {
          return reason;
        }
        segmentStart = i + 1;
      }
    }
    return null;
  }

  private static @Nullable String segmentViolation(String path, int start, int end, boolean last) {
    if (start == end) {
      // "/" itself and one trailing slash ("/admin/") are ordinary; "//" anywhere is not.
      return last ? null : "empty-segment";
    }
    StringBuilder decoded = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        int value = i + 2 < end ? hex(path.charAt(i + 1), path.charAt(i + 2)) : -1;
        if (value < 0) {
          return "invalid-escape";
        }
        String reason = escapedViolation(value);
        if (reason != null) {
          return reason;
        }
        decoded.append((char) value);
        i += 2;
      } else {
        String reason = rawViolation(c);
        if (reason != null) {
          return reason;
        }
        decoded.append(c);
      }
    }
    String segment = decoded.toString();
    return segment.equals(".") || segment.equals("..") ? "dot-segment" : null;
  }

  private static @Nullable String rawViolation(char c) {
    if (c == '\\') {
      return "backslash";
    }
    if (c == ';') {
      return "path-parameter";
    }
    if (c <= 0x20 || c >= 0x7f) {
      return "control-or-non-ascii";
    }
    return null;
  }

  private static @Nullable String escapedViolation(int value) {
    return switch (value) {
      case '/', '\\' -> "encoded-slash";
      case '%' -> "double-encoding";
      case ';' -> "path-parameter";
      default -> value < 0x20 || value == 0x7f ? "encoded-control" : null;
    };
  }

  private static int hex(char high, char low) {
    int h = Character.digit(high, 16);
    int l = Character.digit(low, 16);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }
}
