#include "sim/io/hdf5.hpp"

#include <hdf5_hl.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#include "sim/core/errors.hpp"
#include "sim/run/interrupt.hpp"

namespace csc::sim::h5 {
namespace {

// ---- naming and checking -----------------------------------------------------------------

std::string object_path(hid_t obj) {
  const ssize_t n = H5Iget_name(obj, nullptr, 0);
  if (n <= 0) return "?";
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  H5Iget_name(obj, s.data(), s.size());
  s.resize(static_cast<std::size_t>(n));
  return s;
}

std::string file_name(hid_t obj) {
  const ssize_t n = H5Fget_name(obj, nullptr, 0);
  if (n <= 0) return "?";
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  H5Fget_name(obj, s.data(), s.size());
  s.resize(static_cast<std::size_t>(n));
  return s;
}

/// "FILE: /group/child" for messages.
std::string describe(hid_t loc, const std::string& child = {}) {
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

Handle checked(hid_t id, const char* call, hid_t loc, const std::string& child = {}) {
  if (id < 0) fail(call, describe(loc, child));
  return Handle(id);
}

void check(herr_t rc, const char* call, hid_t loc, const std::string& child = {}) {
  if (rc < 0) fail(call, describe(loc, child));
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

/// Link creation property list that creates missing intermediate groups.
Handle intermediate_lcpl() {
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE));
  if (!lcpl || H5Pset_create_intermediate_group(lcpl.id(), 1) < 0)
    throw std::runtime_error("H5Pset_create_intermediate_group failed");
  return lcpl;
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

/// Opens an object that exists() has vouched for; InputError naming `what` otherwise.
Handle open_object(hid_t loc, const std::string& path, H5I_type_t type, const char* what) {
  if (!exists(loc, path)) throw InputError(describe(loc, path) + ": " + what + " not found");
  Handle obj = checked(H5Oopen(loc, path.c_str(), H5P_DEFAULT), "H5Oopen", loc, path);
  if (H5Iget_type(obj.id()) != type) throw InputError(describe(loc, path) + ": not a " + what);
  return obj;
}

Handle open_attr(hid_t obj, const std::string& name, const char* expected) {
  if (!has_attr(obj, name))
    throw InputError(describe(obj) + ": attribute '" + name + "' not found (expected " + expected + ")");
  Handle attr = checked(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", obj, name);
  Handle space = checked(H5Aget_space(attr.id()), "H5Aget_space", obj, name);
  if (H5Sget_simple_extent_npoints(space.id()) != 1)
    throw InputError(describe(obj) + ": attribute '" + name + "' is not a single " + expected);
  return attr;
}

H5T_class_t attr_class(hid_t attr, Handle& type_out, hid_t obj, const std::string& name) {
  type_out = checked(H5Aget_type(attr), "H5Aget_type", obj, name);
  return H5Tget_class(type_out.id());
}

void write_scalar_attr(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type, const void* value) {
  if (has_attr(obj, name)) check(H5Adelete(obj, name.c_str()), "H5Adelete", obj, name);
  Handle space = checked(H5Screate(H5S_SCALAR), "H5Screate", obj, name);
  Handle attr =
      checked(H5Acreate2(obj, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2", obj, name);
  check(H5Awrite(attr.id(), mem_type, value), "H5Awrite", obj, name);
}

}  // namespace

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

// ---- attributes --------------------------------------------------------------------------

void write_attr(hid_t obj, const std::string& name, std::string_view value) {
  // Fixed-length, not variable-length: the bytes are stored with the attribute, which the
  // object header's checksum covers, instead of in the global heap, which has none (and which
  // HDF5 1.10.8 reads past its buffer when corrupt: docs/hdf5_crashes.md).
  Handle type = checked(H5Tcopy(H5T_C_S1), "H5Tcopy", obj, name);
  check(H5Tset_size(type.id(), value.size() + 1), "H5Tset_size", obj, name);
  check(H5Tset_strpad(type.id(), H5T_STR_NULLTERM), "H5Tset_strpad", obj, name);
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", obj, name);
  const std::string copy(value);  // NUL-terminated
  write_scalar_attr(obj, name, type.id(), type.id(), copy.c_str());
}

void write_attr(hid_t obj, const std::string& name, std::int64_t value) {
  write_scalar_attr(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void write_attr(hid_t obj, const std::string& name, double value) {
  write_scalar_attr(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

bool has_attr(hid_t obj, const std::string& name) {
  const htri_t r = H5Aexists(obj, name.c_str());
  if (r < 0) fail("H5Aexists", describe(obj) + " attribute '" + name + "'");
  return r > 0;
}

std::string read_attr_string(hid_t obj, const std::string& name) {
  Handle attr = open_attr(obj, name, "string");
  Handle ftype;
  if (attr_class(attr.id(), ftype, obj, name) != H5T_STRING)
    throw InputError(describe(obj) + ": attribute '" + name + "' is not a string");
  // A variable-length string lives in HDF5's global heap, which carries no checksum, and
  // HDF5 1.10.8 crashes (SEGV in H5HG_read) on a corrupt global heap object: a hostile file
  // could crash any reader. cscsim writes fixed-length strings only (since 0.2.0) and reads
  // nothing else (docs/hdf5_crashes.md).
  if (H5Tis_variable_str(ftype.id()) != 0) {
    throw InputError(describe(obj) + ": attribute '" + name +
                     "' is a variable-length string, which cscsim does not read (HDF5 cannot "
                     "check it; run files of cscsim 0.1.0 have them: run the scenario again)");
  }
  const std::size_t size = H5Tget_size(ftype.id());
  std::string buf(size, '\0');
  Handle mtype = checked(H5Tcopy(ftype.id()), "H5Tcopy", obj, name);
  check(H5Aread(attr.id(), mtype.id(), buf.data()), "H5Aread", obj, name);
  buf.resize(std::min(buf.find('\0'), buf.size()));
  if (H5Tget_strpad(ftype.id()) == H5T_STR_SPACEPAD) buf.erase(buf.find_last_not_of(' ') + 1);
  return buf;
}

std::int64_t read_attr_int(hid_t obj, const std::string& name) {
  Handle attr = open_attr(obj, name, "integer");
  Handle ftype;
  if (attr_class(attr.id(), ftype, obj, name) != H5T_INTEGER)
    throw InputError(describe(obj) + ": attribute '" + name + "' is not an integer");
  std::int64_t v = 0;
  check(H5Aread(attr.id(), H5T_NATIVE_INT64, &v), "H5Aread", obj, name);
  return v;
}

double read_attr_double(hid_t obj, const std::string& name) {
  Handle attr = open_attr(obj, name, "number");
  Handle ftype;
  const H5T_class_t c = attr_class(attr.id(), ftype, obj, name);
  if (c != H5T_FLOAT && c != H5T_INTEGER)
    throw InputError(describe(obj) + ": attribute '" + name + "' is not a number");
  double v = 0;
  check(H5Aread(attr.id(), H5T_NATIVE_DOUBLE, &v), "H5Aread", obj, name);
  return v;
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

// ---- datasets ----------------------------------------------------------------------------

Dataset Dataset::create(hid_t loc, const std::string& name, hid_t file_type, const std::vector<hsize_t>& dims,
                        const std::vector<hsize_t>& maxdims, const Layout& layout) {
  const std::string what = describe(loc, name);
  const std::vector<hsize_t>& max = maxdims.empty() ? dims : maxdims;
  if (dims.empty() || max.size() != dims.size())
    throw std::invalid_argument(what + ": dims and maxdims must have the same, nonzero rank");
  const bool extendible = std::any_of(max.begin(), max.end(), [](hsize_t d) { return d == H5S_UNLIMITED; });
  if ((extendible || layout.deflate > 0) && layout.chunk.size() != dims.size())
    throw std::invalid_argument(what + ": a chunk shape of rank " + std::to_string(dims.size()) + " is required");
  if (!layout.chunk.empty() && layout.chunk.size() != dims.size())
    throw std::invalid_argument(what + ": chunk rank differs from dims");
  if (layout.deflate < 0 || layout.deflate > 9) throw std::invalid_argument(what + ": deflate level must be 0..9");

  Handle space =
      checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data()), "H5Screate_simple", loc, name);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE));
  if (!dcpl) fail("H5Pcreate", what);
  if (!layout.chunk.empty()) {
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(layout.chunk.size()), layout.chunk.data()), "H5Pset_chunk", loc,
          name);
    if (layout.deflate > 0 && layout.shuffle) check(H5Pset_shuffle(dcpl.id()), "H5Pset_shuffle", loc, name);
    if (layout.deflate > 0)
      check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(layout.deflate)), "H5Pset_deflate", loc, name);
    // Last in the pipeline: the checksum covers the bytes as stored (after compression).
    if (layout.fletcher32) check(H5Pset_fletcher32(dcpl.id()), "H5Pset_fletcher32", loc, name);
  }
  if (layout.nan_fill) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    check(H5Pset_fill_value(dcpl.id(), H5T_NATIVE_FLOAT, &nan), "H5Pset_fill_value", loc, name);
  }
  Handle lcpl = intermediate_lcpl();
  Handle ds = checked(H5Dcreate2(loc, name.c_str(), file_type, space.id(), lcpl.id(), dcpl.id(), H5P_DEFAULT),
                      "H5Dcreate2", loc, name);
  std::string path = object_path(ds.id());
  return Dataset(std::move(ds), std::move(path));
}

Dataset Dataset::open(hid_t loc, const std::string& path) {
  Handle ds = open_object(loc, path, H5I_DATASET, "dataset");
  std::string full = object_path(ds.id());
  return Dataset(std::move(ds), std::move(full));
}

void Dataset::select(hid_t space, const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count) const {
  const std::vector<hsize_t> d = dims();
  if (offset.size() != d.size() || count.size() != d.size())
    throw std::invalid_argument(name_ + ": slab rank differs from dataset rank");
  for (std::size_t i = 0; i < d.size(); ++i)
    if (offset[i] > d[i] || count[i] > d[i] - offset[i])
      throw std::invalid_argument(name_ + ": slab outside the dataset extent");
  if (H5Sselect_hyperslab(space, H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr) < 0)
    fail("H5Sselect_hyperslab", name_);
}

void Dataset::write_slab(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, hid_t mem_type,
                         const void* data) {
  Handle fspace = checked(H5Dget_space(id()), "H5Dget_space", id());
  select(fspace.id(), offset, count);
  if (detail::element_count(count) == 0) return;
  Handle mspace =
      checked(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), "H5Screate_simple", id());
  check(H5Dwrite(id(), mem_type, mspace.id(), fspace.id(), H5P_DEFAULT, data), "H5Dwrite", id());
}

