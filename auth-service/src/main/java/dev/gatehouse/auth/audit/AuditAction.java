package dev.gatehouse.auth.audit;

/**
 * What an audit entry records. The {@link #value()} is what the database and the JSON API hold:
 * stable, lower-case, kebab-case.
 */
public enum AuditAction {

  /** A user logged out ({@code POST /logout}). */
  LOGOUT("logout"),

  /** An OpenID provider ended sessions with a back-channel logout token (its issuer: the actor). */
  IDP_LOGOUT("idp-logout"),

  /** A login replaced the session the browser still presented (no fixation). */
  SESSION_REPLACED("session-replaced"),

  /** A user ended one of their own sessions ({@code /account}). */
  END_OWN_SESSION("end-own-session"),

  /** A user ended all their sessions but the current one ("log out other devices"). */
  END_OTHER_SESSIONS("end-other-sessions"),

  /** An operator (or another caller) ended one session. */
  END_SESSION("end-session"),

  /** An operator ended every session of a user ("log out everywhere"). */
  LOGOUT_USER("logout-user"),

  /** An operator disabled a user, which also ends every session of that user. */
  DISABLE_USER("disable-user"),

  /** An operator enabled a user again. */
  ENABLE_USER("enable-user"),

  /** The first admin of a fresh database was created ({@code gatehouse.bootstrap.*}). */
  BOOTSTRAP_ADMIN("bootstrap-admin"),

  /** An operator created an account. */
  CREATE_USER("create-user"),

  /** A one-time link (setup, enrollment, reset: the reason) was issued for an account. */
  ISSUE_LINK("issue-link"),

  /** A user set their password with a one-time link, which ends their sessions. */
  USE_LINK("use-link"),

  /** A user changed their own password, which ends their other sessions. */
  CHANGE_PASSWORD("change-password"),

  /** An operator set a temporary password, which ends the user's sessions. */
  SET_TEMPORARY_PASSWORD("temporary-password"),

  /** An operator changed a user's roles (the gateways drop their cached introspections). */
  CHANGE_ROLES("change-roles"),

  /** An operator deleted a user, which also ends every session of that user. */
  DELETE_USER("delete-user"),

  /** A user confirmed a TOTP authenticator (first code right); new recovery codes were issued. */
  MFA_ENROLLED("mfa-enrolled"),

  /** A user replaced their recovery codes. */
  MFA_RECOVERY_CODES("mfa-recovery-codes"),

  /** A user logged in or stepped up with a recovery code instead of a TOTP code. */
  MFA_RECOVERY_CODE_USED("mfa-recovery-code-used"),

  /** An operator removed a user's TOTP authenticator and recovery codes. */
  MFA_RESET("mfa-reset"),

  /** A first login through an OpenID provider created the account (auto-provision). */
  OIDC_PROVISION("oidc-provision"),

  /** An identity at an OpenID provider (issuer, sub) was linked to the account. */
  OIDC_LINK("oidc-link"),

  /** A login through an OpenID provider changed the account's roles (mapped provider groups). */
  OIDC_ROLES("oidc-roles"),

  /** A DBSC browser bound a session to its key (the reason: the key's algorithm). */
  BINDING_REGISTERED("binding-registered"),

  /** A bound session's browser proved possession of its key and got a new bound credential. */
  BINDING_REFRESHED("binding-refreshed"),

  /** A DBSC registration or refresh was refused (the reason: why, never the proof). */
  BINDING_REFUSED("binding-refused");

  private final String value;

  AuditAction(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  static AuditAction fromValue(String value) {
    for (AuditAction action : values()) {
      if (action.value.equals(value)) {
        return action;
      }
    }
    throw new IllegalArgumentException("Unknown audit action " + value);
  }
}
