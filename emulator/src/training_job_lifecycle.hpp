// A simulated training job's phase, computed from timestamps when it is read
// (no timers): Creating → Pending → Running → the outcome, each phase lasting
// `phase`; a terminate adds Terminating → Terminated.
#pragma once

#include "emulator_state.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace modelarts::emulator {

/// How a job's simulation goes, from the environment variables of its
/// request (see emulator/README.md, "Training jobs").
struct job_script {
  std::chrono::milliseconds phase{2000};
  /// Completed, Failed, Abnormal, CreateFailed, Lost or TerminatedFailed
  /// (the last one: a terminate fails).
  std::string outcome = "Completed";
  /// The first half of Running reads Unknown/Unknown.
  bool unknown_blip = false;
  int log_lines = 10;          ///< lines written while Running
  std::size_t log_line_bytes = 0; ///< pad each of them to this length
};

struct job_timeline {
  clock::time_point created;
  job_script script;
  std::optional<clock::time_point> terminate_requested;
};

/// The job as of one instant.
struct job_moment {
  std::string phase;
  std::string secondary_phase;
  bool started = false;          ///< reached Running
  clock::time_point start;       ///< when Running began (if started)
  clock::time_point run_end;     ///< when Running ended or will end
  bool final = false;
  /// How far into Running the job is (0 before; capped when it ended).
  std::chrono::milliseconds ran{0};
};

[[nodiscard]] job_moment moment_at(const job_timeline& t, clock::time_point now);

/// Terminate is allowed from Creating, Pending, Running (and the Unknown blip).
[[nodiscard]] bool can_terminate(const job_moment& m);

[[nodiscard]] std::int64_t epoch_ms(clock::time_point t);

} // namespace modelarts::emulator
