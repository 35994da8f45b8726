#!/usr/bin/env bash
# Installs the Debian 12 packages that cscsim's build, tests and scripts need. Idempotent:
# asks dpkg-query which are missing and installs only those; prints nothing when everything
# is already there. Uses sudo when not run as root.
# Usage: tools/install_deps.sh
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config          # compiler, CMake 3.25 (presets), pkg-config
  libboost-graph-dev                        # Boost.Graph (kin network), Boost headers
  libtbb-dev                                # oneTBB (parallel phases)
  libhdf5-dev hdf5-tools                    # HDF5 C/C++ API; h5dump, h5ls
  catch2                                    # Catch2 v2 (tests)
  libcli11-dev                              # CLI11 (cscsim command line)
  libtomlplusplus-dev                       # toml++ (scenario files)
  librandom123-dev                          # Random123 (Philox counter-based RNG)
  libzstd-dev                               # Zstandard (burn-in snapshots, compressed)
  libbenchmark-dev                          # Google Benchmark (bench/, tools/bench/performance.sh)
  python3-numpy python3-h5py python3-matplotlib   # /usr/bin/python3 scripts and tests
  python3-pandas python3-xarray python3-h5netcdf  # the Python reading recipe (docs/output.md)
  r-base-core r-cran-hdf5r                  # the R reading recipe (docs/output.md)
  libopenmpi-dev openmpi-bin                # MPI sweeps (sweep --mpi)
  slurm-wlm munge                           # the one-node Slurm cluster of the sweep tests (tools/slurm/)
  help2man                                  # the man page (cmake --install)
  clang libclang-rt-14-dev                  # libFuzzer harnesses (the fuzz preset)
  clang-format                              # the code layout check (.clang-format)
  chromium                                  # the report rendered in a real browser (tests/analysis/browser_check.py)
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install_deps: this script needs Debian's dpkg-query and apt-get (Debian 12);" \
       "install by hand: ${PACKAGES[*]}" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

as_root=()
if [[ $EUID -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install_deps: missing packages (${missing[*]}), and not root and no sudo;" \
         "as root run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo)
fi

echo "install_deps: installing ${#missing[@]} missing package(s): ${missing[*]}" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
echo "install_deps: done" >&2
