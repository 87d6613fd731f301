# fetchd container image: build the shaded jar with Maven, run it on a JRE as a non-root user.
#
#   docker build --build-arg REVISION="$(git rev-parse --short=12 HEAD)" -t fetchd .
#   docker run --rm -p 8080:8080 --memory 1g fetchd
#
# REVISION fills fetchd_build_info{revision} (the build context has no .git to read it from);
# without it the label is "unknown".
#
# Both base images are build args with pinned version tags, so a build is repeatable and a
# mirror or a locally made image can stand in:
#   docker build --build-arg BASE_IMAGE=registry.example/eclipse-temurin:17.0.13_11-jre .
ARG BUILD_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG BASE_IMAGE=eclipse-temurin:17.0.13_11-jre

# ---------------------------------------------------------------------------------------- build
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies and plugins first, in their own layer, by packaging the project with no sources:
# editing a source file then does not download them again.
COPY pom.xml ./
RUN mvn -B -q -DskipTests package && rm -rf target
COPY src/main ./src/main
# Declared after the dependency layer, so a new revision does not download the dependencies again.
ARG REVISION=
# .dockerignore keeps src/test out of the context, so -DskipTests has no tests to compile either.
RUN mvn -B -q -DskipTests "-Dfetchd.revision=${REVISION}" package \
 && cp target/fetchd.jar /fetchd.jar

# -------------------------------------------------------------------------------------- runtime
FROM ${BASE_IMAGE}
# A fixed numeric uid/gid (10001): Kubernetes' runAsNonRoot can only check a numeric USER, and
# deploy/k8s runs the pod as 10001 too.
RUN groupadd --system --gid 10001 fetchd \
 && useradd --system --uid 10001 --gid fetchd --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin fetchd
COPY --from=build /fetchd.jar /app/fetchd.jar
COPY config/fetchd.yaml /etc/fetchd/fetchd.yaml

# Inside the container fetchd binds all interfaces (its default is 127.0.0.1); the port is only
# reachable from outside when it is published. Any setting can be overridden the same way, e.g.
# FETCHD_AUTH_TOKENS or FETCHD_SERVER_DRAIN_TIMEOUT.
ENV FETCHD_CONFIG=/etc/fetchd/fetchd.yaml \
    FETCHD_SERVER_HOST=0.0.0.0 \
    FETCHD_SERVER_PORT=8080

USER 10001:10001
WORKDIR /app
EXPOSE 8080

# The eclipse-temurin images ship curl (and wget). Shell form so FETCHD_SERVER_PORT applies.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${FETCHD_SERVER_PORT:-8080}/healthz" || exit 1

# Exec form: java is PID 1 and gets SIGTERM itself, so shutdown drains running batches
# (server.drainTimeout, default 20 s). An OutOfMemoryError ends the process so the orchestrator
# restarts it. Netty unpacks its epoll library to /tmp, which must be writable.
#
# Memory, sized for a 1 GiB container limit (deploy/k8s and deploy/compose set 1Gi):
#   heap    MaxRAMPercentage=50       512 MiB
#   direct  MaxDirectMemorySize=256m  256 MiB  (Netty's buffers; the default would equal the heap)
#   rest                              256 MiB  metaspace (~50), code cache (~30), thread stacks,
#                                              GC tables, malloc arenas, the epoll library
#   total                            1024 MiB  = the limit, so the kernel's OOM killer never
#                                              fires before the JVM's own limits do
# The memory budget (memory.budgetBytes 0) is then half of min(512, 256) = 128 MiB.
# For another limit L keep the proportions (heap L/2, direct L/4): these flags are on the command
# line, which wins over JAVA_TOOL_OPTIONS, so override the entrypoint (deploy/k8s/deployment.yaml shows how);
# other JVM flags can still be added with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:MaxDirectMemorySize=256m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/fetchd.jar"]
CMD ["serve"]
