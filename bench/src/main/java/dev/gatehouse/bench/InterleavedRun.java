package dev.gatehouse.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured part: every target once per round, round after round, so that whatever else the
 * machine does over the minutes of a run falls on all targets alike instead of on whichever came
 * last. Each round starts one target later than the previous one, so no target always runs first.
 * Each measurement is preceded by its own unmeasured warm-up.
 */
final class InterleavedRun {

  private InterleavedRun() {}

  static List<TargetResult> run(
      BenchSettings settings, Wrk wrk, List<BenchTarget> targets, CookieFile cookies) {
    Map<BenchTarget, List<RoundResult>> rounds = new LinkedHashMap<>();
    targets.forEach(target -> rounds.put(target, new ArrayList<>()));
    for (int round = 1; round <= settings.rounds(); round++) {
      for (int i = 0; i < targets.size(); i++) {
        BenchTarget target = targets.get((i + round - 1) % targets.size());
        CookieFile sessions = target.withSessions() ? cookies : null;
        Benchmark.progress(
            "round "
                + round
                + "/"
                + settings.rounds()
                + ": "
                + target.title()
                + " "
                + target.url());
        if (!settings.warmup().isZero()) {
          wrk.run(target.key() + "-warmup", target.url(), sessions, settings.warmup());
        }
        Watch.Reading before = target.watch().read();
        WrkResult measured =
            wrk.run(target.key() + "-round" + round, target.url(), sessions, settings.duration());
        rounds.get(target).add(new RoundResult(round, measured, target.watch().since(before)));
      }
    }
    return targets.stream().map(target -> new TargetResult(target, rounds.get(target))).toList();
  }

  /**
   * Rows (b), (c), (e) and (f) again, interleaved, at {@link BenchSettings#pacedRate()} requests
   * per second: the same load for each, below each one's capacity, so their latencies compare what
   * a request costs rather than how a saturated closed loop queues. The cold row (d) is left out:
   * its capacity is below the rate.
   */
  static List<TargetResult> paced(
      BenchSettings settings, Wrk wrk, List<BenchTarget> targets, CookieFile cookies) {
    if (settings.pacedRate() == 0) {
      return List.of();
    }
    List<String> keys =
        List.of(BenchTarget.PLAIN, BenchTarget.WARM, BenchTarget.NGINX, BenchTarget.NGINX_CACHED);
    List<BenchTarget> chosen =
        targets.stream().filter(target -> keys.contains(target.key())).toList();
    Benchmark.progress(
        "paced phase: " + settings.pacedRate() + " req/s on " + chosen.size() + " targets");
    return InterleavedRun.run(settings, wrk.paced(settings.pacedPauseMillis()), chosen, cookies);
  }
}
