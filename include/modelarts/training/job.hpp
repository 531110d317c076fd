// Training jobs (v2): the JobResponse tree `GET /v2/{project_id}/training-jobs/{id}`
// answers, and what `POST /v2/{project_id}/training-jobs` takes.
//
// Every object keeps the fields this SDK does not map in `extra`, so a newer
// service loses nothing. Numbers the service sometimes sends as strings (and
// the reverse) are read either way.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::training {

/// Limits of a run parameter's value (`constraint`).
struct parameter_constraint {
  std::string type;       ///< "String", "Integer", "Float", "Boolean"
  bool editable = true;
  bool required = false;
  bool sensitive = false;
  std::string valid_type; ///< e.g. "None"
  std::vector<std::string> valid_range;
  boost::json::object extra;
};

/// A run parameter, passed to the boot file as `--name=value`; without a
/// value it is a bare flag `--name` (for `action='store_true'` arguments).
struct parameter {
  std::string name;
  std::optional<std::string> value;
  std::string description;
  std::optional<parameter_constraint> constraint;
  boost::json::object extra;
};

/// A dataset version as a job input; `obs_url` is filled in by the service.
struct dataset_source {
  std::string id;
  std::string version_id;
  std::string obs_url;
};

/// An input channel: OBS data (`obs_url`, `/bucket/dir/`) or a dataset version.
struct data_input {
  std::string name;        ///< the argument the code reads, e.g. "data_url"
  std::string description;
  std::string local_dir;   ///< where the container sees it (set by the service)
  std::optional<std::string> obs_url;
  std::optional<dataset_source> dataset;
  boost::json::object extra;
};

/// An output channel, uploaded to `obs_url`.
struct data_output {
  std::string name;        ///< e.g. "train_url"
  std::string description;
  std::string local_dir;
  std::optional<std::string> obs_url;
  std::string mode;        ///< "upload_periodically"
  std::optional<int> period_seconds;
  boost::json::object extra;
};

/// The AI engine: `engine_id`, or `engine_name` + `engine_version`, or a
/// custom image (`image_url`).
struct engine_ref {
  std::string engine_id;
  std::string engine_name;
  std::string engine_version;
  std::string image_url;
  boost::json::object extra; ///< usage, support_groups, tags, v1_compatible, run_user...
};

/// The job's algorithm (JobAlgorithmResponse): a stored algorithm (`id`), a
/// subscription, code (`code_dir` + `boot_file` + engine) or a custom image
/// (`engine.image_url` + `command`).
struct job_algorithm {
  std::string id;
  std::string name;
  std::string subscription_id;
  std::string item_version_id;
  std::string code_dir;
  std::string boot_file;
  std::string command;
  std::vector<parameter> parameters;
  std::optional<bool> parameters_customization;
  std::vector<data_input> inputs;
  std::vector<data_output> outputs;
  std::optional<engine_ref> engine;
  std::map<std::string, std::string> environments;
  boost::json::object policies; ///< auto-search configuration, as the service sent it
  boost::json::object extra;
};

struct job_metadata {
  std::string id;
  std::string name;
  std::string description;
  std::int64_t create_time_ms = 0; ///< epoch milliseconds
  std::string workspace_id;
  std::string user_name;
  std::map<std::string, std::string> annotations;
  boost::json::object extra; ///< ai_project...
};

/// One task's end: its exit code and the service's message.
struct task_status {
  std::string task; ///< "worker-0"
  std::optional<int> exit_code;
  std::string message;
  boost::json::object extra;
};

/// `[epoch_ms, node_count]` of `status.node_count_metrics`.
struct node_count_sample {
  std::int64_t time_ms = 0;
  int node_count = 0;
};

struct job_status {
  /// Creating, Pending, Running, Completed, Failed, Terminating, Terminated,
  /// Abnormal; a newer service may send others (kept as sent).
  std::string phase;
  /// Finer: Creating, Queuing, Running, Completed, Failed, Terminating,
  /// Terminated, CreateFailed, TerminatedFailed, Unknown, Lost.
  std::string secondary_phase;
  std::int64_t duration_ms = 0;
  std::int64_t start_time_ms = 0; ///< 0 before the job starts
  std::vector<node_count_sample> node_count_metrics;
  std::vector<std::string> tasks; ///< "worker-0", "worker-1"...
  std::vector<task_status> task_statuses;
  boost::json::object extra;
};

