// Large allocations on transparent huge pages (issue "England in seconds"). A large council's
// tables are gigabytes read in an order that is not memory order (the open cases, the calendar's
// families), so with 4 KiB pages nearly every access also misses the TLB. Linux gives 2 MiB
// pages to memory marked MADV_HUGEPAGE when transparent huge pages are in "madvise" mode (the
// Debian default), and always in "always" mode; in "never" mode the mark is ignored. This file
// replaces the program's global operator new (linked into the executables only, and not into
// sanitizer builds, whose runtimes replace it): blocks of 8 MiB or more are aligned to 2 MiB
// and marked. The default operator delete frees them (aligned_alloc memory is free()d). Nothing
// the model computes depends on where memory lies: output is unchanged. Measured: 13% less CPU
// for one 1.28-million-child council (docs/performance.md).
#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kMarkFrom = 4 * kHugePage;

void* allocate(std::size_t n) {
  if (n < kMarkFrom) return std::malloc(n == 0 ? 1 : n);
  const std::size_t rounded = (n + kHugePage - 1) & ~(kHugePage - 1);
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p != nullptr) static_cast<void>(madvise(p, rounded, MADV_HUGEPAGE));  // a hint: failure is harmless
  return p;
}

}  // namespace

void* operator new(std::size_t n) {
  for (;;) {
    if (void* p = allocate(n)) return p;
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* operator new[](std::size_t n) { return operator new(n); }
