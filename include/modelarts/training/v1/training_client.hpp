// Legacy v1 training ("旧版" in the SDK reference): jobs with numbered
// versions, saved job configs, visualization (TensorBoard) jobs and built-in
// algorithms.
//
// The seeds document these operations only as Python SDK calls (inventory
// §6); they give NO REST URIs. The paths used here are the ones the inventory
// infers for the old v1 API and are NOT confirmed by the seeds:
//   /v1/{project_id}/training-jobs[/{job_id}[/versions[/{version_id}[/stop]]]]
//   /v1/{project_id}/training-job-configs[/{config_name}]
//   /v1/{project_id}/visualization-jobs[/{job_id}[/stop|/restart]]
//   /v1/{project_id}/built-in-algorithms
// docs/training-v1.md lists each call with its method, body and answer.
#pragma once

#include <modelarts/training/v1/job_status.hpp>
#include <modelarts/training/v1/types.hpp>
#include <modelarts/wait_policy.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace modelarts {

namespace detail {
class client_core;
}

namespace training::v1 {

/// Called after each poll of wait_for_version with the version as seen.
using version_progress = std::function<void(const job_version&)>;

/// Every call checks its arguments before sending (system_error
/// errc::invalid_argument naming the field and the rule): names, lengths of
/// descriptions, page sizes, positive ids. Service errors come back as
/// api_error with the service's error_code/error_msg.
class training_client {
public:
  explicit training_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

  // ---- jobs and versions ----------------------------------------------------

  /// Creates a job and its first version (E1). Job names are unique.
  boost::asio::awaitable<job_created> create_job(job_create_request request) const;
  /// One page of jobs, each with its latest version's status (E2).
  boost::asio::awaitable<job_page> list_jobs(job_query query = {}) const;
  /// Replaces the job's description (E4).
  boost::asio::awaitable<void> update_job_description(std::int64_t job_id, std::string job_desc) const;
  /// Deletes the job and all its versions (E7).
  boost::asio::awaitable<void> delete_job(std::int64_t job_id) const;

  /// Creates a new version derived from `pre_version_id` (E8).
  boost::asio::awaitable<job_created> create_version(std::int64_t job_id, version_create_request request) const;
  /// Every version of the job, newest first (E10).
  boost::asio::awaitable<version_list> list_versions(std::int64_t job_id) const;
  /// One version, with its current status (E3).
  boost::asio::awaitable<job_version> get_version(std::int64_t job_id, std::int64_t version_id) const;
  /// Stops a version that has not reached a final state (E11); the service
  /// answers invalid state (an api_error) for a finished one.
  boost::asio::awaitable<void> stop_version(std::int64_t job_id, std::int64_t version_id) const;
  boost::asio::awaitable<void> delete_version(std::int64_t job_id, std::int64_t version_id) const;

  /// Polls the version until it completes (completed or
  /// check_running_completed) and returns it. Throws wait_error<job_version>
  /// with errc::resource_failed when it reaches a failure state (is_failure)
  /// or is stopped (killed, canceled), and errc::wait_deadline_exceeded when
  /// the policy's deadline passes first. `on_progress` sees every poll.
  boost::asio::awaitable<job_version> wait_for_version(std::int64_t job_id, std::int64_t version_id,
                                                       wait_policy policy, version_progress on_progress = {}) const;

  // ---- job configs ------------------------------------------------------------

  boost::asio::awaitable<void> create_config(job_config config) const;
  boost::asio::awaitable<config_page> list_configs(config_query query = {}) const;
  boost::asio::awaitable<job_config> get_config(std::string config_name) const;
  /// Replaces the config's description and run configuration (E17).
  boost::asio::awaitable<void> update_config(job_config config) const;
  boost::asio::awaitable<void> delete_config(std::string config_name) const;

  // ---- visualization jobs ---------------------------------------------------

  boost::asio::awaitable<visualization_job> create_visualization_job(visualization_create_request request) const;
  boost::asio::awaitable<visualization_page> list_visualization_jobs(visualization_query query = {}) const;
  boost::asio::awaitable<visualization_job> get_visualization_job(std::int64_t job_id) const;
  boost::asio::awaitable<void> update_visualization_job(std::int64_t job_id, std::string job_desc) const;
  /// Stops a running visualization job (it becomes `killed`).
  boost::asio::awaitable<void> stop_visualization_job(std::int64_t job_id) const;
  /// Starts a stopped visualization job again (it goes through `init` to `running`).
  boost::asio::awaitable<void> restart_visualization_job(std::int64_t job_id) const;
  boost::asio::awaitable<void> delete_visualization_job(std::int64_t job_id) const;

  // ---- built-in algorithms --------------------------------------------------

  boost::asio::awaitable<std::vector<built_in_algorithm>> list_built_in_algorithms() const;

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace training::v1
} // namespace modelarts
