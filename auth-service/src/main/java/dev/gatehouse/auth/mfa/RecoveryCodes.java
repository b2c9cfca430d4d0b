package dev.gatehouse.auth.mfa;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-use recovery codes: 10 characters of the Base32 alphabet (50 random bits), shown as {@code
 * XXXXX-XXXXX}; typed with or without the dash, in any case. Stored as keyed hashes only ({@link
 * MfaCrypto#hashCode}).
 */
final class RecoveryCodes {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final int LENGTH = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecoveryCodes() {}

  static List<String> generate(int count) {
    List<String> codes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder code = new StringBuilder(LENGTH + 1);
      for (int c = 0; c < LENGTH; c++) {
        if (c == LENGTH / 2) {
          code.append('-');
        }
        code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      codes.add(code.toString());
    }
    return List.copyOf(codes);
  }

  /** Without dash and spaces, upper case: the form that is hashed. */
  static String normalize(String code) {
    return code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }

  static boolean isWellFormed(String code) {
    String normalized = normalize(code);
    if (normalized.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < normalized.length(); i++) {
      if (ALPHABET.indexOf(normalized.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
