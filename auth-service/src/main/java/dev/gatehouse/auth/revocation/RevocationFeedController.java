package dev.gatehouse.auth.revocation;

import dev.gatehouse.protocol.RevocationEvent;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/revocations?after=<seq>&limit=<n>}: the revocation log after a sequence
 * number, for gateways to poll. It makes revocation survive lost pub/sub messages and Redis
 * outages: a gateway asks from the last {@code seq} it has seen and continues from {@code next}.
 */
@RestController
final class RevocationFeedController {

  static final int MAX_LIMIT = 1000;

  private final RevocationRepository repository;

  RevocationFeedController(RevocationRepository repository) {
    Assert.notNull(repository, "repository cannot be null");
    this.repository = repository;
  }

  @GetMapping("/internal/revocations")
  RevocationFeed revocations(
      @RequestParam(defaultValue = "0") @Min(0) long after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_LIMIT) int limit) {
    List<RevocationEvent> events = repository.after(after, limit);
    long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
    return new RevocationFeed(events, next);
  }

  /**
   * One page of the log.
   *
   * @param events entries with {@code seq > after}, in sequence order
   * @param next the {@code after} to ask with next time: the last {@code seq} returned, or the same
   *     {@code after} when nothing was new
   */
  record RevocationFeed(List<RevocationEvent> events, long next) {}
}
