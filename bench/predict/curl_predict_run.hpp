// Baseline: the same prediction POSTs through libcurl's multi interface.
#pragma once

#include "prediction_work.hpp"

#include <string>

namespace modelarts::bench {

/// Where the libcurl side sends its POSTs, and how it proves who it is.
struct curl_target {
  std::string url;     ///< the service's access address
  std::string ca_file; ///< PEM file of the CA that signed the server certificate
  std::string token;   ///< sent as X-Auth-Token
};

/// One thread driving a curl multi handle: `shape.inflight` easy handles in
/// flight, at most `shape.connections` connections (total and per host),
/// keep-alive reuse, HTTP/1.1, peer and host verification against the CA
/// file. Each answer is parsed and checked like the SDK's.
run_result run_curl_predictions(const curl_target& target, const load_shape& shape);

} // namespace modelarts::bench
