// Training (v2): resource flavors and engines, algorithms, jobs, their logs
// and metrics, and a waiter.
#pragma once

#include <modelarts/training/algorithm.hpp>
#include <modelarts/training/flavors.hpp>
#include <modelarts/training/job.hpp>
#include <modelarts/training/job_pages.hpp>
#include <modelarts/training/log_follower.hpp>
#include <modelarts/training/logs.hpp>
#include <modelarts/wait_policy.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace modelarts {

namespace detail {
class client_core;
}

/// Cheap to copy; operations keep the client's shared state alive. Errors:
/// system_error(errc::invalid_argument) for a request refused before sending,
/// system_error(errc::invalid_state) for an operation the job's phase forbids,
/// api_error for the service's refusals.
class training_client {
public:
  explicit training_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

  // ---- flavors and engines -------------------------------------------------

  /// Flavors training jobs can run on; `flavor_type` ("CPU", "GPU", "Ascend") filters.
  boost::asio::awaitable<std::vector<training::flavor>>
  list_flavors(std::optional<std::string> flavor_type = std::nullopt) const;

  /// Preset AI engines (framework + version + image).
  boost::asio::awaitable<std::vector<training::engine>> list_engines() const;

  // ---- algorithms ----------------------------------------------------------

  boost::asio::awaitable<training::algorithm> create_algorithm(training::algorithm_request request) const;
  boost::asio::awaitable<training::algorithm_list> list_algorithms(training::algorithm_query query = {}) const;
  boost::asio::awaitable<training::algorithm> get_algorithm(std::string algorithm_id) const;
  /// Replaces the algorithm's description, code, engine, parameters and channels.
  boost::asio::awaitable<training::algorithm> update_algorithm(std::string algorithm_id,
                                                               training::algorithm_request request) const;
  boost::asio::awaitable<void> delete_algorithm(std::string algorithm_id) const;

  // ---- jobs ----------------------------------------------------------------

  /// Creates a job (201). The request is checked first (name, one algorithm
  /// source, flavor, channels, node_count ≥ 1); with `known_flavor` (from
  /// list_flavors) node_count is also checked against its max_num. The
  /// service checks the same and more (api_error).
  boost::asio::awaitable<training::job> create_job(training::job_request request,
                                                   std::optional<training::flavor> known_flavor = std::nullopt) const;

  boost::asio::awaitable<training::job> get_job(std::string job_id) const;

  /// One page of a search (`training-job-searches`).
  boost::asio::awaitable<training::job_list> list_jobs(training::job_query query = {}) const;
  /// Every page of a search, fetched lazily (see job_pages).
  [[nodiscard]] training::job_pages job_pages(training::job_query query = {}) const;

  boost::asio::awaitable<void> update_job_description(std::string job_id, std::string description) const;
  /// Deletes the job (the service answers 202; deletion is asynchronous).
  boost::asio::awaitable<void> delete_job(std::string job_id) const;

  /// Terminates a Creating, Pending or Running job; returns it as the service
  /// answers (Terminating). Reads the job first: from any other phase it
  /// throws system_error(errc::invalid_state) naming the phase, without
  /// sending the terminate (the service refuses it too, should the phase
  /// change in between).
  boost::asio::awaitable<training::job> terminate_job(std::string job_id) const;

  // ---- logs and metrics ----------------------------------------------------

  /// A temporary OBS link to the task's log (presigned; valid for a while).
  boost::asio::awaitable<std::string> get_log_url(std::string job_id, std::string task_id = "worker-0",
                                                  training::log_link link = training::log_link::preview) const;
  /// The log's last 5 MB with its full size.
  boost::asio::awaitable<training::log_preview> get_log_preview(std::string job_id,
                                                                std::string task_id = "worker-0") const;
  /// Follows the log until the job ends (see log_follower).
  [[nodiscard]] training::log_follower
  follow_log(std::string job_id, std::string task_id = "worker-0",
             std::chrono::milliseconds interval = std::chrono::seconds(2)) const;

  boost::asio::awaitable<training::job_metrics> get_job_metrics(std::string job_id,
                                                                std::string task_id = "worker-0") const;

  // ---- waiting -------------------------------------------------------------

  /// Called with the job whenever its phase or secondary phase differs from
  /// the previous poll's (and with the first poll's job).
  using phase_callback = std::function<void(const training::job&)>;

  /// Polls the job until it is Completed and returns it. Throws
  /// wait_error<training::job> with errc::resource_failed when it ends
  /// otherwise: Failed, Abnormal, CreateFailed, TerminatedFailed, Lost, and
  /// Terminated (a terminated job did not complete); what() names the phase,
  /// the tasks' messages and exit codes. Throws errc::wait_deadline_exceeded
  /// when the policy's deadline passes first: the job still runs server-side;
  /// last() is the job as last seen. `Unknown` is transient: polling goes on.
  /// Each poll is one GET bounded by the time left. Cancellation stops the
  /// wait (the job goes on).
  boost::asio::awaitable<training::job> wait_for_job(std::string job_id, wait_policy policy,
                                                     phase_callback on_phase_change = {}) const;

  [[nodiscard]] const std::shared_ptr<detail::client_core>& core() const { return core_; }

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts
