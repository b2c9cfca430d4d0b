# syntax=docker/dockerfile:1
# One image per service: docker build --build-arg MODULE=gateway .   (auth-service, gateway, demo-backend)
# docker-compose.yml builds all three; they share every layer up to the MODULE argument.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Maven and every dependency first, from the build files only: this layer is rebuilt when a pom
# changes, not when a source file does. The reactor's own modules are not resolved (not built yet).
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY protocol/pom.xml protocol/
COPY test-support/pom.xml test-support/
COPY auth-service/pom.xml auth-service/
COPY gateway/pom.xml gateway/
COPY demo-backend/pom.xml demo-backend/
COPY e2e-tests/pom.xml e2e-tests/
RUN ./mvnw -B -ntp -q dependency:go-offline -DexcludeReactor=true

COPY . .
ARG MODULE
RUN test -n "$MODULE" || { echo "build with --build-arg MODULE=auth-service|gateway|demo-backend" >&2; exit 1; }
# The executable jar, split into Spring Boot's layers (dependencies, spring-boot-loader,
# snapshot-dependencies, application) with the launcher, so the runtime image can copy them apart.
RUN ./mvnw -B -ntp -q -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl "$MODULE" -am \
 && java -Djarmode=tools -jar "$MODULE/target/$MODULE-0.1.0-SNAPSHOT-exec.jar" \
      extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 gatehouse \
 && useradd --system --uid 10001 --gid 10001 --no-create-home gatehouse
WORKDIR /app
# Least-changing first: a new build of the application changes only the last layer, the ~100 MB of
# dependencies are reused from the previous image.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# Numeric, so Kubernetes' runAsNonRoot can check it.
USER 10001:10001
# Heap from the container's memory limit; add options with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
