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
 * @param boundUntil when the presented bound credential expires ({@link State#BOUND}) or the
 *     registration grace ends ({@link State#PENDING}); only in those two states
 */
public record DeviceBinding(State state, @Nullable String jkt, @Nullable Instant boundUntil) {

  /** The three binding states of an active session. */
  public enum State {
    /** The session is not device-bound: the session cookie is the whole credential. */
    NONE,
    /** Bound, and the request's bound credential is valid until {@link #boundUntil()}. */
    BOUND,
    /** Bound, but the request's bound credential is missing, unknown or expired. */
    UNVERIFIED,
    /**
     * Bound moments ago and the request brought no bound credential: one the browser sent while it
     * was registering. Counts as {@link #NONE} until {@link #boundUntil()}, then as {@link
     * #UNVERIFIED}.
     */
    PENDING
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
    } else if (state == State.PENDING) {
      Assert.isTrue(jkt == null && boundUntil != null, "a pending binding has only bound_until");
    } else {
      Assert.isTrue(jkt == null && boundUntil == null, "only a bound session has jkt, bound_until");
    }
  }

  /** Bound with a valid credential: the key's thumbprint and the credential's expiry. */
  public static DeviceBinding bound(String jkt, Instant boundUntil) {
    return new DeviceBinding(State.BOUND, jkt, boundUntil);
  }

  /** Bound moments ago, no bound credential in the request: not bound until {@code graceEnd}. */
  public static DeviceBinding pending(Instant graceEnd) {
    return new DeviceBinding(State.PENDING, null, graceEnd);
  }

  /**
   * This binding as it stands at {@code now}: a cached {@link State#BOUND} answer counts only until
   * its {@code bound_until}, after which the credential that earned it has expired and the request
   * is {@link State#UNVERIFIED}, without asking auth-service again; so does a {@link State#PENDING}
   * one after its registration grace.
   */
  public DeviceBinding asOf(Instant now) {
    return (state == State.BOUND || state == State.PENDING)
            && boundUntil != null
            && !now.isBefore(boundUntil)
        ? UNVERIFIED
        : this;
  }

  /**
   * Whether the session counts as device-bound (whatever the credential); a {@link State#PENDING}
   * one does not yet.
   */
  public boolean isBoundSession() {
    return state == State.BOUND || state == State.UNVERIFIED;
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
      case PENDING -> SessionBinding.PENDING;
    };
  }
}