void Dataset::read_slab(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, hid_t mem_type,
                        void* out) const {
  Handle fspace = checked(H5Dget_space(id()), "H5Dget_space", id());
  select(fspace.id(), offset, count);
  if (detail::element_count(count) == 0) return;
  Handle mspace =
      checked(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), "H5Screate_simple", id());
  check(H5Dread(id(), mem_type, mspace.id(), fspace.id(), H5P_DEFAULT, out), "H5Dread", id());
}

void Dataset::append_rows(hid_t mem_type, const void* rows, hsize_t n) {
  const std::vector<hsize_t> d = dims();
  if (d.size() != 1) throw std::invalid_argument(name_ + ": append_rows needs a rank-1 dataset");
  if (n == 0) return;
  set_extent({d[0] + n});
  write_slab({d[0]}, {n}, mem_type, rows);
}

void Dataset::set_extent(const std::vector<hsize_t>& new_dims) {
  if (new_dims.size() != dims().size())
    throw std::invalid_argument(name_ + ": set_extent rank differs from dataset rank");
  check(H5Dset_extent(id(), new_dims.data()), "H5Dset_extent", id());
}

void Dataset::read_all(hid_t mem_type, void* out) const {
  if (detail::element_count(dims()) == 0) return;
  check(H5Dread(id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), "H5Dread", id());
}

