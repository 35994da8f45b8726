#pragma once
// Limits on what a scenario file may be, so that a hostile or broken file gives an InputError
// instead of a crash, a hang or unbounded memory (docs/design.md, "Errors"):
//
//  - A scenario file (the one named and every base) must be a regular file of at most
//    kMaxScenarioFileBytes; a FIFO, a device or a directory is refused without reading it.
//  - A scenario inherits through at most kMaxBaseChain base files.
//  - A key (`a.b.c = 1`, a `[a.b.c]` or `[[a.b.c]]` header, a key inside an inline table) has
//    at most kMaxKeyParts dotted parts, and no value sits more than kMaxNesting tables and
//    arrays deep (header, dotted keys, inline tables and arrays counted together).
//
// The last two are checked on the text, before toml++ builds anything: toml++ builds one
// nested table per dotted part, and both it (destroying the tree) and the loader (merging a
// base, validating) recurse once per level, so a key of 50,000 parts overflowed the stack.
// Real scenarios use keys of up to four parts, so the limits are generous.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace csc::sim {

inline constexpr std::size_t kMaxScenarioFileBytes = std::size_t{16} << 20;  // 16 MiB
inline constexpr std::size_t kMaxBaseChain = 32;
inline constexpr std::size_t kMaxKeyParts = 32;
inline constexpr std::size_t kMaxNesting = 64;

struct TomlShape {
  enum class Result {
    ok,          ///< the whole text was scanned and is within the limits
    over_limit,  ///< a limit is exceeded: line, column and message say where and which
    gave_up,     ///< the scan met something that is not TOML and stopped there; toml++
                 ///< reports the syntax error (it stops at or before the same place)
  };
  Result result = Result::ok;
  std::uint32_t line = 0, column = 0;  ///< 1-based (columns count UTF-8 code points)
  std::string message;                 ///< e.g. "key has 50000 dotted parts (at most 32)"
};

/// Scans TOML text for the key and nesting limits above without building anything: linear
/// time, constant memory, no recursion. Strings, comments and values are skipped.
TomlShape scan_toml_shape(std::string_view text);

}  // namespace csc::sim
