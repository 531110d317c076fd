// Legacy v1 training status codes (0–22, S0 Table 9-96) and how a waiter
// reads them. The names are the service's own identifiers.
#pragma once

#include <string_view>

namespace modelarts::training::v1 {

/// A version's (or visualization job's) numeric `status`. Codes the SDK does
/// not know (a newer service) are kept as they are: status_name() answers
/// "UNRECOGNIZED" and they are neither final nor failures.
enum class job_status : int {
  unknown = 0,                  ///< JOBSTAT_UNKNOWN
  init = 1,                     ///< JOBSTAT_INIT
  image_creating = 2,           ///< JOBSTAT_IMAGE_CREATING
  image_failed = 3,             ///< JOBSTAT_IMAGE_FAILED
  submit_trying = 4,            ///< JOBSTAT_SUBMIT_TRYING
  submit_failed = 5,            ///< JOBSTAT_SUBMIT_FAILED
  delete_failed = 6,            ///< JOBSTAT_DELETE_FAILED
  waiting = 7,                  ///< JOBSTAT_WAITING (queued)
  running = 8,                  ///< JOBSTAT_RUNNING
  killing = 9,                  ///< JOBSTAT_KILLING (being stopped)
  completed = 10,               ///< JOBSTAT_COMPLETED
  failed = 11,                  ///< JOBSTAT_FAILED
  killed = 12,                  ///< JOBSTAT_KILLED (stopped)
  canceled = 13,                ///< JOBSTAT_CANCELED
  lost = 14,                    ///< JOBSTAT_LOST
  scaling = 15,                 ///< JOBSTAT_SCALING
  submit_model_failed = 16,     ///< JOBSTAT_SUBMIT_MODEL_FAILED
  deploy_service_failed = 17,   ///< JOBSTAT_DEPLOY_SERVICE_FAILED
  check_init = 18,              ///< JOBSTAT_CHECK_INIT
  check_running = 19,           ///< JOBSTAT_CHECK_RUNNING
  check_running_completed = 20, ///< JOBSTAT_CHECK_RUNNING_COMPLETED
  check_failed = 21,            ///< JOBSTAT_CHECK_FAILED
  mount_failed = 22,            ///< MOUNT_FAILED
};

/// Any code read from the service, unknown ones included.
[[nodiscard]] job_status job_status_from_code(long long code) noexcept;

/// "JOBSTAT_RUNNING", "MOUNT_FAILED"…; "UNRECOGNIZED" outside 0–22.
[[nodiscard]] std::string_view status_name(job_status status) noexcept;

/// The version will not change state on its own any more: a failure, a
/// success (completed, check_running_completed) or a stop (killed, canceled).
/// `unknown` (0) is not final: the service may still report the real state.
[[nodiscard]] bool is_final(job_status status) noexcept;

/// A final state that means the run went wrong: image_failed, submit_failed,
/// delete_failed, failed, lost, submit_model_failed, deploy_service_failed,
/// check_failed, mount_failed. (killed/canceled are a user's stop, not a failure.)
[[nodiscard]] bool is_failure(job_status status) noexcept;

/// completed or check_running_completed.
[[nodiscard]] bool is_success(job_status status) noexcept;

} // namespace modelarts::training::v1
