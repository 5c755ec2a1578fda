#!/usr/bin/env bash
# ctest's entry to the interop check: the peers environment (scripts/setup-peers, instant when
# made), then tests/interop/run_interop.py in it. Without the peers (no network the first time,
# or KERAS_NO_PEERS=1) the test is skipped (exit 77), except under CI, where it fails: CI must
# not pass without having checked against Keras.
#   run_interop.sh INTEROP_TOOL WORK_DIR
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${KERAS_NO_PEERS:-}" ] && [ "${CI:-}" != true ]; then
  echo "interop: skipped (KERAS_NO_PEERS is set)"
  exit 77
fi
if ! python=$("$here/../../scripts/setup-peers"); then
  if [ "${CI:-}" = true ]; then
    echo "interop: FAILED: the peers environment could not be made (scripts/setup-peers above)"
    exit 1
  fi
  echo "interop: skipped: the peers environment could not be made (scripts/setup-peers above)"
  exit 77
fi
exec "$python" "$here/run_interop.py" "$@"
