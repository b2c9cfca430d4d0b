package dev.gatehouse.auth.enrollment;

/** What a one-time link is for; {@link #value()} is stored in {@code one_time_links.purpose}. */
public enum LinkPurpose {

  /** The first admin sets their password (bootstrap without a password file). */
  SETUP("setup"),

  /** A user created by an operator sets their first password. */
  ENROLLMENT("enrollment"),

  /** An operator lets a user choose a new password. */
  RESET("reset"),

  /**
   * A user logged in with a temporary password: instead of a session they get this short-lived
   * link, and must choose their own password before any session exists.
   */
  CHANGE("change");

  private final String value;

  LinkPurpose(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  static LinkPurpose fromValue(String value) {
    for (LinkPurpose purpose : values()) {
      if (purpose.value.equals(value)) {
        return purpose;
      }
    }
    throw new IllegalArgumentException("Unknown link purpose " + value);
  }
}
