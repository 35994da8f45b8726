#include "analysis/digest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "sim/core/errors.hpp"
#include "sim/core/fnv1a.hpp"
#include "sim/core/text.hpp"
#include "sim/io/hdf5.hpp"

namespace csc::analysis {

namespace h5 = sim::h5;

namespace {

/// The digest's framing over FNV-1a: a text is its length (8 bytes), then its bytes, so
/// that ("ab", "c") and ("a", "bc") differ.
class Fnv1a : public sim::Fnv1a {
 public:
  void text(std::string_view s) {
    u64(s.size());
    bytes(s);
  }
};

enum class Kind { floating, integer };

/// How one value (or one field of a compound row) is read: into an 8-byte native slot.
struct Slot {
  Kind kind = Kind::integer;
  h5::Handle mem_type;  // native double, int64, uint64, or an enum on int64/uint64
  std::string words;    // "float", "int", "uint", "enum(label=value,...)"
};

h5::Handle checked(hid_t id, const std::string& what) {
  if (id < 0) throw std::runtime_error("HDF5 call failed: " + what);
  return h5::Handle(id);
}

std::string take_name(char* name) {
  std::string s = name != nullptr ? name : "";
  if (name != nullptr) H5free_memory(name);
  return s;
}

/// The slot for a file type of class float, integer or enum; InputError for anything else.
Slot slot_for(hid_t file_type, const std::string& where) {
  Slot s;
  switch (H5Tget_class(file_type)) {
    case H5T_FLOAT:
      s.kind = Kind::floating;
      s.mem_type = checked(H5Tcopy(H5T_NATIVE_DOUBLE), where);
      s.words = "float";
      return s;
    case H5T_INTEGER: {
      const bool is_signed = H5Tget_sign(file_type) == H5T_SGN_2;
      s.mem_type = checked(H5Tcopy(is_signed ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT64), where);
      s.words = is_signed ? "int" : "uint";
      return s;
    }
    case H5T_ENUM: {
      // The same labels and values on a 64-bit integer: HDF5 converts enums by label.
      const h5::Handle base = checked(H5Tget_super(file_type), where);
      const bool is_signed = H5Tget_sign(base.id()) == H5T_SGN_2;
      const hid_t wide = is_signed ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT64;
      s.mem_type = checked(H5Tenum_create(wide), where);
      s.words = "enum(";
      const int n = H5Tget_nmembers(file_type);
      for (int i = 0; i < n; ++i) {
        const std::string label = take_name(H5Tget_member_name(file_type, static_cast<unsigned>(i)));
        unsigned char value[16] = {};  // the member's value in the base type, then widened
        if (H5Tget_member_value(file_type, static_cast<unsigned>(i), value) < 0 ||
            H5Tconvert(base.id(), wide, 1, value, nullptr, H5P_DEFAULT) < 0 ||
            H5Tenum_insert(s.mem_type.id(), label.c_str(), value) < 0)
          throw std::runtime_error(where + ": cannot read enum member " + label);
        std::int64_t v = 0;
        std::memcpy(&v, value, sizeof v);
        if (i > 0) s.words += ',';
        s.words += label;
        s.words += '=';
        s.words += std::to_string(v);
      }
      s.words += ")";
      return s;
    }
    default:
      throw sim::InputError(where +
                            ": values of this type are not digested (only numbers, enums and "
                            "compounds of them; extend analysis/digest.cpp)");
  }
}

/// The whole dataset's value layout: one slot, or one per field of a compound, packed 8 bytes
/// apart in memory (no padding).
struct Layout {
  std::vector<Slot> slots;
  h5::Handle mem_type;  // what H5Dread converts to: one slot, or a compound of slots
  std::string words;
};

Layout layout_for(const h5::Dataset& ds) {
  const h5::Handle ft = ds.file_type();
  Layout l;
  if (H5Tget_class(ft.id()) != H5T_COMPOUND) {
    l.slots.push_back(slot_for(ft.id(), ds.name()));
    l.mem_type = checked(H5Tcopy(l.slots[0].mem_type.id()), ds.name());
    l.words = l.slots[0].words;
    return l;
  }
  const int n = H5Tget_nmembers(ft.id());
  l.mem_type = checked(H5Tcreate(H5T_COMPOUND, 8 * static_cast<std::size_t>(std::max(n, 1))), ds.name());
  l.words = "compound(";
  for (int i = 0; i < n; ++i) {
    const std::string field = take_name(H5Tget_member_name(ft.id(), static_cast<unsigned>(i)));
    const h5::Handle member = checked(H5Tget_member_type(ft.id(), static_cast<unsigned>(i)), ds.name());
    Slot s = slot_for(member.id(), ds.name() + " field " + field);
    if (H5Tinsert(l.mem_type.id(), field.c_str(), 8 * static_cast<std::size_t>(i), s.mem_type.id()) < 0)
      throw std::runtime_error(ds.name() + ": cannot build the memory type of field " + field);
    if (i > 0) l.words += ',';
    l.words += field;
    l.words += ':';
    l.words += s.words;
    l.slots.push_back(std::move(s));
  }
  l.words += ")";
  return l;
}

void hash_slots(Fnv1a& h, const std::vector<std::uint64_t>& buf, std::size_t n, const Layout& l) {
  constexpr std::uint64_t kQuietNan = 0x7ff8000000000000ULL;
  const std::size_t fields = l.slots.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t bits = buf[i];
    if (l.slots[i % fields].kind == Kind::floating) {
      double d = 0.0;
      std::memcpy(&d, &bits, sizeof d);
      if (std::isnan(d)) bits = kQuietNan;
    }
    h.u64(bits);
  }
}

DatasetDigest digest_dataset(hid_t file, const std::string& path) {
  const h5::Dataset ds = h5::Dataset::open(file, path);
  const Layout l = layout_for(ds);
  const std::vector<hsize_t> dims = ds.dims();
  DatasetDigest d;
  d.path = path;
  d.shape.assign(dims.begin(), dims.end());

  Fnv1a h;
  h.text(path);
  h.text(l.words);
  h.u64(dims.size());
  for (const hsize_t n : dims) h.u64(n);

  const std::size_t fields = l.slots.size();
  std::vector<std::uint64_t> buf;
  if (dims.empty()) {  // a scalar
    buf.resize(fields);
    ds.read_all(l.mem_type.id(), buf.data());
    hash_slots(h, buf, buf.size(), l);
  } else {
    // Blocks of whole rows along the first axis, about 64k values at a time.
    std::size_t row = 1;
    for (std::size_t i = 1; i < dims.size(); ++i) row *= dims[i];
    const hsize_t block = std::max<hsize_t>(1, 65536 / std::max<std::size_t>(row * fields, 1));
    for (hsize_t r = 0; row > 0 && r < dims[0]; r += block) {
      std::vector<hsize_t> offset(dims.size(), 0), count = dims;
      offset[0] = r;
      count[0] = std::min(block, dims[0] - r);
      buf.assign(count[0] * row * fields, 0);
      ds.read_slab(offset, count, l.mem_type.id(), buf.data());
      hash_slots(h, buf, buf.size(), l);
    }
  }
  d.digest = h.value();
  return d;
}

/// Paths of every dataset under `path` (a group), skipping /meta and the axes.
void find_datasets(hid_t group, const std::string& path, std::vector<std::string>& out) {
  for (const auto& name : h5::list_links(group)) {
    const std::string child = path + "/" + name;
    if (child == "/meta") continue;
    const h5::Handle obj = checked(H5Oopen(group, name.c_str(), H5P_DEFAULT), "H5Oopen " + child);
    const H5I_type_t type = H5Iget_type(obj.id());
    if (type == H5I_GROUP) find_datasets(obj.id(), child, out);
    // Axes (dimension scales: replicate, week, council and state labels) restate /meta, which
    // the digest leaves out, so they stay out too.
    if (type == H5I_DATASET && !h5::is_dimension_scale(obj.id())) out.push_back(child);
  }
}

}  // namespace

RunDigest digest_file(hid_t file) {
  std::vector<std::string> paths;
  find_datasets(file, "", paths);
  std::sort(paths.begin(), paths.end());
  RunDigest run;
  Fnv1a h;
  for (const auto& p : paths) {
    run.datasets.push_back(digest_dataset(file, p));
    h.text(p);
    h.u64(run.datasets.back().digest);
  }
  run.run = h.value();
  return run;
}

RunDigest digest_file(const std::filesystem::path& path) {
  h5::silence_library_errors();
  const h5::Handle file = h5::open_file_readonly(path);
  return digest_file(file.id());
}

std::string hex_digest(std::uint64_t digest) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(digest));
  return buf;
}

std::string format_shape(const std::vector<std::uint64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ',';
    s += std::to_string(shape[i]);
  }
  s += ')';
  return s;
}

std::string format_digest(const RunDigest& digest) {
  std::string out;
  for (const auto& d : digest.datasets)
    out += hex_digest(d.digest) + "  " + sim::printable(d.path) + "  " + format_shape(d.shape) + "\n";
  return out + hex_digest(digest.run) + "  run\n";
}

}  // namespace csc::analysis
