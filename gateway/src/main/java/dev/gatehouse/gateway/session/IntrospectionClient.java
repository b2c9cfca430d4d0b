package dev.gatehouse.gateway.session;

import dev.gatehouse.protocol.IntrospectionResponse;
import dev.gatehouse.protocol.SessionBinding;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelOption;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The RFC 7662 client: {@code POST token=<session token>} (and the DBSC {@code bound_credential}
 * when the request had one) to auth-service with HTTP Basic client authentication, the id and
 * secret form-urlencoded first as RFC 6749 §2.3.1 requires. Every failure to get a well-formed
 * answer becomes an {@link IntrospectionUnavailableException}.
 */
final class IntrospectionClient {

  private static final Logger log = LoggerFactory.getLogger(IntrospectionClient.class);

  /** The observation (and its timer) of the HTTP calls, apart from proxied requests. */
  static final String OBSERVATION = "gatehouse.introspection.http";

  private final WebClient webClient;
  private final IntrospectionProperties properties;
  private final MeterRegistry meters;
  private final IntrospectionCircuitBreaker breaker;

  IntrospectionClient(
      WebClient.Builder builder,
      IntrospectionProperties properties,
      IntrospectionCircuitBreaker breaker,
      MeterRegistry meters) {
    Assert.notNull(builder, "builder cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(breaker, "breaker cannot be null");
    Assert.notNull(meters, "meters cannot be null");
    this.properties = properties;
    this.breaker = breaker;
    this.meters = meters;
    HttpClient http =
        HttpClient.create()
            .responseTimeout(properties.timeout())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, properties.timeout().toMillis()));
    this.webClient =
        builder
            .clone()
            // Observed, so the request's trace travels to auth-service as W3C traceparent. Under
            // its own name: WebClient's default http.client.requests meters would clash with
            // Spring Cloud Gateway's meters of that name for proxied requests. Only cache misses
            // reach this client, so the observation stays off the hot path.
            .observationConvention(new DefaultClientRequestObservationConvention(OBSERVATION))
            .clientConnector(new ReactorClientHttpConnector(http))
            .defaultHeaders(properties::authenticate)
            .build();
  }

  /**
   * One call through the circuit breaker: while it is open, fails at once without reaching
   * auth-service.
   */
  Mono<Introspection> introspect(SessionCredential credential) {
    return breaker.protect(Mono.defer(() -> call(credential)));
  }

  private Mono<Introspection> call(SessionCredential credential) {
    Timer.Sample sample = Timer.start(meters);
    return webClient
        .post()
        .uri(properties.uri())
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .accept(MediaType.APPLICATION_JSON)
        .body(form(credential))
        .exchangeToMono(this::read)
        .timeout(properties.timeout())
        .onErrorMap(ex -> !(ex instanceof IntrospectionUnavailableException), this::unavailable)
        .doOnSuccess(
            result ->
                sample.stop(timer(result instanceof Introspection.Active ? "active" : "inactive")))
        .doOnError(ex -> sample.stop(timer("error")));
  }

  /**
   * RFC 7662 §2.1 {@code token}, and the DBSC bound credential ({@value
   * SessionBinding#INTROSPECTION_PARAMETER}) when the request brought one: auth-service answers the
   * session's binding as seen with it.
   */
  private static BodyInserters.FormInserter<String> form(SessionCredential credential) {
    BodyInserters.FormInserter<String> form =
        BodyInserters.fromFormData("token", credential.value());
    String bound = credential.boundCredential();
    return bound == null ? form : form.with(SessionBinding.INTROSPECTION_PARAMETER, bound);
  }

  private Timer timer(String outcome) {
    return Timer.builder("gatehouse.introspection.calls")
        .description("Introspection calls to auth-service and their latency, by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }

  private Mono<Introspection> read(ClientResponse response) {
    HttpStatusCode status = response.statusCode();
    if (status.value() == HttpStatus.OK.value()) {
      return response
          .bodyToMono(IntrospectionResponse.class)
          .switchIfEmpty(
              Mono.error(new IntrospectionUnavailableException("empty introspection response")))
          .map(IntrospectionResponses::read);
    }
    if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
      log.error(
          "auth-service rejected the gateway's client credentials (client id '{}'); "
              + "check gatehouse.introspection.client-id/client-secret on both sides",
          properties.clientId());
    }
    // A 5xx is auth-service failing (the breaker counts it); a 4xx is a configuration error the
    // breaker could not help with.
    String message = "introspection answered HTTP " + status.value();
    return response
        .releaseBody()
        .then(
            Mono.error(
                status.is5xxServerError()
                    ? IntrospectionUnavailableException.outage(message)
                    : new IntrospectionUnavailableException(message)));
  }

  /**
   * A transport failure or timeout is an outage; an answer that cannot be decoded is not
   * (auth-service answered, so opening the breaker would not help).
   */
  private Throwable unavailable(Throwable cause) {
    String what =
        cause instanceof TimeoutException ? "timed out" : cause.getClass().getSimpleName();
    String message = "introspection failed: " + what;
    return cause instanceof CodecException
        ? new IntrospectionUnavailableException(message)
        : new IntrospectionUnavailableException(message, cause);
  }
}
