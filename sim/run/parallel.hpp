#pragma once
// tbb::parallel_for as the project uses it, made visible to ThreadSanitizer. Debian's oneTBB
// is not instrumented, so TSan cannot see that a parallel_for's chunks start after the
// caller's writes and end before the caller reads their results; it would report every
// hand-over as a race. Under TSan this wrapper states those edges (detail::AnnotatedBody), so
// that the races TSan reports are the ones that matter: between chunks.
// Races inside oneTBB's own headers are suppressed by their top frame (tests/tsan.supp).
// Without TSan this is tbb::parallel_for and costs nothing more.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#if defined(__SANITIZE_THREAD__)
#define CSC_TSAN_ANNOTATE 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CSC_TSAN_ANNOTATE 1
#endif
#endif

#ifdef CSC_TSAN_ANNOTATE
#include <sanitizer/tsan_interface.h>
// In the TSan runtime (libtsan) but not declared by GCC 12's header.
extern "C" void __tsan_ignore_thread_begin();
extern "C" void __tsan_ignore_thread_end();
#endif

namespace csc::sim {

#ifdef CSC_TSAN_ANNOTATE
namespace detail {

/// The body oneTBB copies into its tasks and hands between threads. Its three pointers are
/// written by the caller before the loop; oneTBB copies and moves them through its queues
/// unseen, so they are read with TSan looking away. Everything else is ordered by two edges:
/// the caller's release of `fork` before the loop, acquired at the start of every chunk, and
/// every chunk's release of `join` at its end, acquired by the caller after the loop. Both
/// points belong to this one call, so no edge joins two loops that run at the same time.
template <class Range, class Body>
class AnnotatedBody {
 public:
  AnnotatedBody(const Body& body, char* fork, char* join) : body_(&body), fork_(fork), join_(join) {}
  AnnotatedBody(const AnnotatedBody& other) {
    __tsan_ignore_thread_begin();
    body_ = other.body_;
    fork_ = other.fork_;
    join_ = other.join_;
    __tsan_ignore_thread_end();
  }
  AnnotatedBody& operator=(const AnnotatedBody&) = delete;
  void operator()(const Range& range) const {
    __tsan_ignore_thread_begin();
    const Body* body = body_;
    char* fork = fork_;
    char* join = join_;
    __tsan_ignore_thread_end();
    __tsan_acquire(fork);
    (*body)(range);
    __tsan_release(join);
  }

 private:
  const Body* body_;
  char* fork_;
  char* join_;
};

}  // namespace detail
#endif

/// tbb::parallel_for over a range (body takes a sub-range).
template <class Range, class Body>
void parallel_for(const Range& range, const Body& body) {
#ifdef CSC_TSAN_ANNOTATE
  char fork = 0, join = 0;  // their addresses name the start and the end of this loop
  __tsan_release(&fork);
  tbb::parallel_for(range, detail::AnnotatedBody<Range, Body>(body, &fork, &join));
  __tsan_acquire(&join);
#else
  tbb::parallel_for(range, body);
#endif
}

/// tbb::parallel_for over indices [first, last) (body takes one index).
template <class Index, class Body>
void parallel_for(Index first, Index last, const Body& body) {
  if (!(first < last)) return;
  // Qualified: unqualified, argument-dependent lookup would find tbb::parallel_for.
  ::csc::sim::parallel_for(tbb::blocked_range<Index>(first, last), [&](const tbb::blocked_range<Index>& sub) {
    for (Index i = sub.begin(); i != sub.end(); ++i) body(i);
  });
}

}  // namespace csc::sim
