package dev.gatehouse.auth.admin;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * The optional {@code reason} operators give for an action. It is recorded in the session row, the
 * revocation log (sent to gateways) and the audit trail, and written to logs: the controllers bound
 * it to {@value #MAX_LENGTH} characters without control characters (no forged log lines).
 */
final class OperatorReasons {

  /** The width of the {@code reason} columns. */
  static final int MAX_LENGTH = 64;

  /** No control characters (CR, LF, TAB, ...). */
  static final String PATTERN = "[^\\p{Cntrl}]*";

  private OperatorReasons() {}

  /** The given reason, trimmed, or the default when none was given. */
  static String orDefault(@Nullable String reason, String defaultReason) {
    return StringUtils.hasText(reason) ? reason.strip() : defaultReason;
  }
}
