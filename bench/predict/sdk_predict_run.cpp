#include "sdk_predict_run.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <chrono>
#include <exception>

namespace modelarts::bench {
namespace {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

/// Prediction numbers handed out to the coroutines, and what they measured.
/// Everything runs on one thread: no locking.
struct batch {
  batch(std::size_t n, run_result& into, bool keep_latencies) : total(n), result(into) {
    if (keep_latencies) latencies_ms.resize(n);
  }

  const std::size_t total;
  std::size_t next = 0;
  run_result& result;
  std::vector<double> latencies_ms; // slot per prediction number; empty in the warm-up
};

asio::awaitable<void> worker(const inference::predictor& predictor, batch& work) {
  // Named and passed explicitly (see predictor::predict).
  const inference::predict_options options;
  for (;;) {
    const auto index = work.next++;
    if (index >= work.total) co_return;
    const auto started = steady::now();
    try {
      boost::json::value input = prediction_input(index);
      inference::predict_options call_options = options;
      const auto answer = co_await predictor.predict(std::move(input), std::move(call_options));
      if (auto wrong = check_answer(answer, index); !wrong.empty()) work.result.fail(std::move(wrong));
    } catch (const std::exception& e) {
      work.result.fail(e.what());
    }
    if (!work.latencies_ms.empty())
      work.latencies_ms[index] = std::chrono::duration<double, std::milli>(steady::now() - started).count();
  }
}

/// Runs the batch to completion; returns its wall time.
double run_batch(asio::io_context& io, const inference::predictor& predictor, batch& work, std::size_t inflight) {
  const auto started = steady::now();
  for (std::size_t i = 0; i < inflight; ++i) asio::co_spawn(io, worker(predictor, work), asio::detached);
  io.restart();
  io.run();
  return std::chrono::duration<double>(steady::now() - started).count();
}

} // namespace

run_result run_sdk_predictions(asio::io_context& io, const inference::predictor& predictor, const load_shape& shape) {
  run_result result;
  result.side = "modelarts-cpp";
  result.configuration = "predictor::predict(json), " + std::to_string(shape.inflight) +
                         " coroutines, 1 io_context thread, pool of " + std::to_string(shape.connections);
  batch warmup(shape.warmup_requests, result, false);
  run_batch(io, predictor, warmup, shape.inflight);
  batch measured(shape.requests, result, true);
  result.seconds = run_batch(io, predictor, measured, shape.inflight);
  result.latencies_ms = std::move(measured.latencies_ms);
  return result;
}

} // namespace modelarts::bench
