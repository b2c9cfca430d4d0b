package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A fresh self-signed certificate for {@code localhost}, made with the same {@code openssl req
 * -x509} one-liner the README gives operators for docker-compose (nothing is committed): the PEM
 * files nginx serves, the SPKI pin Chromium is told to accept ({@code
 * --ignore-certificate-errors-spki-list}, only this key, not a blanket ignore), and an {@link
 * SSLContext} for the tests' own HTTP client that trusts exactly this certificate.
 */
final class DevCertificate {

  final Path certificate;
  final Path key;
  private final X509Certificate x509;

  private DevCertificate(Path certificate, Path key, X509Certificate x509) {
    this.certificate = certificate;
    this.key = key;
    this.x509 = x509;
  }

  static DevCertificate generate(Path directory) {
    Path openssl = DebianTools.require("openssl", "openssl");
    Path certificate = directory.resolve("tls.crt");
    Path key = directory.resolve("tls.key");
    DebianTools.runOrFail(
        directory,
        List.of(
            openssl.toString(),
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            key.toString(),
            "-out",
            certificate.toString()));
    try (InputStream pem = Files.newInputStream(certificate)) {
      X509Certificate x509 =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
      return new DevCertificate(certificate, key, x509);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("openssl wrote an unreadable certificate", ex);
    }
  }

  /** Base64 of the SHA-256 of the DER SubjectPublicKeyInfo: Chromium's certificate pin format. */
  String spkiSha256() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(x509.getPublicKey().getEncoded());
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The switch that makes Chromium accept this certificate, and only it, as valid. */
  String chromiumPin() {
    return "--ignore-certificate-errors-spki-list=" + spkiSha256();
  }

  /** TLS for a server in the test JVM that presents this certificate. */
  SSLContext serving() {
    try {
      String pem =
          Files.readString(key)
              .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      PrivateKey privateKey =
          KeyFactory.getInstance("EC")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = new char[0];
      keys.setKeyEntry("gatehouse-dev", privateKey, password, new Certificate[] {x509});
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return context;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("the key openssl wrote cannot serve TLS", ex);
    }
  }

  /** TLS that trusts this certificate and nothing else (hostname verification stays on). */
  SSLContext trustingOnlyThis() {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("gatehouse-dev", x509);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
