package dev.gatehouse.demo.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoteStoreTests {

  private final NoteStore store = new NoteStore(new NotesProperties(2));

  @Test
  void addWhenLimitReachedThenRejectedAndOthersUnaffected() {
    assertThat(store.add("alice", "one")).isPresent();
    assertThat(store.add("alice", "two")).isPresent();

    assertThat(store.add("alice", "three")).isEmpty();
    assertThat(store.findAll("alice")).extracting(Note::text).containsExactly("one", "two");
    assertThat(store.add("bob", "one")).isPresent();
  }
}
