package dev.gatehouse.demo.notes;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The caller's notes. The owner is always the verified JWT's {@code sub}, never a request parameter
 * or header; errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/notes")
class NotesController {

  private final NoteStore store;

  NotesController(NoteStore store) {
    this.store = store;
  }

  @GetMapping
  List<Note> list(@AuthenticationPrincipal Jwt jwt) {
    return store.findAll(owner(jwt));
  }

  @GetMapping("/{id}")
  Note get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
    return store
        .find(owner(jwt), id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such note."));
  }

  @PostMapping
  ResponseEntity<Note> add(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewNote body) {
    Note note =
        store
            .add(owner(jwt), Objects.requireNonNull(body.text()))
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "Note limit reached: at most " + store.maxPerUser() + " notes per user."));
    // Relative, so it stays right behind the gateway (RFC 9110 §10.2.2).
    return ResponseEntity.created(URI.create("/api/notes/" + note.id())).body(note);
  }

  private static String owner(Jwt jwt) {
    return Objects.requireNonNull(jwt.getSubject(), "sub");
  }
}
