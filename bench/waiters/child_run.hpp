// One side of the benchmark, run in a child process: create `waiters` jobs
// and wait for all of them on one thread through one client (pool of 16).
#pragma once

#include <string>

namespace modelarts::bench {

enum class waiter_kind {
  sdk,   ///< training_client::wait_for_job: backoff and jitter
  naive, ///< get_job every `interval` (the SDK policy's first interval), no backoff, no jitter
};

struct child_settings {
  waiter_kind kind = waiter_kind::sdk;
  int waiters = 10000;
  int phase_ms = 5000;
  int interval_ms = 500;
  int deadline_s = 600;
};

/// Runs the side; prints one `RESULT key=value…` line on stdout (the parent
/// reads it) and the first errors on stderr. The client comes from the
/// environment the parent set. Returns the exit status.
int run_child(const child_settings& settings);

} // namespace modelarts::bench
