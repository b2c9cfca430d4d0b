package dev.gatehouse.bench;

import java.nio.file.Path;
import java.time.Duration;

/** The static nginx responder ({@link NginxConfigs#staticResponder}) as the shared upstream. */
final class NginxUpstream implements Upstream {

  private final NginxServer server;
  private final int port;
  private final String description;

  private NginxUpstream(NginxServer server, int port, String description) {
    this.server = server;
    this.port = port;
    this.description = description;
  }

  static NginxUpstream start(Path nginx, String version, Path directory, int port, int workers) {
    NginxServer server =
        NginxServer.start(
            "static nginx",
            nginx,
            directory,
            NginxConfigs.staticResponder(directory, port, workers),
            java.util.List.of(port));
    return new NginxUpstream(
        server, port, "static nginx responder (" + version + ", " + workers + " workers)");
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public String description() {
    return description;
  }

  Duration cpuTime() {
    return server.cpuTime();
  }

  @Override
  public void close() {
    server.close();
  }
}
