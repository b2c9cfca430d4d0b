package dev.gatehouse.auth.user;

/**
 * Why a new password was refused: a stable {@code error} code for APIs (problem JSON member {@code
 * error}) and a message for people. Never contains the password.
 *
 * @param error stable, snake_case
 * @param message one sentence for a form or a problem {@code detail}
 */
public record PasswordViolation(String error, String message) {

  static PasswordViolation tooShort(int min) {
    return new PasswordViolation(
        "password_too_short", "Choose a password of at least " + min + " characters.");
  }

  static PasswordViolation tooLong(int max) {
    return new PasswordViolation(
        "password_too_long",
        "Choose a password of at most " + max + " characters; longer ones are not cut short.");
  }

  static PasswordViolation username() {
    return new PasswordViolation(
        "password_equals_username", "Choose a password that is not your username.");
  }

  static PasswordViolation common() {
    return new PasswordViolation(
        "password_common",
        "This password is on a list of common or breached passwords. Choose another.");
  }
}
