package dev.gatehouse.auth.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Where to send the browser after login: only a same-origin relative path, so {@code next} can
 * never become an open redirect. Anything doubtful becomes {@code /}.
 *
 * <p>Refused: no leading {@code /}; {@code //} or {@code /\} at the start (browsers read both as
 * another host); any backslash, control character or whitespace; a scheme or authority; and the
 * same after percent-decoding, whitespace apart (so an encoded CR/LF or {@code //} does not slip
 * through a later decoding step).
 */
final class SafeRedirect {

  static final String DEFAULT = "/";
  static final int MAX_LENGTH = 2048;

  private SafeRedirect() {}

  static String sanitize(@Nullable String next) {
    if (next == null
        || next.isEmpty()
        || next.length() > MAX_LENGTH
        || !isSafe(next, true)
        || !isRelativePath(next)) {
      return DEFAULT;
    }
    try {
      // Whatever decodes this later must not find a CR/LF, a backslash or a second leading slash.
      return isSafe(URLDecoder.decode(next, StandardCharsets.UTF_8), false) ? next : DEFAULT;
    } catch (IllegalArgumentException ex) {
      return DEFAULT;
    }
  }

  private static boolean isSafe(String path, boolean refuseWhitespace) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    if (path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\')) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\'
          || Character.isISOControl(c)
          || (refuseWhitespace && Character.isWhitespace(c))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRelativePath(String path) {
    try {
      URI uri = new URI(path);
      return uri.getScheme() == null && uri.getRawAuthority() == null;
    } catch (URISyntaxException ex) {
      return false;
    }
  }
}
