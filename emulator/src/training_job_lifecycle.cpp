#include "training_job_lifecycle.hpp"

#include <algorithm>

namespace modelarts::emulator {
namespace {

struct outcome_phases {
  const char* phase;
  const char* secondary;
};

outcome_phases phases_of(const std::string& outcome) {
  if (outcome == "Failed") return {"Failed", "Failed"};
  if (outcome == "Abnormal") return {"Abnormal", "Abnormal"};
  if (outcome == "Lost") return {"Abnormal", "Lost"};
  return {"Completed", "Completed"};
}

} // namespace

std::int64_t epoch_ms(clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

job_moment moment_at(const job_timeline& t, clock::time_point now) {
  const auto d = t.script.phase;
  job_moment m;
  m.start = t.created + 2 * d;
  m.run_end = t.created + 3 * d;
  // A terminate freezes the lifecycle where it was and starts its own.
  const auto cut = t.terminate_requested ? std::min(now, *t.terminate_requested) : now;
  const auto since = cut - t.created;

  if (t.script.outcome == "CreateFailed" && since >= d) {
    m.phase = "Failed";
    m.secondary_phase = "CreateFailed";
    m.final = true;
  } else if (since < d) {
    m.phase = m.secondary_phase = "Creating";
  } else if (since < 2 * d) {
    m.phase = "Pending";
    m.secondary_phase = "Queuing";
  } else if (since < 3 * d) {
    m.started = true;
    const bool blip = t.script.unknown_blip && since < 2 * d + d / 2;
    m.phase = m.secondary_phase = blip ? "Unknown" : "Running";
  } else {
    m.started = true;
    const auto end = phases_of(t.script.outcome);
    m.phase = end.phase;
    m.secondary_phase = end.secondary;
    m.final = true;
  }

  if (t.terminate_requested && !m.final) {
    const auto at = *t.terminate_requested;
    if (m.started) m.run_end = std::min(m.run_end, at);
    if (now < at + d) {
      m.phase = m.secondary_phase = "Terminating";
    } else if (t.script.outcome == "TerminatedFailed") {
      m.phase = "Failed";
      m.secondary_phase = "TerminatedFailed";
      m.final = true;
    } else {
      m.phase = m.secondary_phase = "Terminated";
      m.final = true;
    }
  }
  if (m.started) {
    const auto until = std::min(now, m.run_end);
    m.ran = std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(until - m.start));
  }
  return m;
}

bool can_terminate(const job_moment& m) {
  return m.phase == "Creating" || m.phase == "Pending" || m.phase == "Running" || m.phase == "Unknown";
}

} // namespace modelarts::emulator
