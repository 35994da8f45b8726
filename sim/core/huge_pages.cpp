// Large allocations on transparent huge pages (issue "England in seconds"). A large council's
// tables are gigabytes read in an order that is not memory order (the open cases, the calendar's
// families), so with 4 KiB pages nearly every access also misses the TLB. Linux gives 2 MiB
// pages to memory marked MADV_HUGEPAGE when transparent huge pages are in "madvise" mode (the
// Debian default), and always in "always" mode; in "never" mode the mark is ignored. This file
// replaces the program's global operator new (linked into the executables only, and not into
// sanitizer builds, whose runtimes replace it): blocks of 8 MiB or more are aligned to 2 MiB
// and marked. The default operator delete frees them (aligned_alloc memory is free()d). The
// over-aligned form is replaced too: the tables of cache-line rows (FamilySeverity, CaseRow)
// are allocated through it, and stayed on 4 KiB pages until it was. Nothing the model computes
// depends on where memory lies: output is unchanged. Measured: 13% less CPU for one
// 1.28-million-child council (docs/performance.md), and about 5% more with the row tables.
#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kMarkFrom = 4 * kHugePage;

void* allocate(std::size_t n, std::size_t alignment) {
  if (n < kMarkFrom) {
    if (alignment <= alignof(std::max_align_t)) return std::malloc(n == 0 ? 1 : n);
    // aligned_alloc wants a size that is a multiple of the alignment (a power of two).
    return std::aligned_alloc(alignment, ((n == 0 ? 1 : n) + alignment - 1) & ~(alignment - 1));
  }
  const std::size_t page = std::max(kHugePage, alignment);
  const std::size_t rounded = (n + page - 1) & ~(page - 1);
  void* p = std::aligned_alloc(page, rounded);
  if (p != nullptr) static_cast<void>(madvise(p, rounded, MADV_HUGEPAGE));  // a hint: failure is harmless
  return p;
}

void* allocate_or_throw(std::size_t n, std::size_t alignment) {
  for (;;) {
    if (void* p = allocate(n, alignment)) return p;
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

}  // namespace

void* operator new(std::size_t n) { return allocate_or_throw(n, alignof(std::max_align_t)); }
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
