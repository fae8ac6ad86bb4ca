#!/usr/bin/env bash
# Benchmark of photo uploads: resize (plain Thumbnailator vs subsampled decode) and 20 × 12 MP photos
# through the pipeline against a local cloud, sequential vs pipelined. Rewrites the "Photo uploads"
# section of docs/PERFORMANCE.md. Usage (from anywhere): tools/bench-photos.sh [OUTPUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl app test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" \
    xraygallery.photos.PhotoUploadBenchmark "${1:-docs/PERFORMANCE.md}"
