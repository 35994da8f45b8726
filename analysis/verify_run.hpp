#pragma once
// `cscsim info --verify`: checks a run file end to end and says, one line per check, what
// holds. Checks, in order: the file opens and /meta is consistent (RunFile::open: types,
// ranges, la_names, cohort table fields, the attribute checksum when present); the schema
// version; /meta complete = 1; the attribute checksum is present; every chunked dataset carries
// the Fletcher32 filter; every series cscsim writes is present; every /series dataset has the
// shape /meta gives; every dataset reads in full (HDF5 verifies each chunk's checksum) with
// finite values; the cohort tables read with every row in range; and the stock-flow identities
// the model guarantees exactly (tests/models/test_conservation.cpp), cell by cell.
#include <filesystem>
#include <string>
#include <vector>

namespace csc::analysis {

struct VerifyCheck {
  std::string name;
  bool passed = false;
  std::string detail;  // what was checked, or what is wrong
};

struct Verification {
  std::filesystem::path path;
  std::vector<VerifyCheck> checks;
  [[nodiscard]] bool ok() const;
  /// "FILE: check: detail" for each failed check.
  [[nodiscard]] std::vector<std::string> failures() const;
};

/// Never throws for a bad file: every problem is a failed check (the first, "open", failing
/// stops the rest).
Verification verify_run(const std::filesystem::path& path);

/// One line per check: "ok    NAME: DETAIL" or "FAIL  NAME: DETAIL".
std::string format_verification(const Verification& v);

}  // namespace csc::analysis
