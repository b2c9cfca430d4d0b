package dev.gatehouse.auth.system;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * In the {@code prod} profile, refuses to start without a PostgreSQL URL, before any bean (the data
 * source included) is created: without it the service would quietly fall back to the embedded H2
 * file, or fail later with an obscure driver message.
 */
@Component
@Profile("prod")
final class ProductionDatabaseCheck implements BeanFactoryPostProcessor, EnvironmentAware {

  private @Nullable Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    String url = (environment != null) ? environment.getProperty("spring.datasource.url") : null;
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalStateException(
          "The prod profile needs PostgreSQL: set SPRING_DATASOURCE_URL (jdbc:postgresql://…),"
              + " SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD");
    }
  }
}
