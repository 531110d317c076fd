// What both sides of the predict benchmark send, how an answer is checked,
// and what a run reports.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::bench {

/// How much load one side is put under.
struct load_shape {
  std::size_t requests = 20000;   ///< measured predictions
  std::size_t inflight = 256;     ///< predictions outstanding at any time
  std::size_t connections = 16;   ///< at most, to the service's host
  std::size_t warmup_requests = 512; ///< sent at full concurrency before the clock starts
};

/// Prediction number `index`'s input: {"inputs":[index, 0.25, [1, 2]]}.
boost::json::value prediction_input(std::size_t index);

/// Checks the toy service's answer to prediction `index` (sum and count of
/// the numbers in its inputs). Empty when right, else what is wrong.
std::string check_answer(const boost::json::value& answer, std::size_t index);
/// The same for an answer still in text form (the libcurl side).
std::string check_answer_text(std::string_view body, std::size_t index);

/// What one side achieved. Latency runs from just before the input is built
/// until the answer has been parsed and checked, so time spent waiting for a
/// free connection counts.
struct run_result {
  std::string side;
  std::string configuration;
  std::vector<double> latencies_ms; ///< measured predictions only
  double seconds = 0;               ///< wall time of the measured predictions
  std::size_t errors = 0;           ///< warm-up included: transport errors, non-200, wrong answers
  std::string first_error;
  /// Connections the emulator accepted during the run (warm-up included).
  std::uint64_t server_connections = 0;

  void fail(std::string why) {
    if (errors++ == 0) first_error = std::move(why);
  }
};

} // namespace modelarts::bench
