// The SDK under load: `training().list_flavors()` from many coroutines.
#pragma once

#include "load_run.hpp"

#include <string>

namespace modelarts::bench {

struct sdk_target {
  std::string endpoint;
  std::string ca_file;
  std::string project_id;
  std::string access_key;
  std::string secret_key;
};

/// `shape.inflight` coroutines share one client (pool of
/// `shape.max_connections`) on an io_context run by `threads` threads; each
/// takes the next request number until all are sent.
run_result run_sdk(const sdk_target& target, const load_shape& shape, unsigned threads);

} // namespace modelarts::bench
