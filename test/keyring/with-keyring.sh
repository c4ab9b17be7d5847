#!/usr/bin/env bash
# Runs a command with a real Secret Service (gnome-keyring) on a private D-Bus session bus.
#
#   bash test/keyring/with-keyring.sh npx vitest run test/integration/keychain-real.test.ts
#
# Re-executes itself under dbus-run-session when no private bus was started yet, then starts
# gnome-keyring-daemon's secrets component with an unlocked 'login' collection (empty password)
# (its files in a throwaway folder), waits until it owns org.freedesktop.secrets, checks it
# with secret-tool, and runs the command. The daemon exits with the bus when the command ends.
# Needs the Debian packages dbus (dbus-run-session), gnome-keyring, libsecret-tools (secret-tool)
# and libglib2.0-bin (gdbus). Recipe and gotchas: shared notes, toolchain.md §3.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash test/keyring/with-keyring.sh <command> [args...]" >&2
  exit 2
fi

if [ -z "${ACR_WITH_KEYRING_BUS:-}" ]; then
  export ACR_WITH_KEYRING_BUS=1
  exec dbus-run-session -- bash "${BASH_SOURCE[0]}" "$@"
fi

KR_TMP=$(mktemp -d)
cleanup() { rm -rf "$KR_TMP"; }
trap cleanup EXIT

# Only the daemon gets the throwaway HOME / XDG_RUNTIME_DIR (its keyring files live there); the
# command keeps the caller's HOME, npm config and caches, and reaches the daemon over D-Bus.
mkdir -p "$KR_TMP/home/.cache" "$KR_TMP/home/.local/share/keyrings" "$KR_TMP/run"
chmod 700 "$KR_TMP/run"
# `echo ""` sends a bare newline, i.e. the empty password; `echo -n ""` sends nothing and the
# daemon then tries the GUI prompter and never creates the 'login' collection.
echo "" | HOME="$KR_TMP/home" XDG_RUNTIME_DIR="$KR_TMP/run" XDG_DATA_HOME="$KR_TMP/home/.local/share" \
  gnome-keyring-daemon --unlock --components=secrets >/dev/null
# The daemon forks before it owns the bus name; a client that comes too early would D-Bus-activate
# a second daemon.
gdbus wait --session --timeout 10 org.freedesktop.secrets

probe="acr-cache-studio-probe-$$"
printf '%s' "$probe" | secret-tool store --label="ACR Cache Studio keyring probe" acr-probe "$probe"
if [ "$(secret-tool lookup acr-probe "$probe")" != "$probe" ]; then
  echo "with-keyring: gnome-keyring started but a stored secret could not be read back" >&2
  exit 1
fi
secret-tool clear acr-probe "$probe"

export ACR_TEST_SECRET_SERVICE=1
"$@"
