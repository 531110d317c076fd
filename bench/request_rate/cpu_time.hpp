// CPU time, to tell how much work a stack does per request independently of
// what else the machine is running.
#pragma once

#include <ctime>

namespace modelarts::bench {

/// CPU seconds used so far by the whole process (every thread, the in-process
/// emulator's included).
inline double process_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// CPU seconds used so far by the calling thread.
inline double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// Both clocks at one moment; subtract two to get a phase's usage.
struct cpu_sample {
  double process = process_cpu_seconds();
  double thread = thread_cpu_seconds();
};

} // namespace modelarts::bench
