// HDF5 attributes: scalar string, integer and real attributes written (replacing any of the
// same name) and read back with checks of their type and shape.
#include "sim/io/hdf5.hpp"

#include <algorithm>

#include "sim/core/errors.hpp"
#include "sim/io/hdf5_detail.hpp"

namespace csc::sim::h5 {

using detail::check;
using detail::checked;
using detail::describe;
using detail::fail;

namespace {

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

}  // namespace csc::sim::h5
