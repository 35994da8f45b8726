#pragma once
// Thin RAII wrappers over the HDF5 C API, for the engine's output writer (one thread) and for
// readers (`cscsim info`, analysis). Only what the project uses; anything else: call the C API
// on the hid_t (Handle::id()). HDF5 calls must come from one thread at a time.
//
// Errors: bad user input (missing or corrupt file, missing object or attribute) ->
// csc::sim::InputError; a failing HDF5 call otherwise -> std::runtime_error naming the call and
// the object; a misuse of these wrappers (wrong rank, missing chunk shape) -> std::invalid_argument.
#include <hdf5.h>

#include <concepts>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace csc::sim::h5 {

/// Owns one hid_t and closes it with the H5*close call that matches H5Iget_type. Move-only.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  ~Handle();
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  [[nodiscard]] hid_t id() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  /// Closes now; std::runtime_error if the close call fails (for a file: the final flush failed,
  /// so the file must not be committed). The destructor closes too but cannot report failure.
  void close();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

/// H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr): our own messages replace HDF5's stack printing.
void silence_library_errors();

/// Creates (truncates) a file. Links are tracked in creation order. The file closes "strongly":
/// closing its Handle closes every object still open in it (their Handles then do nothing).
/// File format of HDF5 1.10 (H5Pset_libver_bounds(V110, V110)): the superblock, object headers,
/// B-trees, heaps and chunk indexes (fixed and extensible arrays) carry checksums that HDF5
/// verifies on read. (With 1.8's format, the lowest that has checksums at all, chunk indexes are
/// version 1 B-trees, which have none: a changed byte there silently changed data.) HDF5 1.10
/// or later reads these files (h5py 3, rhdf5, hdf5r all bundle it).
Handle create_file(const std::filesystem::path& path);
/// InputError "FILE: not found" / "FILE: not an HDF5 file or corrupt".
Handle open_file_readonly(const std::filesystem::path& path);

/// Creates missing intermediate groups; tracks link creation order. runtime_error if it exists.
Handle create_group(hid_t loc, const std::string& name);
/// InputError naming the path if it is missing or not a group.
Handle open_group(hid_t loc, const std::string& path);
/// True if every level of `path` ("a/b/c", "/a/b") exists; never prints an HDF5 error.
bool exists(hid_t loc, const std::string& path);
/// Child names of a group (or file root): creation order where tracked, else name order.
std::vector<std::string> list_links(hid_t group);

// ---- attributes (create or overwrite) ----------------------------------------------------
void write_attr(hid_t obj, const std::string& name, std::string_view value);  // vlen UTF-8
void write_attr(hid_t obj, const std::string& name, std::int64_t value);
void write_attr(hid_t obj, const std::string& name, double value);
/// Any other integer type (int, std::size_t, ...) is stored as int64.
template <std::integral T>
requires(!std::same_as<T, bool> && !std::same_as<T, std::int64_t>) void write_attr(hid_t obj, const std::string& name,
                                                                                   T value) {
  write_attr(obj, name, static_cast<std::int64_t>(value));
}
bool has_attr(hid_t obj, const std::string& name);
/// InputError if missing or of the wrong type. Fixed-length strings only: a variable-length
/// one is refused (its storage has no checksum; docs/hdf5_crashes.md).
std::string read_attr_string(hid_t obj, const std::string& name);
std::int64_t read_attr_int(hid_t obj, const std::string& name);
/// Accepts float and integer attributes.
double read_attr_double(hid_t obj, const std::string& name);

// ---- types -------------------------------------------------------------------------------
/// Enum on H5T_NATIVE_UINT8: label i -> value i (at most 256 labels).
Handle make_enum_type(const std::vector<std::string>& labels);
/// Labels of an enum type, ordered by value.
std::vector<std::string> enum_labels(hid_t enum_type);

template <class T>
hid_t native_type();  // only the specialisations below exist
template <>
inline hid_t native_type<std::int8_t>() {
  return H5T_NATIVE_INT8;
}
template <>
inline hid_t native_type<std::uint8_t>() {
  return H5T_NATIVE_UINT8;
}
template <>
inline hid_t native_type<std::int16_t>() {
  return H5T_NATIVE_INT16;
}
template <>
inline hid_t native_type<std::uint16_t>() {
  return H5T_NATIVE_UINT16;
}
template <>
inline hid_t native_type<std::int32_t>() {
  return H5T_NATIVE_INT32;
}
template <>
inline hid_t native_type<std::uint32_t>() {
  return H5T_NATIVE_UINT32;
}
template <>
inline hid_t native_type<std::int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
inline hid_t native_type<std::uint64_t>() {
  return H5T_NATIVE_UINT64;
}
template <>
inline hid_t native_type<float>() {
  return H5T_NATIVE_FLOAT;
}
template <>
inline hid_t native_type<double>() {
  return H5T_NATIVE_DOUBLE;
}

