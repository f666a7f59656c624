# The Compliance API simulator (test code of this repository) as a container, for the demo stack.
#
# Build from the repository root:
#   docker build -f docker/simulator.Dockerfile -t complianceconnect/compliance-api-simulator:dev .

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The simulator lives in src/test/java and needs the test class path (Jackson, the client records).
RUN mvn -B -q -DskipTests test-compile dependency:copy-dependencies \
        -DincludeScope=test -DoutputDirectory=target/simulator-lib

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/classes /app/classes
COPY --from=build /src/target/test-classes /app/test-classes
COPY --from=build /src/target/simulator-lib /app/lib
ENTRYPOINT ["java", "-cp", "/app/test-classes:/app/classes:/app/lib/*", "io.complianceconnect.groups.simulator.SimulatorMain"]
CMD ["--port", "18089", "--groups", "25", "--members-per-group", "4", "--api-key", "simulator-demo-key"]
