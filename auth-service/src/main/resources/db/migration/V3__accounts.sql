-- Account lifecycle (issue 10): the first admin, users created by operators, one-time enrollment /
-- password-reset / setup links, temporary passwords, deletion. Runs unchanged on PostgreSQL and on
-- H2 in MODE=PostgreSQL, like V1 and V2.

-- A user created by an operator has no password until they use their enrollment link; a NULL hash
-- matches no password, so they cannot log in before.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

ALTER TABLE users ADD COLUMN display_name VARCHAR(128);

-- Set with a temporary password: login then leads only to the change-password page.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- Deletion keeps the row as a tombstone (no password, no roles, disabled): the username stays
-- taken, so a later account can never inherit the audit trail, or data a backend keys by name.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

-- One-time links (setup of the first admin, enrollment, password reset, the change a temporary
-- password forces at login): only the lower-case hex
-- SHA-256 of the link's 256-bit random token is stored. Single use: used_at is set in the
-- transaction that sets the password.
CREATE TABLE one_time_links (
    token_hash VARCHAR(64)              NOT NULL,
    purpose    VARCHAR(16)              NOT NULL,
    user_id    UUID                     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT one_time_links_pk PRIMARY KEY (token_hash),
    CONSTRAINT one_time_links_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT one_time_links_purpose_ck CHECK (purpose IN ('setup', 'enrollment', 'reset', 'change'))
);

CREATE INDEX one_time_links_user_id_idx ON one_time_links (user_id);

-- A single row every instance locks (SELECT ... FOR UPDATE) before it looks at an empty users
-- table: instances starting at once on one database bootstrap one after another, so exactly one
-- creates the first admin. Portable where pg_advisory_xact_lock is not (H2).
CREATE TABLE account_bootstrap_lock (
    id SMALLINT NOT NULL,
    CONSTRAINT account_bootstrap_lock_pk PRIMARY KEY (id),
    CONSTRAINT account_bootstrap_lock_single_row_ck CHECK (id = 1)
);

INSERT INTO account_bootstrap_lock (id) VALUES (1);

-- A "changed" entry (kind = 'changed': a user's roles changed) tells every gateway to drop its
-- cached introspections of the session without refusing it; NULL is a revocation, as every entry
-- written before this column was.
ALTER TABLE revocation_log ADD COLUMN kind VARCHAR(16);
