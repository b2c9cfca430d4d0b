package dev.gatehouse.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Gatehouse auth-service: owns users and sessions, sets the session cookie at login, answers the
 * gateway's RFC 7662 introspection calls and keeps the revocation log.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(AuthServiceApplication.class, args);
  }
}
