# The Compliance API simulator as a container, for the demo stack: the simulator's own jar
# (src/simulator/java, see docs/simulator.md) with Jackson beside it, nothing of the test class path.
#
# Build from the repository root:
#   docker build -f docker/simulator.Dockerfile -t complianceconnect/compliance-api-simulator:dev .

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The pom's simulator-compile, simulator-jar and simulator-lib executions, as bin/simulator runs them:
# no test is compiled. The jar's Class-Path names lib/, so it keeps working under a fixed name.
RUN mvn -B -q compile jar:jar@simulator-jar dependency:copy-dependencies@simulator-lib \
 && mv target/simulator/*-simulator.jar target/simulator/compliance-api-simulator.jar

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/simulator/ /app/
ENTRYPOINT ["java", "-jar", "/app/compliance-api-simulator.jar"]
CMD ["--port", "18089", "--groups", "25", "--members-per-group", "4", "--api-key", "simulator-demo-key"]
