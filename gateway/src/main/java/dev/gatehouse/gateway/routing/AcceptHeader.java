package dev.gatehouse.gateway.routing;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The request's {@code Accept} header as media types, where an unparseable one ({@code garbage},
 * {@code text/html;q=}, {@code /}) counts as absent: a header the client got wrong must lead to a
 * 4xx or to the default answer, never to a 500 (RFC 9110 §12.5.1 lets a server ignore it).
 */
final class AcceptHeader {

  private AcceptHeader() {}

  static List<MediaType> of(HttpHeaders headers) {
    try {
      return headers.getAccept();
    } catch (IllegalArgumentException ex) {
      // InvalidMediaTypeException, and the IllegalArgumentException some parsers throw directly
      return List.of();
    }
  }
}
