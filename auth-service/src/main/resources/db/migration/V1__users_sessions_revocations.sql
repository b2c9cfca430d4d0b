-- Runs unchanged on PostgreSQL and on H2 in MODE=PostgreSQL (the embedded default): keep to the SQL
-- both understand (no RETURNING, no identity columns, no PostgreSQL-only types).

CREATE TABLE users (
    id            UUID                     NOT NULL,
    username      VARCHAR(64)              NOT NULL,
    password_hash VARCHAR(255)             NOT NULL,
    enabled       BOOLEAN                  NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (id),
    CONSTRAINT users_username_uk UNIQUE (username)
);

-- Roles are plain lower-case names (user, admin) everywhere: database, introspection, JWT roles.
CREATE TABLE user_roles (
    user_id UUID        NOT NULL,
    role    VARCHAR(32) NOT NULL,
    CONSTRAINT user_roles_pk PRIMARY KEY (user_id, role),
    CONSTRAINT user_roles_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_roles_role_ck CHECK (role = LOWER(role))
);

-- token_hash is the lower-case hex SHA-256 of the raw session token; the token itself is never stored.
-- expires_at is the absolute expiry; the idle expiry is last_seen_at + the configured idle timeout.
CREATE TABLE sessions (
    sid          UUID                     NOT NULL,
    token_hash   VARCHAR(64)              NOT NULL,
    user_id      UUID                     NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    ip           VARCHAR(64),
    user_agent   VARCHAR(512),
    revoked_at   TIMESTAMP WITH TIME ZONE,
    revoked_by   VARCHAR(128),
    reason       VARCHAR(64),
    CONSTRAINT sessions_pk PRIMARY KEY (sid),
    CONSTRAINT sessions_token_hash_uk UNIQUE (token_hash),
    CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- No foreign keys: the log outlives purged sessions and deleted users.
CREATE TABLE revocation_log (
    seq        BIGINT                   NOT NULL,
    sid        UUID                     NOT NULL,
    user_id    UUID                     NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    reason     VARCHAR(64)              NOT NULL,
    actor      VARCHAR(128)             NOT NULL,
    CONSTRAINT revocation_log_pk PRIMARY KEY (seq)
);

-- A single-row counter instead of a sequence: a revocation transaction locks this row
-- (SELECT ... FOR UPDATE) and holds the lock until it commits, so sequence numbers are assigned in
-- commit order and a poller reading "after=<seq>" can never skip a row that commits late.
CREATE TABLE revocation_counter (
    id       SMALLINT NOT NULL,
    last_seq BIGINT   NOT NULL,
    CONSTRAINT revocation_counter_pk PRIMARY KEY (id),
    CONSTRAINT revocation_counter_single_row_ck CHECK (id = 1)
);

INSERT INTO revocation_counter (id, last_seq) VALUES (1, 0);
