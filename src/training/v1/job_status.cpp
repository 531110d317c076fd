#include "modelarts/training/v1/job_status.hpp"

#include <array>

namespace modelarts::training::v1 {
namespace {

constexpr std::array<std::string_view, 23> names = {
    "JOBSTAT_UNKNOWN",          "JOBSTAT_INIT",
    "JOBSTAT_IMAGE_CREATING",   "JOBSTAT_IMAGE_FAILED",
    "JOBSTAT_SUBMIT_TRYING",    "JOBSTAT_SUBMIT_FAILED",
    "JOBSTAT_DELETE_FAILED",    "JOBSTAT_WAITING",
    "JOBSTAT_RUNNING",          "JOBSTAT_KILLING",
    "JOBSTAT_COMPLETED",        "JOBSTAT_FAILED",
    "JOBSTAT_KILLED",           "JOBSTAT_CANCELED",
    "JOBSTAT_LOST",             "JOBSTAT_SCALING",
    "JOBSTAT_SUBMIT_MODEL_FAILED", "JOBSTAT_DEPLOY_SERVICE_FAILED",
    "JOBSTAT_CHECK_INIT",       "JOBSTAT_CHECK_RUNNING",
    "JOBSTAT_CHECK_RUNNING_COMPLETED", "JOBSTAT_CHECK_FAILED",
    "MOUNT_FAILED",
};

} // namespace

job_status job_status_from_code(long long code) noexcept {
  // The enum's underlying int holds any code the service may add.
  if (code < -2147483647LL || code > 2147483647LL) return job_status::unknown;
  return static_cast<job_status>(static_cast<int>(code));
}

std::string_view status_name(job_status status) noexcept {
  const auto code = static_cast<int>(status);
  if (code < 0 || code >= static_cast<int>(names.size())) return "UNRECOGNIZED";
  return names[static_cast<std::size_t>(code)];
}

bool is_failure(job_status status) noexcept {
  switch (status) {
  case job_status::image_failed:
  case job_status::submit_failed:
  case job_status::delete_failed:
  case job_status::failed:
  case job_status::lost:
  case job_status::submit_model_failed:
  case job_status::deploy_service_failed:
  case job_status::check_failed:
  case job_status::mount_failed: return true;
  default: return false;
  }
}

bool is_success(job_status status) noexcept {
  return status == job_status::completed || status == job_status::check_running_completed;
}

bool is_final(job_status status) noexcept {
  return is_failure(status) || is_success(status) || status == job_status::killed ||
         status == job_status::canceled;
}

} // namespace modelarts::training::v1
