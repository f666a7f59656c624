# shellcheck shell=bash
# Shared by bin/demo, bin/simulator, bin/verify-replica and bin/bench, which run tools of this checkout from a fresh clone:
# build what the tool needs when its sources changed, cache the test class path, find java. Sourced,
# not run; the sourcing script sets launcher_name (used in messages) first.
#
# Everything Maven prints goes to stderr, so a tool's stdout carries only its own output (records,
# the simulator's ready line, the benchmark table).

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

java_cmd=java
if [[ -n ${JAVA_HOME:-} ]]; then
    java_cmd="$JAVA_HOME/bin/java"
fi

# Offline first (fast, no network); online when the local repository lacks something, e.g. on a fresh
# machine. The offline attempt's output is kept in target/launcher-offline.log: the online attempt
# prints the same errors if there is a real one.
mvn_quiet() {
    mkdir -p target
    if mvn -B -q -o "$@" >target/launcher-offline.log 2>&1; then
        return 0
    fi
    echo "$launcher_name: offline Maven build failed, retrying online" >&2
    if ! mvn -B -q "$@" >&2; then
        echo "$launcher_name: Maven failed (the offline attempt's output is in target/launcher-offline.log)" >&2
        return 1
    fi
}

# build_when_stale PRODUCT WATCHED... -- GOAL...: runs `mvn GOAL...` when PRODUCT is missing or a
# WATCHED file or directory changed since the last such build (one stamp per PRODUCT).
build_when_stale() {
    local product=$1
    shift
    local watched=()
    while [[ $1 != -- ]]; do
        watched+=("$1")
        shift
    done
    shift
    local stamp="target/.build-stamp-${product//\//-}"
    if [[ -e $product && -f $stamp && -z "$(find "${watched[@]}" -newer "$stamp" -print -quit)" ]]; then
        return 0
    fi
    echo "$launcher_name: building $product (mvn $*)" >&2
    mvn_quiet "$@"
    touch "$stamp"
}

# The test classes and the class path they run with, for tools that live with the tests (the demo,
# the benchmarks): prints target/test-classes:target/classes:<dependencies>. The dependency list is
# cached in target/test-classpath.txt and resolved again when pom.xml changes.
test_classpath() {
    build_when_stale target/test-classes src pom.xml -- test-compile
    local cache=target/test-classpath.txt
    if [[ ! -s $cache || pom.xml -nt $cache ]]; then
        echo "$launcher_name: resolving the test class path" >&2
        mvn_quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cache"
    fi
    echo "$root/target/test-classes:$root/target/classes:$(cat "$cache")"
}

# newest_jar PRODUCT NAME: the newest target/PRODUCT/*-PRODUCT.jar (a version change leaves the previous
# version's jar beside it); NAME is what to call it when the build made none.
newest_jar() {
    local jar
    jar="$(ls -t "$root/target/$1"/*-"$1".jar 2>/dev/null | head -n 1)"
    if [[ -z $jar ]]; then
        echo "$launcher_name: the build made no $2 in target/$1/" >&2
        return 1
    fi
    echo "$jar"
}

# The simulator's runnable jar (target/simulator/*-simulator.jar with its lib/), built by the pom's
# simulator-compile, simulator-jar and simulator-lib executions without compiling any test.
simulator_jar() {
    build_when_stale target/simulator src/simulator pom.xml -- \
        compile jar:jar@simulator-jar dependency:copy-dependencies@simulator-lib
    newest_jar simulator "simulator jar"
}

# verify-replica's jar (target/verifier/*-verifier.jar with its lib/), built by the pom's verifier-compile,
# verifier-jar and verifier-lib executions without compiling any test. It holds the connector's digest
# classes too, so their sources count.
verifier_jar() {
    build_when_stale target/verifier src/verifier src/main/java/io/complianceconnect/groups/mapping pom.xml -- \
        compile jar:jar@verifier-jar dependency:copy-dependencies@verifier-lib
    newest_jar verifier "verifier jar"
}
