// Reading scenario files safely (regular files of bounded size only) and merging a scenario
// with its chain of base files into one TOML table, before validation.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>

#include "sim/io/scenario_detail.hpp"
#include "sim/io/toml_limits.hpp"

namespace csc::sim::scenario_detail {
namespace {

namespace fs = std::filesystem;

std::string os_error(int err) { return std::error_code(err, std::generic_category()).message(); }

/// What kind of file `mode` is, for "not a regular file: a FIFO".
std::string file_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "an unusual kind of file";
}

/// Lets the derived file win: keys missing from it are moved in from the base (moving, unlike
/// copying, keeps each node's source region, so errors still name the base file). Tables merge
/// key by key; anything else, arrays of tables included, is replaced whole.
void merge_base_into(toml::table& derived, toml::table&& base) {
  for (auto&& [k, v] : base) {
    const toml::key& key = k;
    toml::node* mine = derived.get(key.str());
    if (mine == nullptr) {
      derived.insert(toml::key(key), std::move(v));
    } else if (mine->is_table() && v.is_table()) {
      merge_base_into(*mine->as_table(), std::move(*v.as_table()));
    }
  }
}

}  // namespace

// ---------------------------------------------------------------- reading files

/// Reads a scenario file: only a regular file (a FIFO would block and a device such as
/// /dev/zero never end) of at most kMaxScenarioFileBytes. The type is checked on the open
/// descriptor, so nothing can be swapped in between the check and the read, and the open
/// itself does not block (O_NONBLOCK, cleared once the file is known to be regular).
std::optional<std::string> read_file(const fs::path& p, std::string& error) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = os_error(errno);
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = os_error(errno);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    error = os_error(EISDIR);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "not a regular file: " + file_kind(st.st_mode);
    return std::nullopt;
  }
  const auto too_big = [&error](const std::string& size) {
    error = size + " bytes; a scenario file may have at most " + std::to_string(kMaxScenarioFileBytes >> 20) + " MiB";
    return std::nullopt;
  };
  if (st.st_size < 0 || static_cast<unsigned long long>(st.st_size) > kMaxScenarioFileBytes) {
    return too_big(std::to_string(st.st_size));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    error = os_error(errno);
    return std::nullopt;
  }
  // Read to the end, but never past the limit (the file may grow after fstat).
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > kMaxScenarioFileBytes) {
        return too_big("more than " + std::to_string(kMaxScenarioFileBytes));
      }
      text.resize(std::min(kMaxScenarioFileBytes + 1, text.size() + (std::size_t{1} << 16)));
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = os_error(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

// ---------------------------------------------------------------- loading and merging

std::string file_identity(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  if (ec) c = fs::absolute(p, ec).lexically_normal();
  return c.string();
}

std::optional<toml::table> Loader::load(std::string_view text, const std::string& name, const fs::path& dir,
                                        const std::string& identity) {
  // Keys and nesting are checked on the text first: toml++ builds a table per dotted part
  // and the tree is destroyed, merged and validated recursively (toml_limits.hpp).
  if (const TomlShape shape = scan_toml_shape(text); shape.result == TomlShape::Result::over_limit) {
    toml::source_region where;
    where.begin = {shape.line, shape.column};
    where.end = where.begin;
    where.path = std::make_shared<const std::string>(name);
    diags_.add_raw(where, shape.message);
    return std::nullopt;
  }
  toml::table tbl;
  try {
    tbl = toml::parse(text, std::string_view{name});
  } catch (const toml::parse_error& e) {
    diags_.add_raw(e.source(), "TOML syntax error: " + std::string(e.description()));
    return std::nullopt;
  }
  chain_.emplace_back(identity, name);
  auto result = resolve_reserved(std::move(tbl), dir);
  chain_.pop_back();
  return result;
}

std::optional<toml::table> Loader::resolve_reserved(toml::table tbl, const fs::path& dir) {
  if (auto it = tbl.find("schema"); it != tbl.end()) {
    const auto* v = it->second.as_integer();
    if (v == nullptr) {
      diags_.add(it->first.source(), "schema", "expected an integer, got " + describe_node(it->second));
    } else if (v->get() != 1) {
      diags_.add(it->first.source(), "schema",
                 "unsupported schema version " + std::to_string(v->get()) + " (this program reads 1)");
    }
    tbl.erase(it);
  }
  auto it = tbl.find("base");
  if (it == tbl.end()) return tbl;
  const toml::source_region where = it->first.source();
  const auto* s = it->second.as_string();
  if (s == nullptr || s->get().empty()) {
    diags_.add(
        where, "base",
        "expected a file name (a string), got " + (s == nullptr ? describe_node(it->second) : "an empty string"));
    return std::nullopt;
  }
  const std::string written = s->get();
  tbl.erase(it);
  // chain_ holds this file and the files that inherit from it: `written` would be base
  // number chain_.size() of the scenario.
  if (chain_.size() > kMaxBaseChain) {
    diags_.add(where, "base",
               "'" + written + "' would be base file " + std::to_string(chain_.size()) + " of " +
                   chain_.front().second + "; a scenario may inherit through at most " + std::to_string(kMaxBaseChain) +
                   " base files");
    return std::nullopt;
  }
  const fs::path file = dir / fs::path(written);
  const std::string name = file.lexically_normal().string();
  const std::string identity = file_identity(file);
  for (std::size_t i = 0; i < chain_.size(); ++i) {
    if (chain_[i].first != identity) continue;
    std::string cycle;
    for (std::size_t j = i; j < chain_.size(); ++j) cycle += chain_[j].second + " -> ";
    diags_.add(where, "base", "inheritance cycle: " + cycle + name);
    return std::nullopt;
  }
  std::string error;
  const auto text = read_file(file, error);
  if (!text) {
    diags_.add(where, "base", "cannot open '" + written + "' (" + error + ")");
    return std::nullopt;
  }
  files_.push_back(file);
  auto base = load(*text, name, file.parent_path(), identity);
  if (!base) return std::nullopt;
  merge_base_into(tbl, std::move(*base));
  return tbl;
}

}  // namespace csc::sim::scenario_detail
