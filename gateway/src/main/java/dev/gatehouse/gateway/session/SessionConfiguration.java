package dev.gatehouse.gateway.session;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

  @Bean
  SessionIntrospector sessionIntrospector(
      WebClient.Builder webClient,
      IntrospectionProperties introspection,
      CacheProperties cache,
      Clock clock,
      MeterRegistry meters) {
    IntrospectionClient client = new IntrospectionClient(webClient, introspection, meters);
    return new CachingSessionIntrospector(client, cache, clock, meters);
  }
}
