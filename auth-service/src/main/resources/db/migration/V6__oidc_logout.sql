-- OpenID Connect Back-Channel Logout (issue 15). Runs unchanged on PostgreSQL and on H2 in
-- MODE=PostgreSQL, like V1 to V5.

-- The jti of every logout token accepted, per issuer (jti is unique only per issuer), so a replayed
-- token is refused by every auth-service instance. The row is inserted in the transaction that
-- revokes the token's sessions; the primary key makes the second of two concurrent deliveries fail.
-- expires_at: after it the token's iat is too old for it to be accepted anyway, and the row is
-- purged. jti is no secret (it only names the token), so it is stored as sent.
CREATE TABLE oidc_logout_tokens (
    issuer      VARCHAR(512)             NOT NULL,
    jti         VARCHAR(255)             NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT oidc_logout_tokens_pk PRIMARY KEY (issuer, jti)
);

CREATE INDEX oidc_logout_tokens_expires_at_idx ON oidc_logout_tokens (expires_at);
