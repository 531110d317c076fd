#include "sdk_run.hpp"

#include "cpu_time.hpp"

#include "client/client_core.hpp"

#include <modelarts/client.hpp>
#include <modelarts/training/training_client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace modelarts::bench {
namespace {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

/// Request numbers handed out to the workers, and what they measured.
struct batch {
  explicit batch(std::size_t n) : total(n), latencies_ms(n) {}

  void fail(const std::string& why) {
    const std::lock_guard lock(mutex);
    if (failures++ == 0) first_failure = why;
  }

  const std::size_t total;
  std::atomic<std::size_t> next{0};
  std::vector<double> latencies_ms; // slot per request number
  std::mutex mutex;
  std::size_t failures = 0;
  std::string first_failure;
};

asio::awaitable<void> one_call(const client& sdk, sdk_call call, batch& work) {
  if (call == sdk_call::list_flavors) {
    const auto flavors = co_await sdk.training().list_flavors();
    if (flavors.empty()) work.fail("empty flavor list");
    co_return;
  }
  const auto& core = sdk.core();
  auto req = core->modelarts_request("GET", "/v2/" + core->project_id() + "/training-job-flavors");
  const auto res = co_await core->execute(std::move(req));
  if (res.status != 200 || res.body.empty()) work.fail("HTTP status " + std::to_string(res.status));
}

asio::awaitable<void> worker(client sdk, sdk_call call, batch& work) {
  for (;;) {
    const auto index = work.next.fetch_add(1, std::memory_order_relaxed);
    if (index >= work.total) co_return;
    const auto started = steady::now();
    try {
      co_await one_call(sdk, call, work);
    } catch (const std::exception& e) {
      work.fail(e.what());
    }
    work.latencies_ms[index] = std::chrono::duration<double, std::milli>(steady::now() - started).count();
  }
}

/// Runs `requests` calls from `inflight` workers to completion; returns the wall time.
double run_batch(asio::io_context& io, const client& sdk, sdk_call call, batch& work, std::size_t inflight,
                 unsigned threads) {
  const auto started = steady::now();
  for (std::size_t i = 0; i < inflight; ++i) asio::co_spawn(io, worker(sdk, call, work), asio::detached);
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& h : helpers) h.join();
  io.restart();
  return std::chrono::duration<double>(steady::now() - started).count();
}

} // namespace

run_result run_sdk(const sdk_target& target, const load_shape& shape, unsigned threads, sdk_call call) {
  asio::io_context io(static_cast<int>(threads));

  client_options options;
  options.endpoint.modelarts = target.endpoint;
  options.endpoint.iam = target.endpoint;
  options.project_id = target.project_id;
  options.tls.ca_file = target.ca_file;
  options.pool.max_connections = shape.max_connections;
  credentials creds;
  creds.access_key = target.access_key;
  creds.secret_key = target.secret_key;
  const client sdk(io.get_executor(), options, creds);

  run_result result;
  result.stack = "modelarts-cpp";
  result.configuration = std::string(call == sdk_call::list_flavors ? "list_flavors(), " : "raw GET, no JSON decode, ") +
                         std::to_string(shape.inflight) + " coroutines, " + std::to_string(threads) +
                         " io_context thread" + (threads == 1 ? "" : "s") + ", pool of " +
                         std::to_string(shape.max_connections);

  batch warmup(shape.warmup_requests);
  run_batch(io, sdk, call, warmup, shape.inflight, threads);

  batch measured(shape.requests);
  const cpu_sample before;
  result.seconds = run_batch(io, sdk, call, measured, shape.inflight, threads);
  const cpu_sample after;
  result.process_cpu_seconds = after.process - before.process;
  if (threads == 1) result.client_cpu_seconds = after.thread - before.thread;
  result.latencies_ms = std::move(measured.latencies_ms);
  result.failures = warmup.failures + measured.failures;
  result.first_failure = warmup.failures > 0 ? warmup.first_failure : measured.first_failure;
  result.own_connection_count = sdk.pool_stats().connects;
  return result;
}

} // namespace modelarts::bench
