-- TOTP multi-factor authentication (RFC 6238). Runs unchanged on PostgreSQL and on H2 in
-- MODE=PostgreSQL, like V1 and V2. (V3 belongs to user management; Flyway applies V4 after it.)

-- How the session's user authenticated: RFC 8176 method names separated by spaces ("pwd",
-- "pwd otp"). Sessions from before MFA existed were password logins.
ALTER TABLE sessions ADD COLUMN amr VARCHAR(32) DEFAULT 'pwd' NOT NULL;

-- One row per enrolled user. secret is base64(nonce || AES-256-GCM ciphertext || tag) of the
-- 20-byte TOTP secret, with the user id as associated data; the key comes from configuration, never
-- from the database. last_step is the newest accepted time step: a code of that step or an older
-- one is refused, so a code is good once (RFC 6238 §5.2).
CREATE TABLE user_mfa (
    user_id     UUID                     NOT NULL,
    secret      VARCHAR(255)             NOT NULL,
    enrolled_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_step   BIGINT                   NOT NULL,
    CONSTRAINT user_mfa_pk PRIMARY KEY (user_id),
    CONSTRAINT user_mfa_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

-- Single-use recovery codes: the keyed HMAC-SHA256 (hex) of each code, never the code.
CREATE TABLE mfa_recovery_codes (
    user_id   UUID        NOT NULL,
    code_hash VARCHAR(64) NOT NULL,
    CONSTRAINT mfa_recovery_codes_pk PRIMARY KEY (user_id, code_hash),
    CONSTRAINT mfa_recovery_codes_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
);

-- A pending second step: after the password (purpose 'login' or 'login-enroll') or for a
-- logged-in user enrolling ('enroll'). Named by the SHA-256 (hex) of a random 256-bit value that
-- only the browser's form holds; single use (deleted when it succeeds), short-lived, and it carries
-- no session: the session is created only once the code is right. secret is the not yet confirmed
-- TOTP secret of an enrollment, encrypted like user_mfa.secret.
CREATE TABLE mfa_challenges (
    id_hash    VARCHAR(64)              NOT NULL,
    user_id    UUID                     NOT NULL,
    purpose    VARCHAR(16)              NOT NULL,
    secret     VARCHAR(255),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts   INTEGER                  DEFAULT 0 NOT NULL,
    CONSTRAINT mfa_challenges_pk PRIMARY KEY (id_hash),
    CONSTRAINT mfa_challenges_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
);

CREATE INDEX mfa_challenges_expires_at_idx ON mfa_challenges (expires_at);
