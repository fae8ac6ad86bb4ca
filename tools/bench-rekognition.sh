#!/usr/bin/env bash
# Benchmark of the offline Rekognition: model load times and warm DetectLabels/DetectFaces latency
# for a 2 MP photo. Rewrites the "Offline Rekognition" section of docs/PERFORMANCE.md.
# Usage (from anywhere): tools/bench-rekognition.sh [OUTPUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl app test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" \
    xraygallery.localcloud.rekognition.bench.RekognitionBenchmark "${1:-docs/PERFORMANCE.md}"
