package dev.gatehouse.bench;

/**
 * The one backend every target reaches, so that the rows differ only in what stands in front of it:
 * a static nginx responder, or the Java {@link StubUpstream} where nginx cannot be had.
 */
interface Upstream extends AutoCloseable {

  /** {@code http://127.0.0.1:<port>}. */
  String baseUrl();

  /** What it is, for the table's heading. */
  String description();

  @Override
  void close();
}
