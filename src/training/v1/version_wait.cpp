#include "training/v1/version_wait.hpp"

#include "modelarts/wait_policy.hpp"

#include <string>

namespace modelarts::training::v1 {
namespace {

std::string describe(const job_version& v) {
  return "training job " + std::to_string(v.job_id) + " version " + std::to_string(v.version_id) + " (" +
         (v.version_name.empty() ? std::string("?") : v.version_name) + ")";
}

std::string state_of(const job_version& v) {
  return std::string(status_name(v.status)) + " [" + std::to_string(static_cast<int>(v.status)) + "]";
}

} // namespace

bool version_wait_over(const job_version& v) {
  if (is_success(v.status)) return true;
  if (is_failure(v.status))
    throw wait_error<job_version>(errc::resource_failed, describe(v) + " failed: " + state_of(v), v);
  if (is_final(v.status))
    throw wait_error<job_version>(errc::resource_failed, describe(v) + " was stopped: " + state_of(v), v);
  return false;
}

void version_wait_timed_out(const job_version& last) {
  throw wait_error<job_version>(errc::wait_deadline_exceeded,
                                describe(last) + " still " + state_of(last) + " when the wait reached its deadline",
                                last);
}

} // namespace modelarts::training::v1
