package dev.gatehouse.auth.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;

/**
 * The shipped offline list of common and breached passwords ({@code
 * passwords/common-passwords.txt}, 30 000 entries, source and licence in {@code
 * passwords/README.md}). The list is lower case, so the check is too: "Password1" is as guessable
 * as "password1".
 */
final class CommonPasswords {

  static final String RESOURCE = "passwords/common-passwords.txt";

  private final Set<String> passwords;

  private CommonPasswords(Set<String> passwords) {
    this.passwords = Set.copyOf(passwords);
  }

  static CommonPasswords load() {
    Set<String> passwords = new HashSet<>(40_000);
    try (InputStream in = new ClassPathResource(RESOURCE).getInputStream();
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          passwords.add(line.strip().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read the common password list " + RESOURCE, ex);
    }
    return new CommonPasswords(passwords);
  }

  /** Whether the (already normalised) password is on the list, ignoring case. */
  boolean contains(String normalisedPassword) {
    return passwords.contains(normalisedPassword.toLowerCase(Locale.ROOT));
  }

  int size() {
    return passwords.size();
  }
}
