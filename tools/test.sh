#!/usr/bin/env bash
# Test command of the README (and of CI, .ci/run): installs the dependencies, then runs the
# workflows (configure, build, ctest) of the presets
#   dev    Release with -Werror: every test;
#   asan   AddressSanitizer + UBSan: every test but the labels stat|python;
#   tsan   ThreadSanitizer: the tests of threaded code (label parallel; tests/tsan.supp);
#   fuzz   clang + libFuzzer: each harness for a bounded time from its seeds (tests/fuzz).
# Every workflow runs even if one before it failed; exits non-zero if any failed.
# Usage: tools/test.sh   (from anywhere; it works in the repository root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install_deps.sh

failed=()
for preset in dev asan tsan fuzz; do
  echo "==> cmake --workflow --preset $preset"
  if ! cmake --workflow --preset "$preset"; then
    failed+=("$preset")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "test.sh: FAILED workflow(s): ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: dev, asan, tsan and fuzz workflows passed"
