#!/usr/bin/env bash
# Takes the README's screenshots of the real window under Xvfb (xraygallery.ui.ScreenshotTour): a fresh session
# on its own local cloud (127.0.0.1:4593) and daemon (127.0.0.1:2093), sign-up, a dropped batch mid-upload, the
# gallery with the trace panel, a photo with its boxes, the settings, each in light and dark.
# Needs: xvfb (apt-get install -y xvfb libgtk-3-0). Usage: tools/screenshots.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/screenshots}")"
mvn -q -B -pl app test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/tour.classpath -Dmdep.includeScope=test
cd app
rm -rf target/screenshot-tour && mkdir -p target/test-tmp
Xvfb :93 -screen 0 1600x1000x24 >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=:93 java -Djava.io.tmpdir=target/test-tmp -Dprism.order=sw \
    -cp "target/test-classes:target/classes:$(cat target/tour.classpath)" \
    xraygallery.ui.ScreenshotTour "$out" target/screenshot-tour
