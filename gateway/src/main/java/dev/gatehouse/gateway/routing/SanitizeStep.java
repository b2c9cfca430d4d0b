package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.system.AccessLogWebFilter;
import dev.gatehouse.protocol.ClientAddressProof;
import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * Step 1 of {@link SessionRelayFilter}: the request as the upstream may see it. Strips what clients
 * must not send ({@link SpoofableHeaders}: identity headers, the session cookie, {@code Connection}
 * options); on routes to auth-service, also states the client address with a proof auth-service can
 * check ({@link ClientAddressProof}), since auth-service trusts no {@code X-Forwarded-For}.
 */
@Component
final class SanitizeStep {

  private final SpoofableHeaders spoofable;
  private final AuthServiceUpstream authService;
  private final ClientAddresses clientAddresses;
  private final ClientAddressProof clientProof;

  SanitizeStep(
      SpoofableHeaders spoofable,
      AuthServiceUpstream authService,
      ClientAddresses clientAddresses,
      ClientAddressProof clientProof) {
    Assert.notNull(spoofable, "spoofable cannot be null");
    Assert.notNull(authService, "authService cannot be null");
    Assert.notNull(clientAddresses, "clientAddresses cannot be null");
    Assert.notNull(clientProof, "clientProof cannot be null");
    this.spoofable = spoofable;
    this.authService = authService;
    this.clientAddresses = clientAddresses;
    this.clientProof = clientProof;
  }

  /** A copy of {@code exchange} whose request is stripped; the original request is untouched. */
  ServerWebExchange apply(ServerWebExchange exchange, Route route) {
    ServerHttpRequest received = exchange.getRequest();
    InetSocketAddress peer = received.getRemoteAddress();
    String resolved = clientAddresses.of(received);
    AccessLogWebFilter.recordClient(exchange, resolved);
    String client = authService.serves(route) ? resolved : ClientAddresses.UNKNOWN;
    ServerHttpRequest request =
        received
            .mutate()
            .headers(
                headers -> {
                  spoofable.strip(headers, peer, received.getURI());
                  if (!ClientAddresses.UNKNOWN.equals(client)) {
                    headers.set(ClientAddressProof.HEADER, clientProof.sign(client));
                  }
                })
            .build();
    return exchange.mutate().request(request).build();
  }

  @Override
  public String toString() {
    return "SanitizeStep";
  }
}
