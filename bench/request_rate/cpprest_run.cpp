// Compiled apart from the SDK: cpprest's headers include Boost.Asio in its
// header-only form, so this file must not see the SDK's
// BOOST_ASIO_SEPARATE_COMPILATION (see bench/CMakeLists.txt).
#include "cpprest_run.hpp"

#include "cpu_time.hpp"

#include <cpprest/http_client.h>
#include <cpprest/version.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace modelarts::bench {
namespace {

using steady = std::chrono::steady_clock;
namespace http = web::http;

/// The state the request chains share. Continuations run on cpprest's thread
/// pool, so everything here is guarded.
class chains : public std::enable_shared_from_this<chains> {
public:
  chains(http::client::http_client& client, const signed_get& get, std::size_t requests, bool record)
      : client_(client), get_(get), total_(requests), record_(record) {
    if (record_) latencies_.resize(requests);
  }

  /// Starts `inflight` chains and blocks until every request has finished.
  void run(std::size_t inflight) {
    {
      const std::lock_guard lock(mutex_);
      chains_left_ = inflight;
    }
    for (std::size_t i = 0; i < inflight; ++i) next();
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return chains_left_ == 0; });
  }

  std::vector<double> take_latencies() { return std::move(latencies_); }
  std::size_t failures() const { return failures_; }
  const std::string& first_failure() const { return first_failure_; }

private:
  void next() {
    const auto index = next_.fetch_add(1);
    if (index >= total_) {
      const std::lock_guard lock(mutex_);
      if (--chains_left_ == 0) done_.notify_all();
      return;
    }
    const auto started = steady::now();
    http::http_request req(http::methods::GET);
    req.set_request_uri(get_.path);
    for (const auto& [name, value] : get_.sign()) {
      // cpprest verifies the certificate against a caller's Host header taken
      // whole, port included, and so fails the handshake (microsoft/cpprestsdk
      // #1790). Left out, cpprest writes the same `Host: host:port` itself.
      if (name == "Host") continue;
      req.headers().add(name, value);
    }

    auto self = shared_from_this();
    client_.request(req)
        .then([](http::http_response res) {
          const auto status = res.status_code();
          return res.extract_vector().then([status](const std::vector<unsigned char>& body) {
            return std::make_pair(status, body.size());
          });
        })
        .then([self, index, started](pplx::task<std::pair<http::status_code, std::size_t>> answer) {
          std::string failure;
          try {
            const auto [status, size] = answer.get();
            if (status != http::status_codes::OK) failure = "HTTP status " + std::to_string(status);
            else if (size == 0) failure = "empty body";
          } catch (const std::exception& e) {
            failure = e.what();
          }
          self->finish(index, started, failure);
          self->next();
        });
  }

  void finish(std::size_t index, steady::time_point started, const std::string& failure) {
    const double ms = std::chrono::duration<double, std::milli>(steady::now() - started).count();
    const std::lock_guard lock(mutex_);
    if (record_) latencies_[index] = ms;
    if (!failure.empty() && failures_++ == 0) first_failure_ = failure;
  }

  http::client::http_client& client_;
  const signed_get& get_;
  const std::size_t total_;
  const bool record_;
  std::atomic<std::size_t> next_{0};

  std::mutex mutex_;
  std::condition_variable done_;
  std::size_t chains_left_ = 0;
  std::vector<double> latencies_; // slot per request number
  std::size_t failures_ = 0;
  std::string first_failure_;
};

} // namespace

run_result run_cpprest(const signed_get& get, const load_shape& shape, cpprest_trust trust) {
  http::client::http_client_config config;
  config.set_validate_certificates(true);
  config.set_timeout(std::chrono::seconds(60));
  std::string how_trusted;
  if (trust == cpprest_trust::context_callback) {
    config.set_ssl_context_callback([ca = get.ca_file](boost::asio::ssl::context& context) {
      context.load_verify_file(ca);
    });
    how_trusted = "CA via ssl_context_callback";
  } else {
    ::setenv("SSL_CERT_FILE", get.ca_file.c_str(), 1);
    how_trusted = "CA via SSL_CERT_FILE";
  }

  run_result result;
  result.stack = "cpprestsdk";
  result.configuration = std::to_string(shape.inflight) + " task chains, one http_client, " + how_trusted +
                         ", cpprest " + std::to_string(CPPREST_VERSION_MAJOR) + "." +
                         std::to_string(CPPREST_VERSION_MINOR) + "." + std::to_string(CPPREST_VERSION_REVISION);
  {
    http::client::http_client client(get.origin, config);
    auto warmup = std::make_shared<chains>(client, get, shape.warmup_requests, false);
    warmup->run(shape.inflight);

    auto measured = std::make_shared<chains>(client, get, shape.requests, true);
    const cpu_sample before;
    const auto started = steady::now();
    measured->run(shape.inflight);
    result.seconds = std::chrono::duration<double>(steady::now() - started).count();
    result.process_cpu_seconds = cpu_sample{}.process - before.process;
    result.latencies_ms = measured->take_latencies();
    result.failures = warmup->failures() + measured->failures();
    result.first_failure = warmup->failures() > 0 ? warmup->first_failure() : measured->first_failure();
  }
  if (trust == cpprest_trust::ssl_cert_file) ::unsetenv("SSL_CERT_FILE");
  return result;
}

} // namespace modelarts::bench
