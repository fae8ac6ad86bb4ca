#!/usr/bin/env bash
# Benchmark of the trace panel: a 1,000-subsegment waterfall laid out and drawn, and the live list with 10,000
# traces in range refreshing while FX pulse gaps are measured. Headless on Monocle (software rendering), like
# the tests. Rewrites the "Trace panel" section of docs/PERFORMANCE.md.
# Usage (from anywhere): tools/bench-traces.sh [OUTPUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl app test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.io.tmpdir=app/target/test-tmp \
    -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" \
    xraygallery.ui.traces.bench.TracePanelBenchmark "${1:-docs/PERFORMANCE.md}"
