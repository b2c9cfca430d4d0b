# One image per service: docker build --build-arg MODULE=gateway .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl auth-service,gateway,demo-backend -am

FROM eclipse-temurin:17-jre
ARG MODULE
RUN useradd --system --uid 10001 gatehouse
COPY --from=build /src/${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar /app/app.jar
USER gatehouse
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
