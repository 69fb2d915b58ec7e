# One image for every role: the launcher's --services flag picks what a container hosts.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY conf conf
COPY cluster-config cluster-config
COPY verticles verticles
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /app marketplace
WORKDIR /app
COPY --from=build /src/verticles/app/target/marketplace.jar marketplace.jar
COPY conf conf
COPY cluster-config cluster-config
RUN mkdir -p /app/data && chown -R marketplace /app
USER marketplace
ENV DATA_DIR=/app/data \
    CLUSTER_CONFIG=/app/cluster-config/compose.xml \
    CLUSTER_HOST=auto
EXPOSE 8000 5701
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=5 \
  CMD curl -fs http://localhost:8000/health || exit 1
# The same JVM memory caps as ./run.sh (README, Configuration: JVM memory); JAVA_OPTS replaces them.
ENV JAVA_OPTS="-XX:+UseSerialGC -Xms64m -Xmx320m -XX:MaxMetaspaceSize=192m -XX:MaxDirectMemorySize=128m"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/marketplace.jar \"$@\"", "marketplace"]
