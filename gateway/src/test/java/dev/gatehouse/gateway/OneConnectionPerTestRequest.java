package dev.gatehouse.gateway;

import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * Test clients open one connection per request ({@code Connection: close}). On this 2-core machine
 * a kept-alive test connection was seen, rarely, to leave the next request unread by the gateway
 * until the client gave up (a few times in many full runs, under several test classes); with one
 * connection per request it was not seen again. Found by component scanning, so every gateway test
 * context's {@code WebTestClient} gets it. The cause is still open (see the resilience issue): the
 * raw-socket and end-to-end tests keep exercising the gateway with their own connections.
 */
@Configuration(proxyBeanMethods = false)
class OneConnectionPerTestRequest {

  @Bean
  WebTestClientBuilderCustomizer oneConnectionPerRequest() {
    return builder -> builder.defaultHeader(HttpHeaders.CONNECTION, "close");
  }
}
