package dev.gatehouse.auth.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says loudly at start when the session cookie is sent without {@code Secure}: right for plain http
 * on localhost (Safari drops {@code Secure} cookies there), wrong anywhere else.
 */
@Component
final class InsecureCookieWarning {

  private static final Logger log = LoggerFactory.getLogger(InsecureCookieWarning.class);

  private final SessionProperties properties;

  InsecureCookieWarning(SessionProperties properties) {
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void warnWhenInsecure() {
    if (!properties.cookieSecure()) {
      log.warn(
          "The session cookie '{}' is sent WITHOUT the Secure attribute"
              + " (gatehouse.session.cookie-secure=false): only for plain http on localhost,"
              + " never in production.",
          properties.cookieName());
    }
  }
}
