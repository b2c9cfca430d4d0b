-- Device Bound Session Credentials (issue 16). Runs unchanged on PostgreSQL and on H2 in
-- MODE=PostgreSQL, like V1 to V6.

-- The key a DBSC browser registered for the session: its public JWK as sent (never a private key:
-- registration refuses one) and its RFC 7638 SHA-256 thumbprint (base64url, 43 characters), which
-- introspection answers as cnf.jkt. Both NULL: the session is not bound. Read in the same
-- statement as the rest of the session, so an unbound session costs introspection nothing more.
ALTER TABLE sessions ADD COLUMN binding_jwk VARCHAR(4096);
ALTER TABLE sessions ADD COLUMN binding_jkt VARCHAR(64);

-- Challenges offered to the browser (registration header, refresh 403), single use: the row is
-- deleted by the request that uses it, so of two concurrent replays only one deletes it. Stored as
-- the lower-case hex SHA-256 of the challenge. Rows go with their session (ON DELETE CASCADE) and
-- expired ones are deleted whenever the session gets a new one.
CREATE TABLE session_binding_challenges (
    challenge_hash VARCHAR(64)              NOT NULL,
    sid            UUID                     NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT session_binding_challenges_pk PRIMARY KEY (challenge_hash),
    CONSTRAINT session_binding_challenges_session_fk FOREIGN KEY (sid)
        REFERENCES sessions (sid) ON DELETE CASCADE
);

CREATE INDEX session_binding_challenges_sid_idx ON session_binding_challenges (sid);

-- The short-lived bound credentials (the GATEHOUSE_BOUND cookie), hex SHA-256 of the value. Every
-- one stays valid until its own expiry, so requests in flight during a refresh keep working.
-- Introspection looks one up by its primary key.
CREATE TABLE session_bound_credentials (
    credential_hash VARCHAR(64)              NOT NULL,
    sid             UUID                     NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT session_bound_credentials_pk PRIMARY KEY (credential_hash),
    CONSTRAINT session_bound_credentials_session_fk FOREIGN KEY (sid)
        REFERENCES sessions (sid) ON DELETE CASCADE
);

CREATE INDEX session_bound_credentials_sid_idx ON session_bound_credentials (sid);
