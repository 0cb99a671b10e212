#!/usr/bin/env bash
# Builds and runs samples/gradle with Gradle against the jars of the Maven build:
#   mvn -q install -DskipTests && samples/gradle/run.sh
# Prints the fitted line, a=2.000000 b=1.000000.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
version=0.1.0-SNAPSHOT
javapoet=$(find "${HOME}/.m2/repository/com/palantir/javapoet/javapoet" -name 'javapoet-*.jar' | sort | tail -1)
gradle -q --offline --no-daemon \
  -PadjointRuntime="$root/runtime/target/adjoint-runtime-$version.jar" \
  -PadjointProcessorJar="$root/processor/target/adjoint-processor-$version.jar" \
  -PjavapoetJar="$javapoet" \
  run
