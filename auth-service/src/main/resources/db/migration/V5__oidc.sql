-- OpenID Connect login (issue 15). Runs unchanged on PostgreSQL and on H2 in MODE=PostgreSQL, like
-- V1 to V4. (V6 belongs to the back-channel logout receiver.)

-- The identities at an OpenID provider that log in as a Gatehouse user: one row per (issuer, sub),
-- the only pair OpenID Connect Core §2 guarantees to be stable and unique. A user may have several
-- (one per provider); an identity never names two users.
CREATE TABLE user_identities (
    issuer          VARCHAR(512)             NOT NULL,
    subject         VARCHAR(255)             NOT NULL,
    user_id         UUID                     NOT NULL,
    registration_id VARCHAR(64)              NOT NULL,
    linked_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT user_identities_pk PRIMARY KEY (issuer, subject),
    CONSTRAINT user_identities_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
);

CREATE INDEX user_identities_user_id_idx ON user_identities (user_id);

-- The provider session a Gatehouse session came from: the ID token's iss and sid (OpenID Connect
-- Front/Back-Channel Logout), NULL for password logins and for providers that send no sid.
ALTER TABLE sessions ADD COLUMN idp_issuer VARCHAR(512);
ALTER TABLE sessions ADD COLUMN idp_sid VARCHAR(255);

CREATE INDEX sessions_idp_issuer_sid_idx ON sessions (idp_issuer, idp_sid);

-- The provider's acr of the login, as it said it (kept for audit; Gatehouse's own acr follows amr).
ALTER TABLE sessions ADD COLUMN idp_acr VARCHAR(255);

-- A provider's amr lists more and longer method names than "pwd otp".
ALTER TABLE sessions ALTER COLUMN amr SET DATA TYPE VARCHAR(128);

-- The in-flight authorization request of a login (state, nonce, PKCE code_verifier, the page to
-- return to), server-side so that any auth-service instance can complete a login another one began.
-- Keyed by the SHA-256 (hex) of state; single use: the row is deleted by the statement that reads
-- it, so a replayed state finds nothing. request is Spring Security's OAuth2AuthorizationRequest as
-- JSON; it holds the code_verifier and nonce, secrets for a few minutes only, never a token.
-- browser_hash is the SHA-256 of a random value in a cookie of the browser that began the login:
-- the callback must come from that browser, so an attacker cannot hand a victim the callback of a
-- login the attacker began (login CSRF, RFC 6749 §10.12), which state alone would not stop once it
-- no longer lives in that browser's HTTP session.
CREATE TABLE oidc_authorization_requests (
    state_hash   VARCHAR(64)              NOT NULL,
    browser_hash VARCHAR(64)              NOT NULL,
    request      VARCHAR(8192)            NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT oidc_authorization_requests_pk PRIMARY KEY (state_hash)
);

CREATE INDEX oidc_authorization_requests_expires_at_idx ON oidc_authorization_requests (expires_at);

-- A login through a provider that still needs Gatehouse's own second factor (a role in
-- gatehouse.mfa.required-roles and no multi-factor amr from the provider): what the provider said,
-- kept beside the pending TOTP step (mfa_challenges) until its code passes, so that the session
-- then created still records its provider session. Named by the same hash as the challenge.
CREATE TABLE oidc_pending_logins (
    challenge_hash VARCHAR(64)              NOT NULL,
    issuer         VARCHAR(512)             NOT NULL,
    idp_sid        VARCHAR(255),
    idp_acr        VARCHAR(255),
    amr            VARCHAR(128)             NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT oidc_pending_logins_pk PRIMARY KEY (challenge_hash)
);