struct nfs_volume {
  std::string nfs_server_path; ///< "host:/path"
  std::string local_path;
  bool read_only = false;
};

struct job_resource {
  std::string policy;    ///< regular, economic, turbo (empty: the service's default)
  std::string flavor_id; ///< "modelarts.vm.cpu.8u"
  std::string flavor_name;
  int node_count = 1;
  std::string pool_id;   ///< a dedicated pool, with flavor_id
  boost::json::object flavor_detail; ///< as the service describes the flavor
  boost::json::object extra;
};

struct job_spec {
  job_resource resource;
  std::vector<nfs_volume> volumes;
  std::string log_export_obs_url;  ///< `log_export_path.obs_url`
  std::string log_export_host_path;
  std::optional<bool> is_hosted_log;
  boost::json::object extra;
};

/// A task of a heterogeneous job (`tasks[]`); its algorithm and resource as sent.
struct job_task {
  std::string role; ///< learner, worker
  boost::json::object algorithm;
  boost::json::object task_resource;
  boost::json::object extra;
};

/// A training job as the service describes it (JobResponse).
struct job {
  std::string kind = "job"; ///< job, hetero_job, autosearch_job, mrs_job, edge_job
  job_metadata metadata;
  job_status status;
  job_algorithm algorithm;
  std::vector<job_task> tasks;
  job_spec spec;
  boost::json::object extra;

  [[nodiscard]] const std::string& id() const { return metadata.id; }
  [[nodiscard]] const std::string& phase() const { return status.phase; }
};

/// Completed, Failed, Terminated, Abnormal, or a failure secondary phase
/// (CreateFailed, TerminatedFailed, Lost): the job will not change any more.
[[nodiscard]] bool is_final(const job_status& s);
/// A final state other than Completed.
[[nodiscard]] bool is_failure(const job_status& s);
/// Creating, Pending or Running: the only phases a job can be terminated from.
[[nodiscard]] bool can_terminate(std::string_view phase);

// ---- creating a job -------------------------------------------------------

/// What `create_job` sends. Exactly one algorithm source: `algorithm_id`;
/// `code_dir` + `boot_file` + `engine` (engine_id, or name + version); or a
/// custom image (`engine.image_url` + `command`). Exactly one resource:
/// `flavor_id`, optionally in a dedicated `pool_id`.
struct job_request {
  std::string kind = "job";
  std::string name;        ///< 1–64 characters: letters, digits, '_' and '-'
  std::string description; ///< at most 256 characters

  std::string algorithm_id;
  std::string code_dir;    ///< OBS `/bucket/dir/` (or `obs://bucket/dir/`)
  std::string boot_file;
  std::string command;     ///< custom image boot command
  engine_ref engine;

  std::vector<parameter> parameters; ///< name + value, or a bare flag (no value)
  std::vector<data_input> inputs;    ///< each with obs_url or dataset
  std::vector<data_output> outputs;  ///< each with obs_url
  std::map<std::string, std::string> environments;

  std::string flavor_id;
  std::string pool_id;
  int node_count = 1;      ///< ≤ the flavor's max_num
  std::string policy;
  std::vector<nfs_volume> volumes;
  std::string log_export_obs_url;
};

// ---- listing jobs ---------------------------------------------------------

/// A search filter: key (`name`, `phase`, `id`, `create_time`...), operator
/// (`in`, `like`, `not`, `between`) and values.
struct job_filter {
  std::string key;
  std::string op = "in";
  std::vector<std::string> values;
};

/// `POST /v2/{project_id}/training-job-searches`. `offset` counts records
/// (1: start from the second); `limit` is 1–50.
struct job_query {
  int offset = 0;
  int limit = 50;
  std::string sort_by = "create_time";
  std::string order = "desc"; ///< asc, desc
  std::string group_by;
  std::vector<job_filter> filters;
};

struct job_list {
  std::int64_t total = 0; ///< all the user's jobs
  std::int64_t count = 0; ///< jobs matching the filters
  int offset = 0;
  int limit = 0;
  std::vector<job> items;
  boost::json::object extra;
};

} // namespace modelarts::training
