package dev.gatehouse.gateway.routing;

import java.util.Locale;

/**
 * Route metadata {@code gatehouse.binding}: what a device-bound session (DBSC) needs on a route.
 * Whatever the mode, the internal JWT carries {@code dbsc.jkt} only when the request proved the
 * binding (a valid bound credential).
 */
enum BindingMode {
  /** Any session passes: the bound credential is not looked at for the decision. */
  OFF,
  /**
   * A session that is not bound passes (browsers without DBSC); a bound session needs a valid bound
   * credential. The default.
   */
  PREFERRED,
  /** The session must be bound, and its bound credential valid. */
  REQUIRED;

  static BindingMode parse(String value) {
    // YAML 1.1 (SnakeYAML) reads an unquoted `off` as the boolean false.
    if ("false".equalsIgnoreCase(value.trim())) {
      return OFF;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(
          "gatehouse.binding must be required, preferred or off, not '" + value + "'", ex);
    }
  }

  String metadataValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
