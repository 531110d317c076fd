// Baseline: the same signed GETs through libcurl's multi interface.
#pragma once

#include "load_run.hpp"

namespace modelarts::bench {

/// One thread driving a curl multi handle: `shape.inflight` easy handles in
/// flight, at most `shape.max_connections` connections (total and per host),
/// keep-alive reuse, HTTP/1.1, peer and host verification against the CA file.
run_result run_curl_multi(const signed_get& get, const load_shape& shape);

} // namespace modelarts::bench
