// Legacy v1 training request and response types. Ids are integers (the
// service's `job_id` 182626, `version_id` 278813); times are epoch ms,
// durations ms. Every response type keeps the fields this SDK does not map
// in `extra`, so a newer service does not break an older SDK.
#pragma once

#include <modelarts/training/v1/job_status.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace modelarts::training::v1 {

/// A run parameter (hyperparameter), `{"label": ..., "value": ...}`.
struct hyperparameter {
  std::string label;
  std::string value;
};

/// One input of a run: an OBS path (`type` "obs", `data_url`) or a dataset
/// version (`type` "dataset", `dataset_id`, `dataset_version`).
struct data_source {
  std::string type;
  std::string data_url;
  std::string dataset_id;
  std::string dataset_version;
};

/// What a version runs and where: shared by job creation, version creation
/// and job configs. Empty strings and zero ids are left out of the request.
/// Either `model_id` (a built-in algorithm) or `engine_id` + `app_url` +
/// `boot_file_url` (own code), or `user_image_url` + `user_command` (own image).
struct run_config {
  int worker_server_num = 1;     ///< nodes
  std::string app_url;           ///< code directory, `/bucket/src/`
  std::string boot_file_url;     ///< `/bucket/src/boot.py`
  std::vector<hyperparameter> parameters;
  std::string data_url;          ///< input OBS path, `/bucket/data/train/`
  std::string dataset_id;
  std::string dataset_version_id;
  std::vector<data_source> data_sources;
  std::int64_t spec_id = 0;      ///< resource flavor
  std::int64_t engine_id = 0;
  std::int64_t model_id = 0;     ///< built-in algorithm
  std::string train_url;         ///< output OBS path
  std::string log_url;
  std::string user_image_url;
  std::string user_command;
  std::string pool_id;
};

struct job_create_request {
  std::string job_name; ///< 1–64 letters, digits, `-`, `_`; unique
  std::string job_desc; ///< ≤ 256
  run_config config;
};

struct version_create_request {
  std::int64_t pre_version_id = 0; ///< the version this one derives from (required)
  std::string job_desc;
  run_config config;
};

/// The answer to creating a job or a version.
struct job_created {
  std::int64_t job_id = 0;
  std::int64_t version_id = 0;
  std::string job_name;
  std::string version_name; ///< "V0001"
  job_status status = job_status::unknown;
  std::int64_t create_time = 0;
  boost::json::object extra;
};

/// One version of a job, as GET …/versions/{version_id} describes it.
struct job_version {
  std::int64_t job_id = 0;
  std::string job_name;
  std::string job_desc;
  std::int64_t version_id = 0;
  std::string version_name;
  std::int64_t pre_version_id = 0;
  job_status status = job_status::unknown;
  std::int64_t create_time = 0;
  std::int64_t duration = 0; ///< ms
  int engine_type = 0;       ///< 1 TensorFlow, 2 MXNet, 4 Caffe, 10 PyTorch, …
  std::string engine_name;
  std::string engine_version;
  run_config config;
  boost::json::object extra;
};

/// List filters (`per_page` 1–1000, `page` from 1). `sort_by`: job_name,
/// job_desc, status, duration, engine_type, create_time; `order` asc|desc.
struct job_query {
  std::optional<job_status> status;
  int per_page = 10;
  int page = 1;
  std::string sort_by;
  std::string order;
  std::string search_content; ///< ≤ 100
};

struct job_summary {
  std::int64_t job_id = 0;
  std::string job_name;
  std::int64_t version_id = 0; ///< the latest version
  job_status status = job_status::unknown;
  std::int64_t create_time = 0;
  std::int64_t duration = 0;
  std::string job_desc;
  std::int64_t version_count = 0;
  boost::json::object extra;
};

struct job_page {
  std::int64_t job_total_count = 0;
  std::int64_t job_count_limit = 0;
  std::int64_t quotas = 0;
  std::vector<job_summary> jobs;
};

struct version_list {
  std::int64_t job_id = 0;
  std::string job_name;
  std::string job_desc;
  std::int64_t version_count = 0;
  std::vector<job_version> versions;
};

/// A saved job configuration (E13–E18).
struct job_config {
  std::string config_name; ///< 1–20 letters, digits, `-`, `_`
  std::string config_desc; ///< ≤ 256
  run_config config;
  std::int64_t create_time = 0; ///< filled by the service
  int engine_type = 0;
  std::string engine_name;
  std::string engine_version;
  boost::json::object extra;
};

/// Config and visualization lists: `per_page` 1–1000 (configs) or 1–100
/// (visualization jobs), `page` from 1.
struct config_query {
  int per_page = 10;
  int page = 1;
  std::string sort_by;
  std::string order;
  std::string search_content;
};

struct config_page {
  std::int64_t config_total_count = 0;
  std::vector<job_config> configs;
};

struct visualization_create_request {
  std::string job_name;  ///< 1–20 letters, digits, `-`, `_`
  std::string job_desc;  ///< ≤ 256
  std::string train_url; ///< OBS directory holding TensorBoard event files (required)
};

struct visualization_job {
  std::int64_t job_id = 0;
  std::string job_name;
  std::string job_desc;
  job_status status = job_status::unknown; ///< init, running, killed…
  std::int64_t create_time = 0;
  std::int64_t duration = 0;
  std::string train_url;
  std::string service_url; ///< the TensorBoard address while running
  std::string resource_id;
  boost::json::object extra;
};

struct visualization_query {
  std::optional<job_status> status;
  int per_page = 10;
  int page = 1;
  std::string sort_by;
  std::string order;
  std::string search_content;
};

struct visualization_page {
  std::int64_t job_total_count = 0;
  std::int64_t job_count_limit = 0;
  std::vector<visualization_job> jobs;
};

/// A preset algorithm a version may run with `run_config::model_id`.
struct built_in_algorithm {
  std::int64_t model_id = 0;
  std::string model_name;
  int model_usage = 0; ///< 1 image classification, 2 object detection, …
  std::string model_precision;
  std::int64_t model_size = 0; ///< bytes
  std::string model_train_dataset;
  std::string model_dataset_format;
  std::string model_description_url;
  std::vector<hyperparameter> parameters;
  std::int64_t create_time = 0;
  std::int64_t engine_id = 0;
  std::string engine_name;
  std::string engine_version;
  boost::json::object extra;
};

} // namespace modelarts::training::v1
