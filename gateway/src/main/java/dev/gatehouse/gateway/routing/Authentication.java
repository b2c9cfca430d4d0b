package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.session.SessionCredential;
import dev.gatehouse.gateway.system.Denial;
import dev.gatehouse.gateway.system.SessionPrincipal;
import org.springframework.util.Assert;

/**
 * What {@link AuthenticateStep} found: an active session, no usable session (anonymous, with the
 * reason id), or a refusal before any decision about the route (431, 429, 503). Handled through
 * {@link #accept}: a new variant must add a case to {@link Cases}, so every handler stops compiling
 * until it says what to do with it.
 */
sealed interface Authentication {

  <R> R accept(Cases<R> cases);

  /** One method per variant. */
  interface Cases<R> {
    R authenticated(Authenticated authenticated);

    R anonymous(Anonymous anonymous);

    R refused(Refused refused);
  }

  /** An active session, introspected from {@code credential}. */
  record Authenticated(SessionCredential credential, Introspection.Active session)
      implements Authentication {
    public Authenticated {
      Assert.notNull(credential, "credential cannot be null");
      Assert.notNull(session, "session cannot be null");
    }

    SessionPrincipal principal() {
      return new SessionPrincipal(
          session.sid(), session.userId(), session.username(), session.roles());
    }

    @Override
    public <R> R accept(Cases<R> cases) {
      return cases.authenticated(this);
    }
  }

  /**
   * No usable session.
   *
   * @param reason why, for metrics and logs ({@code no-credential}, {@code inactive-session}, a
   *     malformed-credential reason)
   */
  record Anonymous(String reason) implements Authentication {
    public Anonymous {
      Assert.hasText(reason, "reason cannot be empty");
    }

    @Override
    public <R> R accept(Cases<R> cases) {
      return cases.anonymous(this);
    }
  }

  /** Refused whatever the route's policy. */
  record Refused(Denial denial) implements Authentication {
    public Refused {
      Assert.notNull(denial, "denial cannot be null");
    }

    @Override
    public <R> R accept(Cases<R> cases) {
      return cases.refused(this);
    }
  }
}
