package dev.gatehouse.bench.soak;

import dev.gatehouse.testsupport.faults.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** The users' sessions currently signed in, from which the admin picks one to log out by force. */
final class LiveSessions {

  private final Map<String, Session> live = new ConcurrentHashMap<>();

  void add(Session session) {
    live.put(session.sid(), session);
  }

  void remove(Session session) {
    live.remove(session.sid());
  }

  /** Takes a random live session out of the set (its owner finds out by a 401). */
  Optional<Session> takeAny() {
    List<Session> sessions = new ArrayList<>(live.values());
    if (sessions.isEmpty()) {
      return Optional.empty();
    }
    Session chosen = sessions.get(ThreadLocalRandom.current().nextInt(sessions.size()));
    return live.remove(chosen.sid()) != null ? Optional.of(chosen) : Optional.empty();
  }
}
