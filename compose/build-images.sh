#!/usr/bin/env bash
# Installs Docker (docker.io) and mmdebstrap when missing, starts dockerd when none answers, and builds the
# local images offline, each keyed by the hash of its inputs (a second run with the same inputs builds nothing):
#   kafka-chaos/java17:<key>        Debian bookworm + openjdk-17-jre-headless (mmdebstrap | docker import)
#   kafka-chaos/kafka:<version>     the harness's cached Kafka distribution on that base (Dockerfile.kafka)
# Idempotent and fast when done. Environment: KAFKA_CHAOS_CACHE (cache root), KAFKA_CHAOS_DOCKERD_DIR
# (dockerd's pidfile and log; default $cache/dockerd), KAFKA_VERSION (default: every cached distribution).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${KAFKA_CHAOS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-chaos}"
state="${KAFKA_CHAOS_DOCKERD_DIR:-$cache/dockerd}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- packages ---------------------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-images: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ---- daemon -----------------------------------------------------------------------------------------------
# No systemd here: start dockerd by hand, without a bridge or iptables rules (containers use host networking,
# so test traffic stays on 127.0.0.1). A daemon that already answers is reused, whoever started it.
if ! docker info >/dev/null 2>&1; then
  mkdir -p "$state"
  if [ -f "$state/dockerd.pid" ] && kill -0 "$(cat "$state/dockerd.pid")" 2>/dev/null; then
    echo "build-images: dockerd (pid $(cat "$state/dockerd.pid")) is running but not answering yet"
  else
    echo "build-images: starting dockerd (log $state/dockerd.log)"
    as_root setsid dockerd --iptables=false --bridge=none --pidfile "$state/dockerd.pid" >"$state/dockerd.log" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 150); do docker info >/dev/null 2>&1 && break; sleep 0.2; done
  docker info >/dev/null 2>&1 || { echo "build-images: dockerd did not answer within 30 s; see $state/dockerd.log" >&2; tail -20 "$state/dockerd.log" >&2 || true; exit 1; }
fi
echo "build-images: docker daemon $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# ---- Java 17 base -----------------------------------------------------------------------------------------
# The mirror apt already uses (deb822 .sources or one-line .list), so no other host is contacted.
mirror=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1 || true)
[ -n "$mirror" ] || mirror=$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}' | grep -iv security | grep -i debian | head -1 || true)
[ -n "$mirror" ] || { echo "build-images: no Debian mirror found in /etc/apt/sources.list*" >&2; exit 1; }
# shellcheck source=/dev/null
. "$here/java17.recipe"
base_key=$( { cat "$here/java17.recipe"; echo "$mirror"; } | sha256sum | cut -c1-16)
base="kafka-chaos/java17:$base_key"
if docker image inspect "$base" >/dev/null 2>&1; then
  echo "build-images: $base is up to date"
else
  echo "build-images: building $base from $mirror (about a minute)"
  tarball=$(mktemp --suffix=.tar)
  trap 'rm -f "$tarball"' EXIT
  # To a file first, not a pipe: a failed mmdebstrap must never leave a tagged (empty) image behind.
  mmdebstrap --quiet --variant="$variant" --include="$include" "$suite" "$tarball" "$mirror"
  [ -s "$tarball" ] || { echo "build-images: mmdebstrap produced an empty root" >&2; exit 1; }
  docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$base" >/dev/null
  rm -f "$tarball"
  java_version=$(docker run --rm --network none "$base" java -version 2>&1) || { docker rmi "$base" >/dev/null; printf "build-images: %s has no working java:\n%s\n" "$base" "$java_version" >&2; exit 1; }
  echo "build-images: $base: ${java_version%%$'\n'*}"
fi
docker tag "$base" kafka-chaos/java17:latest

# ---- Kafka images from the cached distributions -----------------------------------------------------------
shopt -s nullglob
versions=()
if [ -n "${KAFKA_VERSION:-}" ]; then versions=("$KAFKA_VERSION"); else for d in "$cache"/kafka/*/; do versions+=("$(basename "$d")"); done; fi
[ ${#versions[@]} -gt 0 ] || { echo "build-images: no Kafka distribution in $cache/kafka; run: dotnet run --project harness/Cli -- doctor --fix" >&2; exit 1; }
for version in "${versions[@]}"; do
  dist="$cache/kafka/$version"
  [ -d "$dist/libs" ] || { echo "build-images: $dist is not a Kafka distribution" >&2; exit 1; }
  key=$( { echo "$base_key"; sha256sum "$here/Dockerfile.kafka"; (cd "$dist" && find . -type f -printf '%P %s %T@\n' | sort); } | sha256sum | cut -c1-16)
  image="kafka-chaos/kafka:$version"
  if [ "$(docker image inspect --format '{{index .Config.Labels "kafka-chaos.key"}}' "$image" 2>/dev/null)" = "$key" ]; then
    echo "build-images: $image is up to date"
    continue
  fi
  echo "build-images: building $image"
  docker build --quiet --network none -f "$here/Dockerfile.kafka" --build-arg "BASE=$base" \
    --label "kafka-chaos.key=$key" --label "org.apache.kafka.version=$version" -t "$image" "$dist" >/dev/null
done
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' 'kafka-chaos/*'
