package dev.gatehouse.auth.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line per request: method, path, status, duration, {@code sid} and user id. The query string
 * is left out on purpose: whatever a client puts there is not ours to copy into logs. Actuator
 * requests (health probes every few seconds) are logged at DEBUG only.
 */
@Component
// Right after ClientAddressFilter, so the line is written for the request as it will be handled.
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class AccessLogFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger("dev.gatehouse.auth.access");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      boolean probe = request.getRequestURI().startsWith("/actuator/");
      if (probe ? log.isDebugEnabled() : log.isInfoEnabled()) {
        String line =
            "%s %s %d %dms sid=%s user=%s"
                .formatted(
                    request.getMethod(),
                    request.getRequestURI(),
                    response.getStatus(),
                    (System.nanoTime() - start) / 1_000_000,
                    attribute(request, AccessLog.SID),
                    attribute(request, AccessLog.USER));
        if (probe) {
          log.debug(line);
        } else {
          log.info(line);
        }
      }
    }
  }

  private static String attribute(HttpServletRequest request, String name) {
    Object value = request.getAttribute(name);
    return (value != null) ? value.toString() : "-";
  }
}
