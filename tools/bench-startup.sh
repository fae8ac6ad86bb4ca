#!/usr/bin/env bash
# Start-up of the desktop window under Xvfb: how long until the window shows and until it is usable (the
# session is up: local cloud, daemon, use-cases), cold (the window starts the local cloud and the daemon) and
# warm (they already run and are reused). Prints a markdown table for docs/PERFORMANCE.md.
# Needs: xvfb, the jar (mvn -q package -DskipTests). Uses its own data folder and ports, never the defaults.
# APP=packaging/target/app-image/xray-gallery/bin/xray-gallery measures the packaged app instead of the jar
# (packaging/build.sh --app-image-only); DISPLAY_NUMBER picks another Xvfb display (default 91).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
jar=app/target/xray-gallery.jar
read -r -a app <<<"${APP:-java -jar $jar}"
work=$(pwd)/app/target/bench-startup
rm -rf "$work" && mkdir -p "$work"
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
export XRAY_GALLERY_LOCALCLOUD=http://127.0.0.1:4591 AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2091
display=:${DISPLAY_NUMBER:-91}
Xvfb $display -screen 0 1400x900x24 >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1

one_run() { # $1 = log file; prints "shown usable"
  DISPLAY=$display "${app[@]}" >"$1" 2>&1 & local pid=$!
  for _ in $(seq 1 600); do grep -q "window usable" "$1" && break; sleep 0.1; done
  local shown usable
  shown=$(grep -o 'window shown [0-9]* ms' "$1" | grep -o '[0-9]*')
  usable=$(grep -o 'window usable [0-9]* ms' "$1" | grep -o '[0-9]*')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$shown $usable"
}

# the first run unpacks MariaDB's binaries only when the database starts, so it is not part of start-up
echo "| run | window shown (ms after JVM start) | usable, cold: starts local cloud + daemon (ms) | usable, warm: reuses them (ms) |"
echo "|---:|---:|---:|---:|"
for i in $(seq 1 "$runs"); do
  read -r shown cold < <(one_run "$work/cold-$i.log")
  # warm: the services already run
  "${app[@]}" localcloud --port 4591 >"$work/lc-$i.log" 2>&1 & lc=$!
  "${app[@]}" daemon >"$work/d-$i.log" 2>&1 & d=$!
  for _ in $(seq 1 300); do grep -q "ready" "$work/lc-$i.log" && grep -q "ready" "$work/d-$i.log" && break; sleep 0.1; done
  read -r _ warm < <(one_run "$work/warm-$i.log")
  kill $lc $d; wait $lc $d 2>/dev/null || true
  echo "| $i | $shown | $cold | $warm |"
done
