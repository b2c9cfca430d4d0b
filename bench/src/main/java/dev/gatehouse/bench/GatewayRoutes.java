package dev.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway's extra configuration for the benchmark ({@code
 * --spring.config.additional-location}): its routes replace the shipped ones. {@code /plain/**} and
 * {@code /gh/**} go to the stub upstream, without and with Gatehouse; {@code /login} goes to
 * auth-service so sessions are created through the gateway, as a browser would.
 */
final class GatewayRoutes {

  private GatewayRoutes() {}

  static Path write(Path file, String stubUrl, String authServiceUrl) {
    String yaml =
        """
        # Written by the benchmark (bench/); replaces the gateway's shipped routes.
        spring.cloud.gateway.server.webflux.routes:
          - id: bench-plain
            uri: %1$s
            predicates: [ "Path=/plain/**" ]
            metadata:
              gatehouse: { auth: none }
          - id: bench-gatehouse
            uri: %1$s
            predicates: [ "Path=/gh/**" ]
            metadata:
              gatehouse: { auth: required, audience: bench }
          - id: login
            uri: %2$s
            predicates: [ "Path=/login" ]
            metadata:
              gatehouse: { auth: none, audience: auth-service }
        """
            .formatted(stubUrl, authServiceUrl);
    try {
      Files.writeString(file, yaml);
      return file;
    } catch (IOException ex) {
      throw new UncheckedIOException("could not write " + file, ex);
    }
  }
}
