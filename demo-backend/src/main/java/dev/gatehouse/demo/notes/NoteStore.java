package dev.gatehouse.demo.notes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * Notes in memory, keyed by owner (the JWT {@code sub}); each owner's list is immutable and
 * replaced atomically, so reads need no lock. Bounded by {@link NotesProperties#maxPerUser()}.
 */
@Component
class NoteStore {

  private final ConcurrentMap<String, List<Note>> notesByOwner = new ConcurrentHashMap<>();
  private final int maxPerUser;

  NoteStore(NotesProperties properties) {
    this.maxPerUser = properties.maxPerUser();
  }

  int maxPerUser() {
    return maxPerUser;
  }

  List<Note> findAll(String owner) {
    return notesByOwner.getOrDefault(owner, List.of());
  }

  Optional<Note> find(String owner, UUID id) {
    return findAll(owner).stream().filter(note -> note.id().equals(id)).findFirst();
  }

  /** Adds a note, or returns empty when the owner already has {@code maxPerUser} notes. */
  Optional<Note> add(String owner, String text) {
    Note note = new Note(UUID.randomUUID(), text, Instant.now());
    List<Note> notes = notesByOwner.merge(owner, List.of(note), this::appendIfRoom);
    return notes.contains(note) ? Optional.of(note) : Optional.empty();
  }

  private List<Note> appendIfRoom(List<Note> notes, List<Note> added) {
    if (notes.size() + added.size() > maxPerUser) {
      return notes;
    }
    List<Note> all = new ArrayList<>(notes);
    all.addAll(added);
    return List.copyOf(all);
  }
}
