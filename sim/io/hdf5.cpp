// The HDF5 wrappers' common part and the file level: error checking shared through
// hdf5_detail.hpp, Handle, files, groups and links, enum types. Attributes, datasets and the
// atomic output file each have their own hdf5_*.cpp.
#include "sim/io/hdf5.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "sim/core/errors.hpp"
#include "sim/io/hdf5_detail.hpp"

namespace csc::sim::h5 {
namespace {

std::string file_name(hid_t obj) {
  const ssize_t n = H5Fget_name(obj, nullptr, 0);
  if (n <= 0) return "?";
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  H5Fget_name(obj, s.data(), s.size());
  s.resize(static_cast<std::size_t>(n));
  return s;
}

herr_t close_by_type(hid_t id) {
  switch (H5Iget_type(id)) {
    case H5I_FILE: return H5Fclose(id);
    case H5I_GROUP: return H5Gclose(id);
    case H5I_DATATYPE: return H5Tclose(id);
    case H5I_DATASPACE: return H5Sclose(id);
    case H5I_DATASET: return H5Dclose(id);
    case H5I_ATTR: return H5Aclose(id);
    case H5I_GENPROP_LST: return H5Pclose(id);
    default: return H5Idec_ref(id) < 0 ? -1 : 0;
  }
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (end > start && path.compare(start, end - start, ".") != 0) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

// ---- naming and checking (hdf5_detail.hpp) -------------------------------------------------

namespace detail {

std::string object_path(hid_t obj) {
  const ssize_t n = H5Iget_name(obj, nullptr, 0);
  if (n <= 0) return "?";
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  H5Iget_name(obj, s.data(), s.size());
  s.resize(static_cast<std::size_t>(n));
  return s;
}

std::string describe(hid_t loc, const std::string& child) {
  std::string p = object_path(loc);
  if (!child.empty()) {
    if (child.front() == '/')
      p = child;
    else
      p += (p.empty() || p.back() != '/' ? "/" : "") + child;
  }
  return file_name(loc) + ": " + p;
}

[[noreturn]] void fail(const char* call, const std::string& what) {
  throw std::runtime_error(std::string(call) + " failed for " + what);
}

Handle checked(hid_t id, const char* call, hid_t loc, const std::string& child) {
  if (id < 0) fail(call, describe(loc, child));
  return Handle(id);
}

void check(herr_t rc, const char* call, hid_t loc, const std::string& child) {
  if (rc < 0) fail(call, describe(loc, child));
}

Handle intermediate_lcpl() {
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE));
  if (!lcpl || H5Pset_create_intermediate_group(lcpl.id(), 1) < 0)
    throw std::runtime_error("H5Pset_create_intermediate_group failed");
  return lcpl;
}

Handle open_object(hid_t loc, const std::string& path, H5I_type_t type, const char* what) {
  if (!exists(loc, path)) throw InputError(describe(loc, path) + ": " + what + " not found");
  Handle obj = checked(H5Oopen(loc, path.c_str(), H5P_DEFAULT), "H5Oopen", loc, path);
  if (H5Iget_type(obj.id()) != type) throw InputError(describe(loc, path) + ": not a " + what);
  return obj;
}

}  // namespace detail

using detail::check;
using detail::checked;
using detail::describe;
using detail::fail;
using detail::intermediate_lcpl;
using detail::object_path;
using detail::open_object;

// ---- Handle ------------------------------------------------------------------------------

Handle::~Handle() {
  if (id_ >= 0 && H5Iis_valid(id_) > 0) close_by_type(id_);
}

Handle::Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    Handle old(std::exchange(id_, std::exchange(other.id_, H5I_INVALID_HID)));
  }
  return *this;
}

void Handle::close() {
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  if (id < 0 || H5Iis_valid(id) <= 0) return;
  const H5I_type_t type = H5Iget_type(id);
  const std::string what = type == H5I_FILE ? file_name(id) : object_path(id);
  if (close_by_type(id) < 0) fail("H5*close", what);
}

void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

// ---- files and groups --------------------------------------------------------------------

Handle create_file(const std::filesystem::path& path) {
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE));
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  if (!fcpl || !fapl || H5Pset_link_creation_order(fcpl.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0 ||
      H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG) < 0 ||
      H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_V110, H5F_LIBVER_V110) < 0)
    throw std::runtime_error("H5Pcreate failed for file " + path.string());
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id());
  if (id < 0) throw std::runtime_error("H5Fcreate failed for " + path.string());
  return Handle(id);
}

Handle open_file_readonly(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path.string() + ": not found");
  if (std::filesystem::is_directory(path, ec)) throw InputError(path.string() + ": not an HDF5 file (a directory)");
  if (::access(path.c_str(), R_OK) != 0)
    throw InputError(path.string() + ": cannot read (" + std::strerror(errno) + ")");
  const hid_t id = H5Fis_hdf5(path.c_str()) > 0 ? H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT) : H5I_INVALID_HID;
  if (id < 0) throw InputError(path.string() + ": not an HDF5 file or corrupt");
  return Handle(id);
}

