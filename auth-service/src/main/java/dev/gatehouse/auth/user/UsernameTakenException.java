package dev.gatehouse.auth.user;

/** A new account's name is taken, possibly by a deleted account (names are never reused). */
public final class UsernameTakenException extends RuntimeException {

  public UsernameTakenException(String username) {
    super("The username " + username + " is taken");
  }
}
