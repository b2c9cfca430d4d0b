package dev.gatehouse.auth.revocation;

import dev.gatehouse.auth.session.RevocationLogRetention;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/** The revocation log's side of the retention purge: only this feature deletes from its log. */
@Component
final class RevocationLogPurge implements RevocationLogRetention {

  private final RevocationRepository repository;

  RevocationLogPurge(RevocationRepository repository) {
    Assert.notNull(repository, "repository cannot be null");
    this.repository = repository;
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    Assert.notNull(cutoff, "cutoff cannot be null");
    return repository.purgeBefore(cutoff);
  }

  @Override
  public String toString() {
    return "RevocationLogPurge";
  }
}
