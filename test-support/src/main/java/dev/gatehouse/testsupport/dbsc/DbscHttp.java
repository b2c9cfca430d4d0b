package dev.gatehouse.testsupport.dbsc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link DbscClient.Exchange} over {@code java.net.http}, for tests against a running service
 * (gateway or auth-service): paths resolve against {@code base}, every request carries the {@code
 * Cookie} header {@code cookies} supplies (a browser sends its cookies with DBSC requests).
 */
public final class DbscHttp {

  private DbscHttp() {}

  /** An exchange that POSTs to {@code base} with {@code client}. */
  public static DbscClient.Exchange exchange(
      HttpClient client, URI base, Supplier<@Nullable String> cookies) {
    return (path, headers) -> {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.noBody());
      headers.forEach(request::header);
      String cookie = cookies.get();
      if (cookie != null && !cookie.isEmpty()) {
        request.header("Cookie", cookie);
      }
      try {
        HttpResponse<String> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new DbscResponse(response.statusCode(), response.headers().map(), response.body());
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(ex);
      }
    };
  }
}
