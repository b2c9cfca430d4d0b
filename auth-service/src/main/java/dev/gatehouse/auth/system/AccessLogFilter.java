package dev.gatehouse.auth.system;

import io.micrometer.tracing.handler.TracingObservationHandler;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * One line per request: client address, method, path, status, duration, {@code sid}, user id and
 * W3C trace id, also as SLF4J key-values ({@code client_address}, {@code method}, {@code path},
 * {@code status}, {@code latency_ms}, {@code sid}, {@code user_id}, {@code trace_id}) so the JSON
 * logs of the {@code prod} profile carry them as members. The query string is left out on purpose:
 * whatever a client puts there is not ours to copy into logs. Never a token, cookie or password.
 * Actuator requests (health probes every few seconds) are logged at DEBUG only.
 */
@Component
// Right after ClientAddressFilter, so the line is written for the request as it will be handled.
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class AccessLogFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger("dev.gatehouse.auth.access");

  private static final String NONE = "-";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      boolean probe = request.getRequestURI().startsWith("/actuator/");
      Level level = probe ? Level.DEBUG : Level.INFO;
      if (log.isEnabledForLevel(level)) {
        write(level, request, response, (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  private static void write(
      Level level, HttpServletRequest request, HttpServletResponse response, long latency) {
    // The request as ClientAddressFilter left it: the address the gateway vouched for, if any.
    String client = request.getRemoteAddr();
    String sid = attribute(request, AccessLog.SID);
    String user = attribute(request, AccessLog.USER);
    String traceId = traceId(request);
    log.atLevel(level)
        .setMessage("{} {} {} {}ms sid={} user={} client={} trace={}")
        .addArgument(request.getMethod())
        .addArgument(request.getRequestURI())
        .addArgument(response.getStatus())
        .addArgument(latency)
        .addArgument(sid)
        .addArgument(user)
        .addArgument(client)
        .addArgument(traceId)
        .addKeyValue("client_address", client)
        .addKeyValue("method", request.getMethod())
        .addKeyValue("path", request.getRequestURI())
        .addKeyValue("status", response.getStatus())
        .addKeyValue("latency_ms", latency)
        .addKeyValue("sid", sid)
        .addKeyValue("user_id", user)
        .addKeyValue("trace_id", traceId)
        .log();
  }

  private static String attribute(HttpServletRequest request, String name) {
    Object value = request.getAttribute(name);
    return (value != null) ? value.toString() : NONE;
  }

  /** The trace of the server observation Spring MVC opened for this request, if tracing is on. */
  private static String traceId(HttpServletRequest request) {
    return ServerHttpObservationFilter.findObservationContext(request)
        .map(
            context ->
                context.<TracingObservationHandler.@Nullable TracingContext>get(
                    TracingObservationHandler.TracingContext.class))
        .map(AccessLogFilter::traceIdOf)
        .orElse(NONE);
  }

  private static @Nullable String traceIdOf(TracingObservationHandler.TracingContext tracing) {
    return tracing.getSpan() != null ? tracing.getSpan().context().traceId() : null;
  }
}
