package dev.gatehouse.auth.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.servlet.View;

/**
 * 303 See Other to a path of our own pages, written as is: a path (never an absolute URL), so the
 * browser resolves it against the gateway origin the page is viewed through. Spring's {@code
 * RedirectView} would expand URI templates and append model attributes.
 *
 * @param location a path starting with a single {@code /}
 */
public record SeeOther(String location) implements View {

  public SeeOther {
    Assert.isTrue(
        location.startsWith("/") && !location.startsWith("//"), "location must be a local path");
  }

  /** {@code path?name=value&...}, values form-encoded as the servlet container decodes them. */
  public static SeeOther to(String path, Map<String, @Nullable Object> query) {
    StringBuilder location = new StringBuilder(path);
    char separator = '?';
    for (Map.Entry<String, @Nullable Object> parameter : query.entrySet()) {
      if (parameter.getValue() != null) {
        location
            .append(separator)
            .append(parameter.getKey())
            .append('=')
            .append(URLEncoder.encode(parameter.getValue().toString(), StandardCharsets.UTF_8));
        separator = '&';
      }
    }
    return new SeeOther(location.toString());
  }

  @Override
  public void render(
      @Nullable Map<String, ?> model, HttpServletRequest request, HttpServletResponse response) {
    response.setStatus(HttpStatus.SEE_OTHER.value());
    response.setHeader(HttpHeaders.LOCATION, location);
  }
}
