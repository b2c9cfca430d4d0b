package dev.gatehouse.auth.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers what {@link CrossSiteRequestCheck} refuses with 403 and the problem member {@code error:
 * cross_site_request}, the gateway's answer to the same request, before anything reads the body or
 * the credentials. Added to the public and resource-server filter chains only (never a servlet
 * filter bean of its own, so the client-authenticated chain stays unchecked).
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

  static final String ERROR = "cross_site_request";

  private static final Logger log = LoggerFactory.getLogger(CrossSiteRequestFilter.class);

  private static final byte[] BODY =
      ("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
              + "\"detail\":\"Cross-site request refused.\",\"error\":\""
              + ERROR
              + "\"}")
          .getBytes(StandardCharsets.UTF_8);

  private final CrossSiteRequestCheck check;

  CrossSiteRequestFilter(CrossSiteRequestCheck check) {
    Assert.notNull(check, "check cannot be null");
    this.check = check;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!check.refuses(request)) {
      chain.doFilter(request, response);
      return;
    }
    log.info(
        "Refused cross-site {} {} from {} (reason={})",
        request.getMethod(),
        request.getRequestURI(),
        request.getRemoteAddr(),
        ERROR);
    response.setStatus(HttpStatus.FORBIDDEN.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    response.setContentLength(BODY.length);
    response.getOutputStream().write(BODY);
  }

  @Override
  public String toString() {
    return "CrossSiteRequestFilter[" + check + "]";
  }
}
