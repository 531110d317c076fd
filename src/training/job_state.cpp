// Which phases end a job, and which allow a terminate.
#include "modelarts/training/job.hpp"

#include <array>
#include <string_view>

namespace modelarts::training {
namespace {

// Failure states may show up as the phase or as the secondary phase.
constexpr std::array<std::string_view, 6> failure_states = {"Failed",         "Abnormal",         "Terminated",
                                                            "CreateFailed",   "TerminatedFailed", "Lost"};

bool is_failure_state(std::string_view s) {
  for (const auto f : failure_states) {
    if (s == f) return true;
  }
  return false;
}

} // namespace

bool is_failure(const job_status& s) {
  if (s.phase == "Completed") return false;
  return is_failure_state(s.phase) || is_failure_state(s.secondary_phase);
}

bool is_final(const job_status& s) { return s.phase == "Completed" || is_failure(s); }

bool can_terminate(std::string_view phase) {
  return phase == "Creating" || phase == "Pending" || phase == "Running";
}

} // namespace modelarts::training
