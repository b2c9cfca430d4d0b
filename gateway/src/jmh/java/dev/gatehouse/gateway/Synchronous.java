package dev.gatehouse.gateway;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The value of a {@link Mono} that completes during {@code subscribe}, as a warm cache hit does,
 * without {@code block()}'s latch: what a benchmark should measure is the step, not the waiting.
 */
public final class Synchronous<T> implements CoreSubscriber<T> {

  private @Nullable T value;

  private Synchronous() {}

  /** The value, or an exception when the Mono did not complete synchronously with one. */
  public static <T> T value(Mono<T> mono) {
    Synchronous<T> subscriber = new Synchronous<>();
    mono.subscribe(subscriber);
    T found = subscriber.value;
    if (found == null) {
      throw new IllegalStateException("the Mono did not emit during subscribe");
    }
    return found;
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(T next) {
    value = next;
  }

  @Override
  public void onError(Throwable failure) {
    throw new IllegalStateException(failure);
  }

  @Override
  public void onComplete() {}
}
