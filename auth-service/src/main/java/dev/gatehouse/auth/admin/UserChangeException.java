package dev.gatehouse.auth.admin;

import org.springframework.http.HttpStatus;

/**
 * A refused user-management request, with the problem member {@code error} and the status the API
 * answers: 400 bad input, 404 no such user, 409 conflict (taken name, acting on oneself).
 */
abstract sealed class UserChangeException extends RuntimeException {

  private final String error;
  private final HttpStatus status;

  UserChangeException(HttpStatus status, String error, String detail) {
    super(detail);
    this.status = status;
    this.error = error;
  }

  String error() {
    return error;
  }

  HttpStatus status() {
    return status;
  }

  static final class Invalid extends UserChangeException {
    Invalid(String error, String detail) {
      super(HttpStatus.BAD_REQUEST, error, detail);
    }
  }

  static final class Conflict extends UserChangeException {
    Conflict(String error, String detail) {
      super(HttpStatus.CONFLICT, error, detail);
    }
  }

  static final class NotFound extends UserChangeException {
    NotFound() {
      super(HttpStatus.NOT_FOUND, "user_not_found", "No user with this username.");
    }
  }
}
