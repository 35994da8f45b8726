#pragma once
// Internal to the HDF5 wrappers (sim/io/hdf5*.cpp), not part of their API: naming objects in
// messages and turning a failed HDF5 call into an exception, shared by the files that wrap HDF5.
#include <hdf5.h>

#include <string>

#include "sim/io/hdf5.hpp"

namespace csc::sim::h5::detail {

/// The object's path in its file ("?" when it has none).
std::string object_path(hid_t obj);
/// "FILE: /group/child" for messages.
std::string describe(hid_t loc, const std::string& child = {});
/// Throws std::runtime_error "CALL failed for WHAT".
[[noreturn]] void fail(const char* call, const std::string& what);
/// `id` as a Handle; fail() naming the call and the object when the call failed (id < 0).
Handle checked(hid_t id, const char* call, hid_t loc, const std::string& child = {});
/// fail() naming the call and the object when the call failed (rc < 0).
void check(herr_t rc, const char* call, hid_t loc, const std::string& child = {});
/// Link creation property list that creates missing intermediate groups.
Handle intermediate_lcpl();
/// Opens an object that exists() has vouched for; InputError naming `what` otherwise.
Handle open_object(hid_t loc, const std::string& path, H5I_type_t type, const char* what);

}  // namespace csc::sim::h5::detail
