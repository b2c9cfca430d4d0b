package dev.gatehouse.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * WireMock standing in for auth-service (so faults can be injected) and for a backend (so what
 * reaches upstream can be inspected), on random loopback ports, wired into a gateway under test.
 */
public final class TestUpstreams {

  public final WireMockServer authService = started();
  public final WireMockServer backend = started();

  /** Points the gateway's {@code gatehouse.upstream.*} at the two servers. */
  public void register(DynamicPropertyRegistry registry) {
    registry.add("gatehouse.upstream.auth-service", authService::baseUrl);
    registry.add("gatehouse.upstream.demo-backend", backend::baseUrl);
  }

  /**
   * Forgets every stub and request: the backend and auth-service answer {@code {}} to everything,
   * the revocation feed is empty.
   */
  public void reset() {
    authService.resetAll();
    backend.resetAll();
    backend.stubFor(any(anyUrl()).willReturn(okJson("{}")));
    authService.stubFor(any(anyUrl()).willReturn(okJson("{}")));
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .willReturn(okJson("{\"events\":[],\"next\":0}")));
  }

  /** What auth-service received, without the gateway's polls of the revocation feed. */
  public List<LoggedRequest> authServiceRequestsOtherThanTheFeed() {
    return authService.getAllServeEvents().stream()
        .map(event -> event.getRequest())
        .filter(request -> !request.getUrl().startsWith("/internal/revocations"))
        .toList();
  }

  public List<LoggedRequest> backendRequests() {
    return backend.getAllServeEvents().stream().map(event -> event.getRequest()).toList();
  }

  public void stop() {
    authService.stop();
    backend.stop();
  }

  /** A WireMock server on a random port of 127.0.0.1. */
  public static WireMockServer started() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return server;
  }
}
