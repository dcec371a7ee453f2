# syntax=docker/dockerfile:1
# Image of the operator: docker build -t ghcr.io/lambdaefs/lambda-efs-operator:0.1.0 .

# Build stage: the shaded jar, built with the project's Maven wrapper.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# The jar carries examples/ (pom.xml resources): `docker run IMAGE demo` needs nothing else.
COPY examples/ examples/
COPY deploy/iam/ deploy/iam/
RUN ./mvnw -B -DskipTests package

# Runtime stage: a JRE and the jar, run as a non-root user (uid/gid 65532, as the Helm chart expects).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 65532 nonroot \
 && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin nonroot
COPY --from=build /src/target/lambda-efs-operator.jar /app/lambda-efs-operator.jar
USER 65532:65532
WORKDIR /app
# /healthz, /readyz and /metrics (HTTP_PORT).
EXPOSE 8080
ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-XX:+ExitOnOutOfMemoryError","-jar","/app/lambda-efs-operator.jar"]
CMD ["run"]