std::vector<hsize_t> Dataset::dims() const {
  Handle space = checked(H5Dget_space(id()), "H5Dget_space", id());
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) fail("H5Sget_simple_extent_ndims", name_);
  std::vector<hsize_t> d(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space.id(), d.data(), nullptr) < 0)
    fail("H5Sget_simple_extent_dims", name_);
  return d;
}

Handle Dataset::file_type() const { return checked(H5Dget_type(id()), "H5Dget_type", id()); }

namespace detail {

std::size_t element_count(const std::vector<hsize_t>& dims) {
  std::size_t n = 1;
  for (hsize_t d : dims) n *= static_cast<std::size_t>(d);
  return n;
}

void read_numeric(const Dataset& ds, hid_t mem_type, void* out) {
  const Handle t = ds.file_type();
  const H5T_class_t c = H5Tget_class(t.id());
  if (c != H5T_INTEGER && c != H5T_FLOAT) throw InputError(describe(ds.id()) + ": dataset is not numeric");
  ds.read_all(mem_type, out);
}

}  // namespace detail

// ---- strings and dimension scales ------------------------------------------------------------

Dataset create_string_dataset(hid_t loc, const std::string& name, const std::vector<std::string>& values) {
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size() + 1);
  Handle type = checked(H5Tcopy(H5T_C_S1), "H5Tcopy", loc, name);
  check(H5Tset_size(type.id(), width), "H5Tset_size", loc, name);
  check(H5Tset_strpad(type.id(), H5T_STR_NULLTERM), "H5Tset_strpad", loc, name);
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", loc, name);
  const hsize_t n = values.size();
  Dataset ds = Dataset::create(loc, name, type.id(), {n}, {}, Layout{{std::max<hsize_t>(n, 1)}, 0, false});
  std::string packed(width * values.size(), '\0');
  for (std::size_t i = 0; i < values.size(); ++i) values[i].copy(packed.data() + i * width, width - 1);
  if (n > 0) ds.write_slab({0}, {n}, type.id(), packed.data());
  return ds;
}

