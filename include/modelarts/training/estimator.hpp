// The Python SDK's flow: Estimator(spec) → fit(inputs, wait) → a job handle
// with info, logs, metrics and terminate.
#pragma once

#include <modelarts/training/training_client.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace modelarts::training {

/// What `Estimator(...)` takes. One algorithm source: `algorithm_id`;
/// `code_dir` + `boot_file` + `engine` (framework_type/version become
/// engine_name/engine_version); or a custom image (`engine.image_url` +
/// `command`, the SDK's user_image_url + user_command).
struct estimator_spec {
  std::string algorithm_id;
  std::string code_dir;
  std::string boot_file;
  std::string command;
  engine_ref engine;
  std::vector<parameter> parameters;
  std::vector<data_output> outputs;
  std::map<std::string, std::string> env_variables;
  std::string flavor_id;   ///< train_instance_type
  int node_count = 1;      ///< train_instance_count
  std::string pool_id;
  std::string log_export_obs_url; ///< log_url
  std::string description;        ///< job_description
  std::vector<nfs_volume> volumes;
};

/// What `fit(...)` takes: OBS inputs or one dataset version, not both.
struct fit_options {
  std::string job_name;
  std::vector<data_input> inputs;
  std::optional<dataset_source> dataset; ///< becomes an input named `dataset_input_name`
  std::string dataset_input_name = "data_url";
  /// Set: fit returns once the job completed (wait=True); throws wait_error as wait_for_job does.
  std::optional<wait_policy> wait;
  training_client::phase_callback on_phase_change;
};

/// A submitted job (the SDK's TrainingJob / `Estimator(session, job_id)`).
/// Cheap to copy; every call reads the service anew.
class training_job {
public:
  /// An empty handle (for containers and co_spawn); only assignment is valid on it.
  training_job() = default;
  training_job(const training_client& client, job submitted) : core_(client.core()), job_(std::move(submitted)) {}

  [[nodiscard]] const std::string& id() const { return job_.id(); }
  /// The job as fit() last saw it (created, or completed when fit waited).
  [[nodiscard]] const job& submitted() const { return job_; }

  [[nodiscard]] boost::asio::awaitable<job> info() const { return client().get_job(id()); }
  [[nodiscard]] boost::asio::awaitable<log_preview> log(std::string task_id = "worker-0") const {
    return client().get_log_preview(id(), std::move(task_id));
  }
  [[nodiscard]] log_follower follow_log(std::string task_id = "worker-0",
                                        std::chrono::milliseconds interval = std::chrono::seconds(2)) const {
    return client().follow_log(id(), std::move(task_id), interval);
  }
  [[nodiscard]] boost::asio::awaitable<job_metrics> metrics(std::string task_id = "worker-0") const {
    return client().get_job_metrics(id(), std::move(task_id));
  }
  [[nodiscard]] boost::asio::awaitable<job> terminate() const { return client().terminate_job(id()); }
  [[nodiscard]] boost::asio::awaitable<void> update_description(std::string description) const {
    return client().update_job_description(id(), std::move(description));
  }
  [[nodiscard]] boost::asio::awaitable<void> remove() const { return client().delete_job(id()); }
  [[nodiscard]] boost::asio::awaitable<job> wait(wait_policy policy,
                                                 training_client::phase_callback on_change = {}) const {
    return client().wait_for_job(id(), std::move(policy), std::move(on_change));
  }

private:
  [[nodiscard]] training_client client() const { return training_client(core_); }

  std::shared_ptr<detail::client_core> core_;
  job job_;
};

class estimator {
public:
  estimator(training_client client, estimator_spec spec) : client_(std::move(client)), spec_(std::move(spec)) {}

  /// The job request fit() would send.
  [[nodiscard]] job_request request_for(const fit_options& options) const;

  /// Creates the job (after checking node_count against the flavor's max_num,
  /// read from list_flavors unless the job runs in a dedicated pool) and,
  /// with `options.wait`, waits for it to complete.
  [[nodiscard]] boost::asio::awaitable<training_job> fit(fit_options options) const;

  /// A handle on an existing job (the SDK's `Estimator(session, job_id)`).
  [[nodiscard]] boost::asio::awaitable<training_job> attach(std::string job_id) const;

private:
  training_client client_;
  estimator_spec spec_;
};

} // namespace modelarts::training
