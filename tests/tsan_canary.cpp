// A deliberate data race between chunks of sim::parallel_for, built and run only in the
// ThreadSanitizer preset, where CTest expects it to fail (WILL_FAIL): it proves that the
// annotations of sim/run/parallel.hpp and the suppressions of tests/tsan.supp do not hide a
// race in our own code.
#include <cstdio>

#include "sim/run/parallel.hpp"

int main() {
  long shared = 0;
  csc::sim::parallel_for(0, 100000, [&](int i) { shared += i; });  // unsynchronised on purpose
  std::printf("%ld\n", shared);
  return 0;
}
