// HDF5 datasets: creation with their layout and filters, hyperslab reads and writes, extension,
// string datasets and dimension scales.
#include "sim/io/hdf5.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include "sim/core/errors.hpp"
#include "sim/io/hdf5_detail.hpp"

namespace csc::sim::h5 {

using detail::check;
using detail::checked;
using detail::describe;
using detail::fail;
using detail::intermediate_lcpl;
using detail::object_path;
using detail::open_object;

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

}  // namespace csc::sim::h5
