package dev.gatehouse.testsupport.dbsc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two RFC 9651 structured headers a DBSC server sends, parsed just far enough for tests: {@code
 * Secure-Session-Registration} (a list of inner lists of algorithm tokens with parameters) and
 * {@code Secure-Session-Challenge} (a list of strings with an {@code id} parameter). A header that
 * does not parse is an {@link IllegalArgumentException}, so a test sees the server's mistake.
 */
public final class DbscHeaders {

  private DbscHeaders() {}

  /**
   * One offer of {@code Secure-Session-Registration}.
   *
   * @param algorithms the algorithms the server accepts, in its order
   * @param path where to register, as sent (a URL relative to the response's URL)
   * @param challenge the challenge to sign as {@code jti}
   * @param authorization the optional value to echo as the proof's {@code authorization}
   */
  public record Registration(
      List<String> algorithms, String path, String challenge, @Nullable String authorization) {}

  /**
   * One {@code Secure-Session-Challenge} item.
   *
   * @param challenge the challenge to sign as {@code jti}
   * @param id the DBSC session the challenge is for ({@code session_identifier})
   */
  public record Challenge(String challenge, @Nullable String id) {}

  /** The offers of a {@code Secure-Session-Registration} header. */
  public static List<Registration> registrations(String header) {
    Parser parser = new Parser(header);
    List<Registration> offers = new ArrayList<>();
    do {
      parser.spaces();
      List<String> algorithms = parser.innerList();
      Map<String, String> params = parser.parameters();
      String path = params.get("path");
      String challenge = params.get("challenge");
      if (path == null || challenge == null) {
        throw new IllegalArgumentException("registration without path or challenge: " + header);
      }
      offers.add(new Registration(algorithms, path, challenge, params.get("authorization")));
      parser.spaces();
    } while (parser.comma());
    parser.end();
    return offers;
  }

  /** The only offer of a {@code Secure-Session-Registration} header. */
  public static Registration registration(String header) {
    List<Registration> offers = registrations(header);
    if (offers.size() != 1) {
      throw new IllegalArgumentException("expected one registration: " + header);
    }
    return offers.get(0);
  }

  /** The first item of a {@code Secure-Session-Challenge} header. */
  public static Challenge challenge(String header) {
    Parser parser = new Parser(header);
    parser.spaces();
    String challenge = parser.string();
    Map<String, String> params = parser.parameters();
    return new Challenge(challenge, params.get("id"));
  }

  /** A recursive-descent reader of the subset of RFC 9651 used here. */
  private static final class Parser {

    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    List<String> innerList() {
      expect('(');
      List<String> items = new ArrayList<>();
      while (true) {
        while (peek() == ' ') {
          at++;
        }
        if (peek() == ')') {
          at++;
          return items;
        }
        items.add(token());
      }
    }

    Map<String, String> parameters() {
      Map<String, String> params = new LinkedHashMap<>();
      while (peek() == ';') {
        at++;
        spaces();
        String key = key();
        String value = "true";
        if (peek() == '=') {
          at++;
          value = (peek() == '"') ? string() : token();
        }
        params.put(key, value);
      }
      return params;
    }

    String string() {
      expect('"');
      StringBuilder value = new StringBuilder();
      while (true) {
        if (at >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(at++);
        if (c == '\\') {
          value.append(text.charAt(at++));
        } else if (c == '"') {
          return value.toString();
        } else {
          value.append(c);
        }
      }
    }

    private String token() {
      int start = at;
      while (at < text.length() && " ();,=\"".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      if (start == at) {
        throw error("token expected");
      }
      return text.substring(start, at);
    }

    private String key() {
      int start = at;
      while (at < text.length()
          && (Character.isLowerCase(text.charAt(at))
              || Character.isDigit(text.charAt(at))
              || "_-.*".indexOf(text.charAt(at)) >= 0)) {
        at++;
      }
      if (start == at) {
        throw error("key expected");
      }
      return text.substring(start, at);
    }

    void spaces() {
      while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
    }

    boolean comma() {
      if (peek() == ',') {
        at++;
        return true;
      }
      return false;
    }

    void end() {
      if (at != text.length()) {
        throw error("trailing characters");
      }
    }

    private char peek() {
      return (at < text.length()) ? text.charAt(at) : '\0';
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("'" + c + "' expected");
      }
      at++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at " + at + ": " + text);
    }
  }
}
