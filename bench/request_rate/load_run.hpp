// What the request-rate benchmark hands to each HTTP stack and gets back.
// Plain standard-library types only: the cpprestsdk baseline includes this
// from a translation unit compiled against cpprest's own view of Boost.Asio.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace modelarts::bench {

using header_fields = std::vector<std::pair<std::string, std::string>>;

/// How much load one stack is put under.
struct load_shape {
  std::size_t requests = 10000;   ///< measured requests
  std::size_t inflight = 64;      ///< requests outstanding at any time
  std::size_t max_connections = 8;
  std::size_t warmup_requests = 64; ///< sent at full concurrency before the clock starts
};

/// The one request every stack sends: a signed GET of a small JSON answer.
struct signed_get {
  std::string origin;  ///< `https://localhost:PORT`
  std::string path;    ///< `/v2/{project_id}/training-job-flavors`
  std::string ca_file; ///< PEM file of the CA that signed the server certificate
  /// The request's headers, signed at the moment of the call (a fresh
  /// X-Sdk-Date each time). Safe to call from several threads at once.
  std::function<header_fields()> sign;
};

/// What one stack achieved. Latency is measured from just before a request is
/// signed and handed to the stack until its whole body has arrived, so time
/// spent waiting for a free connection counts.
struct run_result {
  std::string stack;
  std::string configuration;
  bool skipped = false;
  std::string skip_reason;
  std::vector<double> latencies_ms; ///< measured requests only, in completion order
  double seconds = 0;               ///< wall time of the measured requests
  /// CPU time of the whole process (client, emulator, anything else in it)
  /// during the measured requests.
  double process_cpu_seconds = 0;
  /// CPU time of the client alone during the measured requests, when the
  /// stack runs on the calling thread only.
  std::optional<double> client_cpu_seconds;
  std::size_t failures = 0;         ///< transport errors and non-200 answers
  std::string first_failure;
  /// Connections the stack says it opened (warm-up included), when it says.
  std::optional<std::uint64_t> own_connection_count;
};

} // namespace modelarts::bench
