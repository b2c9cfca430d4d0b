package dev.gatehouse.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The two nginx configurations the benchmark writes: the static responder every target reaches, and
 * the {@code auth_request} peers in front of it, which ask auth-service's {@code
 * /internal/forward-auth} (the browser's {@code Cookie} header plus the gateway's HTTP Basic client
 * credentials; 200 with {@code X-Gatehouse-*} identity headers or 401) before proxying.
 */
final class NginxConfigs {

  /** The cache zone of row (f): 5 s per session cookie, as a team would set it up. */
  static final String AUTH_CACHE_VALIDITY = "5s";

  private NginxConfigs() {}

  /**
   * {@code 200 ok} to everything, at once. {@code /gh/} (the Gatehouse rows) answers 403 without
   * {@code Authorization: Bearer}, and {@code /peer/} (the nginx rows) without {@code
   * X-Gatehouse-User}: a target that stopped authenticating shows up as errors in the table.
   */
  static String staticResponder(Path directory, int port, int workers) {
    return head(directory, workers)
        + """
          access_log off;
          server {
            listen 127.0.0.1:%d backlog=4096;
            location /gh/ {
              if ($http_authorization !~ "^Bearer ") { return 403 "no bearer token\\n"; }
              return 200 "ok\\n";
            }
            location /peer/ {
              if ($http_x_gatehouse_user = "") { return 403 "no identity\\n"; }
              return 200 "ok\\n";
            }
            location / {
              return 200 "ok\\n";
            }
          }
        }
        """
            .formatted(port);
  }

  /**
   * Row (e) on {@code plainPort}: {@code auth_request} on every request; row (f) on {@code
   * cachedPort}: the same with the auth subrequest's 200 answers cached per session cookie for
   * {@value #AUTH_CACHE_VALIDITY} (auth-service says {@code no-store}, so the cache has to be told
   * to ignore that; concurrent misses for one cookie wait for one subrequest, as the gateway's
   * single-flight does). Both keep connections alive to both upstreams and write a buffered access
   * log, as a production nginx would (the gateway writes its access line too).
   */
  static String authRequestPeers(
      Path directory,
      int plainPort,
      int cachedPort,
      int workers,
      String upstream,
      String authService,
      String clientId,
      String clientSecret) {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    return head(directory, workers)
        + """
          access_log %1$s/logs/access.log combined buffer=256k flush=1s;
          proxy_http_version 1.1;
          proxy_cache_path %1$s/auth-cache levels=1:2 keys_zone=gatehouse_auth:10m max_size=64m
                           inactive=1m use_temp_path=off;
          map $cookie_GATEHOUSE_SESSION $gatehouse_no_session { "" 1; default 0; }
          upstream static-upstream { server %2$s; keepalive 64; }
          # Hyphens, not underscores: the name is the subrequest's Host, and Tomcat answers 400 to a
          # host name with an underscore.
          upstream auth-service { server %3$s; keepalive 64; }
          server {
            listen 127.0.0.1:%4$d backlog=4096;
        %5$s
            location = /_gatehouse_auth {
              internal;
        %6$s
            }
          }
          server {
            listen 127.0.0.1:%7$d backlog=4096;
        %5$s
            location = /_gatehouse_auth {
              internal;
        %6$s
              proxy_cache gatehouse_auth;
              proxy_cache_key $cookie_GATEHOUSE_SESSION;
              proxy_cache_valid 200 %8$s;
              proxy_ignore_headers Cache-Control Expires Set-Cookie;
              proxy_cache_lock on;
              proxy_cache_bypass $gatehouse_no_session;
              proxy_no_cache $gatehouse_no_session;
            }
          }
        }
        """
            .formatted(
                directory,
                hostPort(upstream),
                hostPort(authService),
                plainPort,
                protectedLocation(),
                authSubrequest(basic),
                cachedPort,
                AUTH_CACHE_VALIDITY);
  }

  private static String protectedLocation() {
    return """
            location / {
              auth_request /_gatehouse_auth;
              auth_request_set $gatehouse_user $upstream_http_x_gatehouse_user;
              auth_request_set $gatehouse_username $upstream_http_x_gatehouse_username;
              auth_request_set $gatehouse_roles $upstream_http_x_gatehouse_roles;
              auth_request_set $gatehouse_sid $upstream_http_x_gatehouse_sid;
              proxy_set_header Connection "";
              proxy_set_header Cookie "";
              proxy_set_header Authorization "";
              proxy_set_header X-Gatehouse-User $gatehouse_user;
              proxy_set_header X-Gatehouse-Username $gatehouse_username;
              proxy_set_header X-Gatehouse-Roles $gatehouse_roles;
              proxy_set_header X-Gatehouse-Sid $gatehouse_sid;
              proxy_pass http://static-upstream/peer/;
            }\
        """;
  }

  private static String authSubrequest(String basic) {
    return """
              proxy_pass http://auth-service/internal/forward-auth;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header Connection "";
              proxy_set_header Authorization "Basic %s";\
        """
        .formatted(basic);
  }

  /** Worker count, pid file, temporary paths: everything inside {@code directory}. */
  private static String head(Path directory, int workers) {
    return """
        # Written by the Gatehouse benchmark (bench/); nginx runs in the foreground as its child.
        daemon off;
        master_process on;
        worker_processes %2$d;
        %3$s
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log warn;
        events { worker_connections 4096; }
        http {
          default_type text/plain;
          keepalive_requests 1000000;
          # Longer than any pause between rounds: a gateway reusing a pooled connection that nginx
          # closed while idle would show a failure that belongs to neither.
          keepalive_timeout 600s;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
        """
        .formatted(directory, workers, userDirective());
  }

  /**
   * Run as root, nginx would hand its workers to {@code nobody}, who cannot write this run's
   * private directories; a loopback benchmark child keeps the user that started it.
   */
  private static String userDirective() {
    return "root".equals(System.getProperty("user.name")) ? "user root;" : "";
  }

  private static String hostPort(String url) {
    return url.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
  }
}
