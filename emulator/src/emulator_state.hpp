// What the routes and the transport share: the settings, the emulator's clock,
// issued tokens, fault rules and counters. Every member is safe to use from the
// server's threads at once.
#pragma once

#include "fault_table.hpp"
#include "request_log.hpp"
#include "token_store.hpp"

#include "modelarts/emulator/emulator.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

namespace modelarts::emulator {

// Each ModelArts service's simulated resources; made by its add_*_routes, so
// another service's routes can look them up (a job's algorithm, a service's model).
class training_store;
class training_v1_store;
class model_store;
class service_store;

using clock = std::chrono::system_clock;

struct counters {
  std::atomic<std::uint64_t> connections_accepted{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> tokens_issued{0};
  std::atomic<std::uint64_t> auth_failures{0};
  std::atomic<std::uint64_t> body_bytes_received{0};
  std::atomic<std::uint64_t> body_bytes_sent{0};
};

class emulator_state {
public:
  explicit emulator_state(options opts)
      : faults(opts.fault_seed), settings_(std::move(opts)) {}

  [[nodiscard]] const options& settings() const { return settings_; }

  /// The emulator's clock: the machine's, shifted by set_clock_offset. Tokens
  /// expire, signatures are judged and `Date` headers are written by it.
  [[nodiscard]] clock::time_point now() const {
    return clock::now() + std::chrono::seconds(clock_offset_seconds_.load());
  }
  void set_clock_offset(std::chrono::seconds offset) { clock_offset_seconds_.store(offset.count()); }

  token_store tokens;
  fault_table faults;
  request_log requests_seen;
  counters count;

  std::shared_ptr<training_store> training;
  std::shared_ptr<training_v1_store> training_v1;
  std::shared_ptr<model_store> models;
  std::shared_ptr<service_store> services;

private:
  options settings_;
  std::atomic<std::int64_t> clock_offset_seconds_{0};
};

} // namespace modelarts::emulator