Handle create_group(hid_t loc, const std::string& name) {
  Handle lcpl = intermediate_lcpl();
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE));
  if (!gcpl || H5Pset_link_creation_order(gcpl.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0)
    fail("H5Pset_link_creation_order", describe(loc, name));
  return checked(H5Gcreate2(loc, name.c_str(), lcpl.id(), gcpl.id(), H5P_DEFAULT), "H5Gcreate2", loc, name);
}

Handle open_group(hid_t loc, const std::string& path) { return open_object(loc, path, H5I_GROUP, "group"); }

bool exists(hid_t loc, const std::string& path) {
  const std::vector<std::string> parts = split_path(path);
  if (parts.empty()) return !path.empty();  // "/" or "."
  Handle root;
  hid_t cur = loc;
  if (path.front() == '/') {
    root = Handle(H5Gopen2(loc, "/", H5P_DEFAULT));
    if (!root) return false;
    cur = root.id();
  }
  Handle level;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const char* name = parts[i].c_str();
    // H5Lexists: the link itself; H5Oexists_by_name: it resolves (no dangling soft link).
    if (H5Lexists(cur, name, H5P_DEFAULT) <= 0) return false;
    if (H5Oexists_by_name(cur, name, H5P_DEFAULT) <= 0) return false;
    if (i + 1 == parts.size()) return true;
    Handle next(H5Oopen(cur, name, H5P_DEFAULT));
    if (!next || H5Iget_type(next.id()) != H5I_GROUP) return false;
    level = std::move(next);
    cur = level.id();
  }
  return true;
}

std::vector<std::string> list_links(hid_t group) {
  Handle g = checked(H5Oopen(group, ".", H5P_DEFAULT), "H5Oopen", group);
  H5_index_t index = H5_INDEX_NAME;
  if (H5Iget_type(g.id()) == H5I_GROUP) {
    Handle gcpl(H5Gget_create_plist(g.id()));
    unsigned flags = 0;
    if (gcpl && H5Pget_link_creation_order(gcpl.id(), &flags) >= 0 && (flags & H5P_CRT_ORDER_INDEXED) != 0)
      index = H5_INDEX_CRT_ORDER;
  }
  H5G_info_t info{};
  check(H5Gget_info(g.id(), &info), "H5Gget_info", group);
  std::vector<std::string> names;
  names.reserve(info.nlinks);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(g.id(), ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail("H5Lget_name_by_idx", describe(group));
    std::string s(static_cast<std::size_t>(n) + 1, '\0');
    H5Lget_name_by_idx(g.id(), ".", index, H5_ITER_INC, i, s.data(), s.size(), H5P_DEFAULT);
    s.resize(static_cast<std::size_t>(n));
    names.push_back(std::move(s));
  }
  return names;
}

// ---- types -------------------------------------------------------------------------------

Handle make_enum_type(const std::vector<std::string>& labels) {
  if (labels.size() > 256) throw std::invalid_argument("make_enum_type: more than 256 labels");
  Handle t(H5Tenum_create(H5T_NATIVE_UINT8));
  if (!t) throw std::runtime_error("H5Tenum_create failed");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto v = static_cast<std::uint8_t>(i);
    if (H5Tenum_insert(t.id(), labels[i].c_str(), &v) < 0)
      throw std::runtime_error("H5Tenum_insert failed for label '" + labels[i] + "'");
  }
  return t;
}

std::vector<std::string> enum_labels(hid_t enum_type) {
  if (H5Tget_class(enum_type) != H5T_ENUM) throw InputError("enum_labels: not an enum type");
  Handle base(H5Tget_super(enum_type));
  const int n = H5Tget_nmembers(enum_type);
  if (!base || n < 0 || H5Tget_size(base.id()) > sizeof(std::int64_t))
    throw std::runtime_error("enum_labels: cannot read enum type");
  std::vector<std::pair<std::int64_t, std::string>> members;
  for (unsigned i = 0; i < static_cast<unsigned>(n); ++i) {
    std::int64_t buf[1] = {0};  // member value, then converted in place to int64
    char* label = H5Tget_member_name(enum_type, i);
    if (label == nullptr || H5Tget_member_value(enum_type, i, buf) < 0 ||
        H5Tconvert(base.id(), H5T_NATIVE_INT64, 1, buf, nullptr, H5P_DEFAULT) < 0) {
      H5free_memory(label);
      throw std::runtime_error("enum_labels: cannot read member " + std::to_string(i));
    }
    members.emplace_back(buf[0], label);
    H5free_memory(label);
  }
  std::sort(members.begin(), members.end());
  std::vector<std::string> out;
  for (auto& m : members) out.push_back(std::move(m.second));
  return out;
}

}  // namespace csc::sim::h5
