package dev.gatehouse.gateway.session;

import dev.gatehouse.protocol.SessionBinding;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A session's device binding (DBSC, W3C WebAppSec draft) as one introspection saw it with the bound
 * credential that came with the request: not bound, bound with a valid credential (the key's RFC
 * 7638 thumbprint and until when the credential is valid), or bound without a valid credential.
 *
 * @param state which of the three
 * @param jkt the base64url SHA-256 JWK thumbprint of the session's key; only when {@link
 *     State#BOUND}
 * @param boundUntil when the presented bound credential expires; only when {@link State#BOUND}
 */
public record DeviceBinding(State state, @Nullable String jkt, @Nullable Instant boundUntil) {

  /** The three binding states of an active session. */
  public enum State {
    /** The session is not device-bound: the session cookie is the whole credential. */
    NONE,
    /** Bound, and the request's bound credential is valid until {@link #boundUntil()}. */
    BOUND,
    /** Bound, but the request's bound credential is missing, unknown or expired. */
    UNVERIFIED
  }

  /** A session that is not device-bound. */
  public static final DeviceBinding NONE = new DeviceBinding(State.NONE, null, null);

  /** A bound session whose request brought no valid bound credential. */
  public static final DeviceBinding UNVERIFIED = new DeviceBinding(State.UNVERIFIED, null, null);

  public DeviceBinding {
    Assert.notNull(state, "state cannot be null");
    if (state == State.BOUND) {
      Assert.hasText(jkt, "a bound session needs its key's jkt");
      Assert.notNull(boundUntil, "a bound session needs bound_until");
    } else {
      Assert.isTrue(jkt == null && boundUntil == null, "only a bound session has jkt, bound_until");
    }
  }

  /** Bound with a valid credential: the key's thumbprint and the credential's expiry. */
  public static DeviceBinding bound(String jkt, Instant boundUntil) {
    return new DeviceBinding(State.BOUND, jkt, boundUntil);
  }

  /**
   * This binding as it stands at {@code now}: a cached {@link State#BOUND} answer counts only until
   * its {@code bound_until}, after which the credential that earned it has expired and the request
   * is {@link State#UNVERIFIED}, without asking auth-service again.
   */
  public DeviceBinding asOf(Instant now) {
    return state == State.BOUND && boundUntil != null && !now.isBefore(boundUntil)
        ? UNVERIFIED
        : this;
  }

  /** Whether the session is device-bound at all (whatever the credential). */
  public boolean isBoundSession() {
    return state != State.NONE;
  }

  /** Whether the request proved the binding: bound with a valid credential. */
  public boolean isVerified() {
    return state == State.BOUND;
  }

  /** The {@code binding} member of the introspection answer ({@link SessionBinding}). */
  @Nullable String protocolValue() {
    return switch (state) {
      case NONE -> null;
      case BOUND -> SessionBinding.BOUND;
      case UNVERIFIED -> SessionBinding.UNVERIFIED;
    };
  }
}
