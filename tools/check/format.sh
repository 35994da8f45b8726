#!/usr/bin/env bash
# Checks that every C++ file under sim/, models/, analysis/, tools/ and tests/ is laid out as
# .clang-format says (clang-format 14, Debian 12). To apply the layout:
#   tools/check/format.sh --fix
# Exit status: 0 formatted, 1 a file differs (named), 77 no clang-format (CTest: skipped).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v clang-format >/dev/null 2>&1 || { echo "format: clang-format is not installed" >&2; exit 77; }
mapfile -d '' files < <(find sim models analysis tools tests -name '*.[ch]pp' -print0 | sort -z)
if [[ ${1:-} == --fix ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
clang-format --dry-run --Werror "${files[@]}" || {
  echo "format: the files above differ from .clang-format; run tools/check/format.sh --fix" >&2
  exit 1
}