void make_dimension_scale(hid_t dataset, const std::string& dimension_name) {
  check(H5DSset_scale(dataset, dimension_name.c_str()), "H5DSset_scale", dataset);
}

void attach_dimension_scale(hid_t dataset, hid_t scale, unsigned dimension) {
  check(H5DSattach_scale(dataset, scale, dimension), "H5DSattach_scale", dataset);
}

bool is_dimension_scale(hid_t dataset) { return H5DSis_scale(dataset) > 0; }

// ---- AtomicOutput ------------------------------------------------------------------------

AtomicOutput::AtomicOutput(std::filesystem::path final_path) : final_(std::move(final_path)) {
  static std::atomic<unsigned> counter{0};
  const auto bad = [&](const std::string& reason) {
    return InputError(final_.string() + ": cannot write output (" + reason + ")");
  };
  std::error_code ec;
  if (final_.empty()) throw bad("empty path");
  if (std::filesystem::is_directory(final_, ec)) throw bad("it is a directory");
  // The rename at commit() would replace whatever is there: a device node, a FIFO or a socket
  // is never an output file.
  const auto existing = std::filesystem::status(final_, ec);
  if (!ec && std::filesystem::exists(existing) && !std::filesystem::is_regular_file(existing))
    throw bad("it exists and is not a regular file");
  const std::filesystem::path dir = final_.has_parent_path() ? final_.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir, ec)) throw bad("directory " + dir.string() + " does not exist");
  temp_ = final_;
  temp_ += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw bad(std::strerror(errno));
  ::close(fd);
  ticket_ = register_temporary(temp_);
}

AtomicOutput::~AtomicOutput() {
  if (committed_) return;
  std::error_code ec;
  std::filesystem::remove(temp_, ec);
  unregister_temporary(ticket_);
}

void AtomicOutput::commit() {
  if (committed_) throw std::runtime_error(final_.string() + ": output already committed");
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw InputError(final_.string() + ": cannot write output (sync failed: " + reason + ")");
  }
  ::close(fd);
  commit_temporary(ticket_, [this] {
    std::error_code ec;
    std::filesystem::rename(temp_, final_, ec);
    if (ec)
      throw InputError(final_.string() + ": cannot write output (cannot rename " + temp_.string() +
                       " into place: " + ec.message() + ")");
  });
  committed_ = true;
}

}  // namespace csc::sim::h5
