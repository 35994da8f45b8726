# Every dependency is a Debian 12 package (tools/install_deps.sh installs them).
find_package(Boost 1.74 REQUIRED)                 # Boost::headers (Boost.Graph is header-only here)
find_package(TBB REQUIRED)                        # TBB::tbb (oneTBB 2021)
set(HDF5_C_COMPILER_EXECUTABLE /usr/bin/h5cc CACHE FILEPATH "serial HDF5 wrapper")
find_package(HDF5 REQUIRED COMPONENTS C HL)       # hdf5::hdf5 (C API), hdf5::hdf5_hl (dimension scales)
find_package(CLI11 REQUIRED)                      # CLI11::CLI11
find_package(tomlplusplus REQUIRED)               # tomlplusplus::tomlplusplus (shared lib on Debian)
find_package(zstd 1.5 REQUIRED CONFIG)            # zstd::libzstd_shared (burn-in snapshots, compressed)
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)   # header-only, no CMake config

add_library(csc_random123 INTERFACE)
target_include_directories(csc_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})
