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

/// What each request of the SDK run does.
enum class sdk_call {
  /// `client.training().list_flavors()`: signed GET, JSON decoded into typed flavors.
  list_flavors,
  /// The same signed GET through the client's internal request path, the
  /// body left undecoded: the SDK's HTTP layer doing what the baselines do.
  raw_get,
};

/// `shape.inflight` coroutines share one client (pool of
/// `shape.max_connections`) on an io_context run by `threads` threads; each
/// takes the next request number until all are sent.
run_result run_sdk(const sdk_target& target, const load_shape& shape, unsigned threads,
                   sdk_call call = sdk_call::list_flavors);

} // namespace modelarts::bench
