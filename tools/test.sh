#!/usr/bin/env bash
# Test command of the README (and of CI, .ci/run): installs the dependencies, then runs the
# `dev` workflow (Release with -Werror: configure, build, ctest) and the `asan` workflow
# (AddressSanitizer + UBSan build and its tests, without the labels stat|python). Both
# workflows run even if the first fails; exits non-zero if either failed.
# Usage: tools/test.sh   (from anywhere; it works in the repository root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install_deps.sh

failed=()
for preset in dev asan; do
  echo "==> cmake --workflow --preset $preset"
  if ! cmake --workflow --preset "$preset"; then
    failed+=("$preset")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "test.sh: FAILED workflow(s): ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: dev and asan workflows passed"
