-- The audit trail of operator and user actions on sessions and accounts: every revocation (logout,
-- a user ending one of their sessions or their other sessions, an operator ending a session or all
-- of a user's sessions, disabling a user) and every re-enabling. Rows are written in the same
-- transaction as the change they describe, so there is never a revocation without its audit row.
--
-- Runs unchanged on PostgreSQL and on H2 in MODE=PostgreSQL (the embedded default), like V1: a
-- sequence read with nextval('...') instead of an identity column, no RETURNING, no arrays.

-- Ids give the order of the trail ("newest first") even when several rows share a timestamp.
CREATE SEQUENCE audit_log_seq START WITH 1 INCREMENT BY 1;

-- No foreign keys to users or sessions: the trail outlives purged sessions and deleted users, which
-- is also why the actor's and the target's usernames are copied into the row.
-- actor_id is a user id for people; programmatic callers may record another name (VARCHAR(128) as
-- sessions.revoked_by and revocation_log.actor).
CREATE TABLE audit_log (
    id              BIGINT                   NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id        VARCHAR(128)             NOT NULL,
    actor_username  VARCHAR(64),
    action          VARCHAR(32)              NOT NULL,
    target_user_id  UUID,
    target_username VARCHAR(64),
    reason          VARCHAR(64)              NOT NULL,
    CONSTRAINT audit_log_pk PRIMARY KEY (id)
);

CREATE INDEX audit_log_target_username_idx ON audit_log (target_username);

-- The sessions one audited action ended (none for enable, many for "log out everywhere").
CREATE TABLE audit_log_sessions (
    audit_id BIGINT NOT NULL,
    sid      UUID   NOT NULL,
    CONSTRAINT audit_log_sessions_pk PRIMARY KEY (audit_id, sid),
    CONSTRAINT audit_log_sessions_audit_fk FOREIGN KEY (audit_id) REFERENCES audit_log (id)
        ON DELETE CASCADE
);
