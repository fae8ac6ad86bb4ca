#!/usr/bin/env bash
# Benchmark of the gallery window: 5,000 seeded photos, time to the first screen of thumbnails (cold and warm
# thumbnail cache) and FX pulses while scrolling end to end, on Monocle (headless). Rewrites the "Gallery window"
# section of docs/PERFORMANCE.md. Usage (from anywhere): tools/bench-gallery.sh [OUTPUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/PERFORMANCE.md}")"
mvn -q -B -pl app test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# from app/, so the local cloud reuses app/target/mariadb-base and keeps its data under app/target/
cd app
mkdir -p target/test-tmp
java -Djava.io.tmpdir=target/test-tmp -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    xraygallery.ui.gallery.bench.GalleryBenchmark "$out"
