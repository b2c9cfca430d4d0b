package dev.gatehouse.gateway.revocation;

import dev.gatehouse.gateway.session.RevokedSessions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

  @Bean
  RevokedSessions revokedSessions(RevocationProperties revocation) {
    return new RevokedSessions(revocation.remember());
  }
}