/// Value for an extendible dimension in Dataset::create's maxdims.
inline constexpr hsize_t unlimited = H5S_UNLIMITED;

// ---- datasets ----------------------------------------------------------------------------
/// Chunk shape (one entry per dimension) and filters: shuffle then deflate, both only when
/// deflate > 0, then the Fletcher32 checksum of each stored chunk (on by default; a read of a
/// chunk whose bytes changed then fails). Filters need a chunked layout.
struct Layout {
  std::vector<hsize_t> chunk;
  int deflate = 4;
  bool shuffle = true;
  bool fletcher32 = true;
  bool nan_fill = false;  // declare NaN as the fill value (float datasets): an unwritten cell reads NaN
};

class Dataset {
 public:
  Dataset() = default;
  /// dims may be 0 in an extendible dimension; maxdims entries may be H5S_UNLIMITED (or empty:
  /// same as dims). layout.chunk is required if any dimension is unlimited or deflate > 0.
  /// Creates missing intermediate groups.
  static Dataset create(hid_t loc, const std::string& name, hid_t file_type, const std::vector<hsize_t>& dims,
                        const std::vector<hsize_t>& maxdims, const Layout& layout);
  /// InputError if missing or not a dataset.
  static Dataset open(hid_t loc, const std::string& path);

  /// Writes a block; it must lie inside dims() (see set_extent).
  void write_slab(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, hid_t mem_type,
                  const void* data);
  /// Rank 1, extendible along dim 0: grows by n and writes the rows at the end.
  void append_rows(hid_t mem_type, const void* rows, hsize_t n);
  /// Changes the current extent (within maxdims).
  void set_extent(const std::vector<hsize_t>& dims);
  /// The caller sized `out` from dims().
  void read_all(hid_t mem_type, void* out) const;
  void read_slab(const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count, hid_t mem_type,
                 void* out) const;

  [[nodiscard]] std::vector<hsize_t> dims() const;
  [[nodiscard]] Handle file_type() const;
  [[nodiscard]] hid_t id() const { return handle_.id(); }
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  Dataset(Handle h, std::string name) : handle_(std::move(h)), name_(std::move(name)) {}
  void select(hid_t space, const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count) const;
  Handle handle_;
  std::string name_;
};

/// A 1-D dataset of fixed-length UTF-8 strings (chunked, checksummed), such as axis labels.
Dataset create_string_dataset(hid_t loc, const std::string& name, const std::vector<std::string>& values);

// ---- dimension scales (HDF5 HL, H5DS): how netCDF readers such as xarray name and label axes
void make_dimension_scale(hid_t dataset, const std::string& dimension_name);
void attach_dimension_scale(hid_t dataset, hid_t scale, unsigned dimension);
bool is_dimension_scale(hid_t dataset);

namespace detail {
/// Reads a whole integer or float dataset converted to mem_type; InputError if not numeric.
void read_numeric(const Dataset& ds, hid_t mem_type, void* out);
std::size_t element_count(const std::vector<hsize_t>& dims);
}  // namespace detail

/// Whole numeric dataset (any rank, row-major) converted to T; InputError if missing.
template <class T>
std::vector<T> read_all(hid_t loc, const std::string& path) {
  const Dataset ds = Dataset::open(loc, path);
  std::vector<T> out(detail::element_count(ds.dims()));
  if (!out.empty()) detail::read_numeric(ds, native_type<T>(), out.data());
  return out;
}

/// Output written to a temporary file beside the final one and renamed only when complete: a
/// killed or failed run never leaves a file that looks finished, and an existing file at
/// final_path is untouched until commit(). Not copyable or movable.
class AtomicOutput {
 public:
  /// Creates the temp file (final + ".tmp-<pid>-<n>") to prove the directory is writable, and
  /// registers it for removal on SIGINT/SIGTERM (sim/run/interrupt.hpp). InputError "PATH:
  /// cannot write output (reason)", also when PATH exists and is not a regular file.
  explicit AtomicOutput(std::filesystem::path final_path);
  ~AtomicOutput();  // removes the temp file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  [[nodiscard]] const std::filesystem::path& temp_path() const { return temp_; }
  [[nodiscard]] const std::filesystem::path& final_path() const { return final_; }
  [[nodiscard]] bool committed() const { return committed_; }
  /// Close the HDF5 file first (Handle::close()). fsyncs, then renames temp -> final
  /// (atomic on one filesystem). InputError "PATH: cannot write output (...)" on failure.
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path temp_;
  bool committed_ = false;
  int ticket_ = -1;  // in the interrupt clean-up's registry
};

}  // namespace csc::sim::h5
