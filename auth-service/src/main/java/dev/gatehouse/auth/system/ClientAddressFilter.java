package dev.gatehouse.auth.system;

import dev.gatehouse.protocol.ClientAddressProof;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The request's client address: the one a gateway vouches for in {@value
 * ClientAddressProof#HEADER}, verified with the key both derive from the introspection client
 * secret, otherwise the socket peer. {@code X-Forwarded-For}, {@code Forwarded} and {@code
 * X-Real-IP} are never read ({@code server.forward-headers-strategy: none}): a trusted address
 * range cannot tell the gateway from another process on the same host, the shared secret can.
 *
 * <p>Runs first, so Spring Security, the access log, login throttling, the session's recorded
 * address and the audit trail all see the same address through {@link
 * HttpServletRequest#getRemoteAddr()}. A proof that fails to verify is logged at DEBUG only: it is
 * either a misconfigured gateway (every request shows it) or a forger, and in neither case is a log
 * line per request worth the noise.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ClientAddressFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(ClientAddressFilter.class);

  private final ClientAddressProof proof;

  ClientAddressFilter(IntrospectionClientProperties client, Clock clock) {
    Assert.notNull(client, "client cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.proof =
        new ClientAddressProof(client.clientSecret(), clock, ClientAddressProof.DEFAULT_MAX_AGE);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(withClientAddress(request), response);
  }

  private HttpServletRequest withClientAddress(HttpServletRequest request) {
    String presented = request.getHeader(ClientAddressProof.HEADER);
    if (presented == null) {
      return request;
    }
    Optional<String> vouched = proof.verify(presented);
    if (vouched.isEmpty()) {
      log.debug(
          "Ignored an invalid or expired {} header from {}",
          ClientAddressProof.HEADER,
          request.getRemoteAddr());
      return request;
    }
    return new VouchedAddress(request, vouched.get());
  }

  @Override
  public String toString() {
    return "ClientAddressFilter[" + proof + "]";
  }

  /** The request as seen from the client the gateway vouched for. */
  private static final class VouchedAddress extends HttpServletRequestWrapper {

    private final String address;

    VouchedAddress(HttpServletRequest request, String address) {
      super(request);
      this.address = address;
    }

    @Override
    public String getRemoteAddr() {
      return address;
    }

    /** Never a DNS lookup: the address, as {@code enableLookups=false} would give it. */
    @Override
    public String getRemoteHost() {
      return address;
    }
  }
}
