package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.IntrospectionProperties;
import dev.gatehouse.protocol.ClientAddressProof;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The client-address proof the gateway adds to requests for auth-service. */
@Configuration(proxyBeanMethods = false)
class ClientAddressConfiguration {

  @Bean
  ClientAddressProof clientAddressProof(IntrospectionProperties introspection, Clock clock) {
    return new ClientAddressProof(
        introspection.clientSecret(), clock, ClientAddressProof.DEFAULT_MAX_AGE);
  }
}
