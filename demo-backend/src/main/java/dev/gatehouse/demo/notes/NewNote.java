package dev.gatehouse.demo.notes;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /api/notes}; {@code text} is null when the client left it out. */
record NewNote(@NotBlank @Size(max = NewNote.MAX_TEXT_LENGTH) @Nullable String text) {

  static final int MAX_TEXT_LENGTH = 1000;
}
