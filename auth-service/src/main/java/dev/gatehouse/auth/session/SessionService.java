package dev.gatehouse.auth.session;

import dev.gatehouse.auth.session.SessionRepository.StoredSession;
import dev.gatehouse.protocol.Assurance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Creates sessions at login and decides whether a presented token names an active session: the
 * check behind RFC 7662 introspection and forward-auth. Inactive has no reasons on purpose (RFC
 * 7662 §2.2: the caller learns only {@code active=false}).
 */
@Service
public final class SessionService {

  private static final int USER_AGENT_MAX = 512;
  private static final int IP_MAX = 64;

  private final SessionRepository sessions;
  private final SessionProperties properties;
  private final ActiveSessionRule rule;
  private final Clock clock;
  private final SessionTokens tokens;
  private final LastSeenWrites lastSeen;

  SessionService(
      SessionRepository sessions,
      SessionProperties properties,
      Clock clock,
      SessionTokens tokens,
      LastSeenProperties lastSeen) {
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(tokens, "tokens cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    Assert.notNull(lastSeen, "lastSeen cannot be null");
    this.sessions = sessions;
    this.properties = properties;
    this.rule = new ActiveSessionRule(properties.idleTimeout());
    this.clock = clock;
    this.tokens = tokens;
    this.lastSeen = new LastSeenWrites(lastSeen.lastSeenInterval(), properties.idleTimeout());
  }

  /** Creates a fresh password-only session; nothing is reused (no fixation). */
  public NewSession create(UUID userId, @Nullable String ip, @Nullable String userAgent) {
    return create(userId, ip, userAgent, Assurance.PASSWORD_ONLY);
  }

  /**
   * Creates a fresh session for a user authenticated with {@code amr} (RFC 8176 method names);
   * nothing is reused (no fixation).
   */
  public NewSession create(
      UUID userId, @Nullable String ip, @Nullable String userAgent, List<String> amr) {
    return create(userId, ip, userAgent, amr, null);
  }

  /**
   * As {@link #create(UUID, String, String, List)}, for a login through an OpenID provider: the
   * session records the provider session {@code idp} it came from.
   */
  public NewSession create(
      UUID userId,
      @Nullable String ip,
      @Nullable String userAgent,
      List<String> amr,
      @Nullable IdpSession idp) {
    Assert.notNull(userId, "userId cannot be null");
    Assert.notEmpty(amr, "amr cannot be empty");
    Instant now = now();
    Instant expiresAt = now.plus(properties.absoluteTimeout());
    SessionToken token = tokens.generate();
    UUID sid = UUID.randomUUID();
    sessions.insert(
        sid,
        token.sha256Hex(),
        userId,
        now,
        expiresAt,
        truncate(ip, IP_MAX),
        truncate(userAgent, USER_AGENT_MAX),
        String.join(" ", amr),
        idp);
    return new NewSession(token, sid, expiresAt);
  }

  /**
   * Where a session came from when an OpenID provider's login created it: what a session that
   * replaces it (a step-up) keeps, so the provider's back-channel logout still finds it.
   */
  public Optional<ProviderOrigin> providerOrigin(UUID sid) {
    Assert.notNull(sid, "sid cannot be null");
    return sessions.providerOrigin(sid);
  }

  /**
   * The active session a raw token names, recording the activity ({@code last_seen_at}, at most
   * once per {@code gatehouse.session.last-seen-interval}); empty for anything else, including a
   * malformed or forged token (which never reaches the database).
   */
  public Optional<ActiveSession> introspect(@Nullable String rawToken) {
    return tokens.parse(rawToken).flatMap(this::introspect);
  }

  /** As {@link #introspect(String)}, for a token already parsed. */
  public Optional<ActiveSession> introspect(SessionToken token) {
    Instant now = now();
    Optional<StoredSession> active = findStored(token, now);
    active
        .filter(session -> lastSeen.due(session.lastSeenAt(), now))
        .ifPresent(session -> sessions.touch(session.sid(), now));
    return active.map(SessionService::toActive);
  }

  /** The active session a token names, without recording activity. */
  public Optional<ActiveSession> find(SessionToken token) {
    return find(token, now());
  }

  /**
   * The active session with this public id, without recording activity: for DBSC refresh, which
   * names the session by its id and proves possession of the session's key instead of a cookie.
   */
  public Optional<ActiveSession> findActive(UUID sid) {
    Assert.notNull(sid, "sid cannot be null");
    Instant now = now();
    return sessions
        .findBySid(sid)
        .filter(session -> rule.test(session, now))
        .map(SessionService::toActive);
  }

  private Optional<ActiveSession> find(SessionToken token, Instant now) {
    return findStored(token, now).map(SessionService::toActive);
  }

  private Optional<StoredSession> findStored(SessionToken token, Instant now) {
    return sessions.findByTokenHash(token.sha256Hex()).filter(session -> rule.test(session, now));
  }

  private static ActiveSession toActive(StoredSession session) {
    return new ActiveSession(
        session.sid(),
        session.userId(),
        session.username(),
        session.roles(),
        session.createdAt(),
        session.expiresAt(),
        session.amr(),
        session.bindingJkt());
  }

  /** Microseconds: what PostgreSQL stores, so values read back equal values written. */
  private Instant now() {
    return ActiveSessionRule.truncate(clock.instant());
  }

  private static @Nullable String truncate(@Nullable String value, int max) {
    return (value == null || value.length() <= max) ? value : value.substring(0, max);
  }
}
