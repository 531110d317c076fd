#include "services/service_wait.hpp"

namespace modelarts::services {
namespace {

[[noreturn]] void fail(const service& s, const std::string& why) {
  throw wait_error<service>(errc::resource_failed, "service " + s.service_id + " " + why, s);
}

} // namespace

const char* target_name(service_target target) {
  switch (target) {
  case service_target::running: return "running";
  case service_target::stopped: return "stopped";
  case service_target::finished: return "finished";
  }
  return "?";
}

bool service_wait_over(const service& s, service_target target, concerning_policy concerning) {
  const auto& st = s.status;
  if (st == "failed")
    fail(s, "failed" + (s.error_msg.empty() ? std::string(" (the service gave no reason)") : ": " + s.error_msg));
  if (st == target_name(target)) return true;
  if (st == "concerning" && target == service_target::running) {
    if (concerning == concerning_policy::accept) return true;
    fail(s, "is concerning: some of its instances are abnormal (wait with concerning_policy::accept to take it "
            "as it is)");
  }
  // Settled elsewhere: the service stays there unless someone acts.
  const bool settled_elsewhere = (target == service_target::running && (st == "stopped" || st == "finished")) ||
                                 (target == service_target::stopped && st == "finished") ||
                                 (target == service_target::finished && st == "stopped");
  if (settled_elsewhere) fail(s, "settled in state " + st + ", not " + target_name(target));
  return false; // deploying, stopping, waiting, running on its way to stop or finish...
}

void service_wait_timed_out(const service& last, service_target target) {
  std::string what = "service " + last.service_id + " still " + (last.status.empty() ? "unknown" : last.status);
  if (last.status == "deploying") what += " (" + std::to_string(last.progress) + "%)";
  what += " when the wait for " + std::string(target_name(target)) + " reached its deadline";
  throw wait_error<service>(errc::wait_deadline_exceeded, what, last);
}

} // namespace modelarts::services
