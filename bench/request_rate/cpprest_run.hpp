// Baseline: the same signed GETs through cpprestsdk, the HTTP stack of the
// official Huawei Cloud C++ SDK. Implemented in cpprest_run.cpp when the
// library was found at configure time, else by cpprest_run_unavailable.cpp.
#pragma once

#include "load_run.hpp"

namespace modelarts::bench {

/// How cpprest is told to trust the emulator's CA.
enum class cpprest_trust {
  /// `http_client_config::set_ssl_context_callback` loads the CA file into
  /// cpprest's `boost::asio::ssl::context`.
  context_callback,
  /// `SSL_CERT_FILE` names the CA file; OpenSSL's default verify paths (which
  /// cpprest loads) pick it up. For when the callback cannot be used.
  ssl_cert_file,
};

/// One shared `http_client` (cpprest's connection pool, its own thread pool);
/// `shape.inflight` request chains, each starting its next request from the
/// previous one's continuation. Certificate validation stays on. cpprest has
/// no connection limit: it opens what it needs (count them at the server).
run_result run_cpprest(const signed_get& get, const load_shape& shape, cpprest_trust trust);

} // namespace modelarts::bench
