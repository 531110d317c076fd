// wait_for_job: poll until Completed, a failure state or the deadline.
#include "modelarts/training/training_client.hpp"

#include "client/poll_loop.hpp"
#include "training/training_calls.hpp"

#include <algorithm>
#include <chrono>

namespace modelarts {
namespace {

using core_ptr = std::shared_ptr<detail::client_core>;

std::string describe_state(const training::job& j) {
  std::string s = j.status.phase.empty() ? std::string("(no phase)") : j.status.phase;
  if (!j.status.secondary_phase.empty() && j.status.secondary_phase != j.status.phase)
    s += " (" + j.status.secondary_phase + ")";
  return s;
}

/// "training job <id> 'name' ended Failed (CreateFailed): worker-0 exit code 1: message; ..."
std::string failure_message(const training::job& j) {
  std::string what = "training job " + j.id();
  if (!j.metadata.name.empty()) what += " '" + j.metadata.name + "'";
  what += " ended " + describe_state(j);
  for (const auto& t : j.status.task_statuses) {
    what += "; " + (t.task.empty() ? std::string("task") : t.task);
    if (t.exit_code) what += " exit code " + std::to_string(*t.exit_code);
    if (!t.message.empty()) what += ": " + t.message;
  }
  return what;
}

boost::asio::awaitable<training::job> wait_op(core_ptr core, std::string job_id, wait_policy policy,
                                              training_client::phase_callback on_change) {
  using clock = std::chrono::steady_clock;
  std::string seen_phase;
  std::string seen_secondary;
  bool first = true;

  // One GET per poll, bounded by the time the wait has left.
  auto poll = [core, job_id](clock::time_point deadline) -> boost::asio::awaitable<training::job> {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    http::call_options options;
    options.total_timeout = std::max(left, std::chrono::milliseconds(1));
    co_return co_await training::calls::fetch_job(core, job_id, options);
  };
  auto judge = [&](const training::job& j) {
    if (first || j.status.phase != seen_phase || j.status.secondary_phase != seen_secondary) {
      first = false;
      seen_phase = j.status.phase;
      seen_secondary = j.status.secondary_phase;
      if (on_change) on_change(j);
    }
    if (training::is_failure(j.status))
      throw wait_error<training::job>(errc::resource_failed, failure_message(j), j);
    // Unknown (and any phase this SDK does not know) is transient: keep polling.
    return j.status.phase == "Completed";
  };
  auto on_deadline = [&policy, job_id](const training::job& last) {
    throw wait_error<training::job>(
        errc::wait_deadline_exceeded,
        "training job " + job_id + " is still " + describe_state(last) + " after the wait's deadline of " +
            std::to_string(policy.deadline.count()) + " ms; it goes on server-side",
        last);
  };
  co_return co_await detail::poll_until<training::job>(policy, poll, judge, on_deadline);
}

} // namespace

boost::asio::awaitable<training::job> training_client::wait_for_job(std::string job_id, wait_policy policy,
                                                                    phase_callback on_phase_change) const {
  return wait_op(core_, std::move(job_id), std::move(policy), std::move(on_phase_change));
}

} // namespace modelarts
