#!/usr/bin/env bash
# Installs the Debian packages a command needs when they are missing, and says what it installs.
# Sourced by run-tests.sh, run-example.sh and .ci/run:  ensure_packages WHAT redis-server chromium ...
# As root it runs apt-get; with password-less sudo it runs sudo apt-get; otherwise it prints the one
# command that would install them and returns 2. Nothing is installed that is already there.

# package -> how to tell it is there
_bs_present() {
  case "$1" in
    redis-server) command -v redis-server >/dev/null 2>&1 ;;
    redis-tools) command -v redis-cli >/dev/null 2>&1 ;;
    chromium) [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1 \
                || { [ -n "${BROWSERSTATE_CHROMIUM:-}" ] && [ -x "$BROWSERSTATE_CHROMIUM" ]; } ;;
    unzip) command -v unzip >/dev/null 2>&1 ;;
    openssl) command -v openssl >/dev/null 2>&1 ;;
    maven) command -v mvn >/dev/null 2>&1 ;;
    *) dpkg -s "$1" >/dev/null 2>&1 ;;
  esac
}

ensure_packages() {
  local what="$1"; shift
  local need=() p
  for p in "$@"; do
    _bs_present "$p" || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local apt=()
  if [ "$(id -u)" = 0 ]; then
    apt=(apt-get)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt=(sudo apt-get)
  else
    echo "$what: missing the Debian packages ${need[*]}" >&2
    echo "Install them with:  sudo apt-get install -y ${need[*]}" >&2
    return 2
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$what: missing ${need[*]}, and this machine has no apt-get: install them with its package manager" >&2
    return 2
  fi
  echo "$what: missing ${need[*]}; installing with ${apt[*]} install (Debian's packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  local attempt
  for attempt in 1 2 3; do
    if "${apt[@]}" update -qq && "${apt[@]}" install -y -qq "${need[@]}" >/dev/null; then
      echo "Installed: ${need[*]}" >&2
      return 0
    fi
    [ "$attempt" = 3 ] && break
    echo "apt-get failed (attempt $attempt of 3); retrying in 10 s" >&2
    sleep 10
  done
  echo "Could not install ${need[*]}; try:  sudo apt-get install -y ${need[*]}" >&2
  return 2
}
