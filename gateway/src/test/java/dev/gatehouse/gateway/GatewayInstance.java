package dev.gatehouse.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A whole gateway started in-process on a random port, so a test can run several instances that
 * share one Redis, as a deployment does.
 */
public final class GatewayInstance implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final int port;
  private final WebTestClient client;

  private GatewayInstance(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.client =
        WebTestClient.bindToServer()
            .baseUrl(baseUrl())
            .responseTimeout(java.time.Duration.ofSeconds(20))
            .build();
  }

  public static GatewayInstance start(Map<String, Object> properties, Class<?>... extraSources) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("server.port", 0);
    all.put("management.server.port", 0);
    all.put("gatehouse.session.token-secret", TestSessions.TOKEN_SECRET);
    all.putAll(properties);
    Class<?>[] sources = new Class<?>[extraSources.length + 2];
    sources[0] = GatewayApplication.class;
    sources[1] = OwnReactorResources.class;
    System.arraycopy(extraSources, 0, sources, 2, extraSources.length);
    // As command-line arguments: they win over application.yml, as an operator's settings do.
    String[] arguments =
        all.entrySet().stream()
            .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
            .toArray(String[]::new);
    return new GatewayInstance(new SpringApplicationBuilder(sources).run(arguments));
  }

  public int port() {
    return port;
  }

  public int managementPort() {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  /** One client per instance, so its connections are reused as a browser's would be. */
  public WebTestClient client() {
    return client;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }

  /**
   * Each instance gets its own Reactor Netty event loops and connection pool instead of the
   * JVM-wide global ones a deployment has one of per process: several instances live in one test
   * JVM, and closing one (or another test's context) would otherwise dispose the loops the others
   * are still serving on, leaving their requests unanswered.
   */
  @Configuration(proxyBeanMethods = false)
  static class OwnReactorResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
      ReactorResourceFactory factory = new ReactorResourceFactory();
      factory.setUseGlobalResources(false);
      return factory;
    }
  }
}
