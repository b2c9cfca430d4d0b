package dev.gatehouse.gateway.routing;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.stereotype.Component;

/**
 * Treats an unparseable {@code Accept} header ({@code garbage}, {@code text/html;q=}, {@code /},
 * {@code "text/html"}) as absent, as RFC 9110 §12.5.1 allows: it is removed before anything reads
 * it, around the whole web handler (so the error handler sees the same request). Spring's request
 * mapping, its error handler and the gateway's own HTML-navigation check all parse {@code Accept},
 * and the parser throws (even {@code StringIndexOutOfBoundsException}) on such input, which would
 * turn a client's typo into a 500.
 */
@Component
final class AcceptHeader implements HttpHandlerDecoratorFactory {

  @Override
  public HttpHandler apply(HttpHandler handler) {
    return (request, response) ->
        handler.handle(
            parses(request.getHeaders())
                ? request
                : request.mutate().headers(headers -> headers.remove(HttpHeaders.ACCEPT)).build(),
            response);
  }

  /** The media types the request accepts; empty when it says nothing usable. */
  static List<MediaType> of(HttpHeaders headers) {
    try {
      return headers.getAccept();
    } catch (RuntimeException ex) {
      return List.of();
    }
  }

  private static boolean parses(HttpHeaders headers) {
    if (!headers.containsHeader(HttpHeaders.ACCEPT)) {
      return true;
    }
    try {
      headers.getAccept();
      return true;
    } catch (RuntimeException ex) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "AcceptHeader";
  }
}
