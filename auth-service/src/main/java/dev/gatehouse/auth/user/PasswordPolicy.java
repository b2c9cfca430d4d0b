package dev.gatehouse.auth.user;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The one password policy, OWASP ASVS 5.0 V6.2: a minimum and a maximum length (refused, never
 * truncated), any Unicode, no composition rules, not on the shipped list of common and breached
 * passwords, not the username. Every password is NFKC-normalised ({@link #normalise}) before it is
 * checked and before it is hashed, and so is every password presented at login, so the same
 * password typed on two keyboards (composed or decomposed accents, full-width digits) is the same.
 */
@Component
public final class PasswordPolicy {

  private final PasswordProperties properties;
  private final CommonPasswords common;

  @Autowired
  PasswordPolicy(PasswordProperties properties) {
    this(properties, CommonPasswords.load());
  }

  PasswordPolicy(PasswordProperties properties, CommonPasswords common) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(common, "common cannot be null");
    this.properties = properties;
    this.common = common;
  }

  /** NFKC (Unicode compatibility composition), as NIST SP 800-63B §5.1.1.2 recommends. */
  public static String normalise(String password) {
    Assert.notNull(password, "password cannot be null");
    return Normalizer.normalize(password, Normalizer.Form.NFKC);
  }

  /**
   * Why this password is refused for this user, or empty when it is acceptable.
   *
   * @param username the account's login name
   * @param password the password as typed (normalised here)
   */
  public Optional<PasswordViolation> check(String username, String password) {
    Assert.notNull(username, "username cannot be null");
    Assert.notNull(password, "password cannot be null");
    String normalised = normalise(password);
    int length = normalised.codePointCount(0, normalised.length());
    if (length < properties.minLength()) {
      return Optional.of(PasswordViolation.tooShort(properties.minLength()));
    }
    if (length > properties.maxLength()) {
      return Optional.of(PasswordViolation.tooLong(properties.maxLength()));
    }
    if (normalised.toLowerCase(Locale.ROOT).equals(normalise(username).toLowerCase(Locale.ROOT))) {
      return Optional.of(PasswordViolation.username());
    }
    if (common.contains(normalised)) {
      return Optional.of(PasswordViolation.common());
    }
    return Optional.empty();
  }

  public int minLength() {
    return properties.minLength();
  }

  public int maxLength() {
    return properties.maxLength();
  }
}
