#pragma once
// Content digest of a run file: what the model computed, not when, where or how fast.
//
// Every dataset in the file outside /meta (today /series/* and /cohort/*) gets a 64-bit
// FNV-1a digest of its path, its value type in words, its shape and its values, each value
// widened to 8 bytes in a fixed type and written little-endian:
//   - floating point (any width) -> IEEE binary64; every NaN counts as one quiet NaN,
//   - signed integers -> int64, unsigned -> uint64,
//   - enums -> their integer values as int64, and their labels go into the type words,
//   - compound tables (/cohort/*) -> row by row, field by field in the file's field order,
//     each field as above (so no padding byte of either layout ever enters the hash).
// The storage width is not part of it (the same values stored as float32 or float64 have one
// digest); the type class, field names and enum labels are. Attributes are not hashed (a
// dataset's unit and meaning are words; /meta holds the host, times, threads, version and the
// resolved scenario text, none of them model output). The run digest is FNV-1a over the
// datasets' paths and digests in byte order of path. Documented in tests/golden/README.md.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace csc::analysis {

struct DatasetDigest {
  std::string path;                  // "/series/stock_cp"
  std::vector<std::uint64_t> shape;  // dimensions, slowest first; empty for a scalar
  std::uint64_t digest = 0;
};

struct RunDigest {
  std::vector<DatasetDigest> datasets;  // sorted by path (byte order)
  std::uint64_t run = 0;                // over every dataset's path and digest
};

/// Digests every dataset of an open HDF5 file outside /meta. InputError naming the dataset for
/// a value type it cannot read (strings, arrays, variable-length data, nested compounds).
RunDigest digest_file(hid_t file);
/// Opens the file read-only; InputError if it is missing or not HDF5.
RunDigest digest_file(const std::filesystem::path& path);

/// "0123456789abcdef": 16 lower-case hex digits.
std::string hex_digest(std::uint64_t digest);
/// "(2,104,1)"; "()" for a scalar.
std::string format_shape(const std::vector<std::uint64_t>& shape);
/// One line per dataset "DIGEST  /path  shape", then "DIGEST  run".
std::string format_digest(const RunDigest& digest);

}  // namespace csc::analysis
