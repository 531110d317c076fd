// The emulator's legacy v1 training resources: jobs with numbered versions,
// job configs and visualization jobs. A version's numeric status (0–22) is
// computed from timestamps when it is read (no timers), one
// options::phase_duration per phase:
//   JOBSTAT_INIT(1) → JOBSTAT_WAITING(7) → JOBSTAT_RUNNING(8) → JOBSTAT_COMPLETED(10),
// or JOBSTAT_FAILED(11) at the end when the job's name starts with
// "emulator-fail". A stop makes it JOBSTAT_KILLING(9) for one phase, then
// JOBSTAT_KILLED(12). Visualization jobs: JOBSTAT_INIT(1) for one phase, then
// JOBSTAT_RUNNING(8) until stopped (JOBSTAT_KILLED(12)); a restart begins again.
// Every member is safe to call from the server's threads.
#pragma once

#include "emulator_state.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace modelarts::emulator {

/// The answer of one store operation: a body for 2xx, else an error code and message.
struct v1_outcome {
  unsigned status = 200;
  std::string error_code;
  std::string error_msg;
  boost::json::object body;
};

/// Filters and page of the list operations (`page` from 1).
struct v1_list_query {
  std::optional<int> status;
  std::size_t per_page = 10;
  std::size_t page = 1;
  std::string sort_by = "create_time";
  bool ascending = false;
  std::string search_content; ///< a substring of the name
};

class training_v1_store {
public:
  explicit training_v1_store(const emulator_state& state) : state_(state) {}

  // Requests reach these already checked (training_v1_request_check.hpp).
  v1_outcome create_job(const boost::json::object& request);
  v1_outcome list_jobs(const v1_list_query& query) const;
  v1_outcome update_job(std::int64_t job_id, const std::string& job_desc);
  v1_outcome delete_job(std::int64_t job_id);
  v1_outcome create_version(std::int64_t job_id, const boost::json::object& request);
  v1_outcome list_versions(std::int64_t job_id) const;
  v1_outcome get_version(std::int64_t job_id, std::int64_t version_id) const;
  v1_outcome stop_version(std::int64_t job_id, std::int64_t version_id);
  v1_outcome delete_version(std::int64_t job_id, std::int64_t version_id);

  v1_outcome create_config(const boost::json::object& request);
  v1_outcome list_configs(const v1_list_query& query) const;
  v1_outcome get_config(std::string_view name) const;
  v1_outcome update_config(std::string_view name, const boost::json::object& request);
  v1_outcome delete_config(std::string_view name);

  v1_outcome create_visualization(const boost::json::object& request);
  v1_outcome list_visualizations(const v1_list_query& query) const;
  v1_outcome get_visualization(std::int64_t job_id) const;
  v1_outcome update_visualization(std::int64_t job_id, const std::string& job_desc);
  v1_outcome stop_visualization(std::int64_t job_id);
  v1_outcome restart_visualization(std::int64_t job_id);
  v1_outcome delete_visualization(std::int64_t job_id);

  /// The built-in algorithms (a fixed catalogue).
  static v1_outcome list_algorithms();
  /// True when `model_id` names a built-in algorithm.
  static bool known_algorithm(std::int64_t model_id);

private:
  struct version {
    std::int64_t id = 0;
    int number = 1; ///< V0001, V0002…
    std::int64_t pre_version_id = 0;
    std::string job_desc;
    boost::json::object config;
    clock::time_point created;
    std::optional<clock::time_point> stopped;
  };
  struct job {
    std::int64_t id = 0;
    std::string name;
    std::string desc;
    clock::time_point created;
    int versions_made = 0;
    std::map<std::int64_t, version> versions; ///< by id, oldest first
  };
  struct config {
    boost::json::object fields; ///< as created, config_name and config_desc included
    clock::time_point created;
  };
  struct visualization {
    std::int64_t id = 0;
    std::string name;
    std::string desc;
    std::string train_url;
    clock::time_point created;
    clock::time_point started;
    std::optional<clock::time_point> stopped;
  };

  [[nodiscard]] int version_status(const job& j, const version& v) const;
  [[nodiscard]] std::int64_t version_duration(const version& v) const;
  [[nodiscard]] boost::json::object version_body(const job& j, const version& v) const;
  [[nodiscard]] int visualization_status(const visualization& vj) const;
  [[nodiscard]] boost::json::object visualization_body(const visualization& vj) const;
  version& add_version(job& j, const boost::json::object& request);

  const emulator_state& state_;
  mutable std::mutex mutex_;
  std::int64_t next_job_id_ = 182626;
  std::int64_t next_version_id_ = 278813;
  std::int64_t next_visualization_id_ = 8992;
  std::map<std::int64_t, job> jobs_;
  std::map<std::string, config, std::less<>> configs_;
  std::map<std::int64_t, visualization> visualizations_;
};

} // namespace modelarts::emulator
