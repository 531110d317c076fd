// Real-time and batch services: what a deployment asks for and what the
// service reports (S1 §8, tables 8-2 … 8-15). Plain structs; fields the SDK
// does not map survive in `extra`.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace modelarts::services {

/// `infer_type` values.
inline constexpr const char* real_time = "real-time";
inline constexpr const char* batch = "batch";

/// One model behind a real-time service (ServiceConfig). The request fields
/// come first; the rest are filled in by the service's answers.
struct service_config {
  std::string model_id;
  /// Share of the traffic in percent; the weights of a service sum to 100.
  int weight = 100;
  /// e.g. `modelarts.vm.cpu.2u`, `modelarts.vm.gpu.p4`, `modelarts.vm.ai1.a310`.
  std::string specification;
  /// 1–5 (more only through a service ticket).
  int instance_count = 1;
  std::map<std::string, std::string> envs;

  // Reported by the service.
  std::string model_name;
  std::string model_version;
  std::string source_type;
  /// `ready` (all instances started), `concerning` (some), `notReady` (none).
  std::string status;
  bool scaling = false;
  boost::json::object extra;
};

/// The one model behind a batch service (TransformerConfig).
struct transformer_config {
  std::string model_id;
  std::string specification;
  int instance_count = 1;
  std::map<std::string, std::string> envs;
  std::string src_path;  ///< OBS folder of the input
  std::string dest_path; ///< OBS folder of the output
  /// The model's inference API the inputs are sent to (`/` for built-in images).
  std::string req_uri = "/";
  /// `file`: one request per file; `csv`: one request per CSV row, mapped by `mapping_rule`.
  std::string mapping_type = "file";
  /// CSV column mapping (required for `csv`, absent for `file`).
  boost::json::object mapping_rule;

  // Reported by the service.
  std::string model_name;
  std::string model_version;
  boost::json::object extra;
};

/// Auto-stop schedule of a real-time service: stop after `duration` `time_unit`.
struct schedule {
  std::string op_type = "stop";      ///< only `stop`
  std::string time_unit = "HOURS";   ///< `DAYS`, `HOURS` or `MINUTES`
  long long duration = 1;            ///< > 0
};

/// Custom networking: all three or none (a VPC needs its subnet and security group).
struct network {
  std::string vpc_id;
  std::string subnet_network_id;
  /// Must allow inbound TCP 8080 from 0.0.0.0/0 (not checked by the SDK).
  std::string security_group_id;
};

/// Deploy a real-time service (`deploy_predictor`).
struct deploy_request {
  std::string service_name; ///< 1–64: a letter first, then letters, digits, `-`, `_`
  std::string description;  ///< ≤ 100 characters
  std::vector<service_config> configs; ///< ≥ 1; weights sum to 100; distinct models
  std::optional<network> vpc;
  std::string cluster_id;   ///< dedicated resource pool; wins over `vpc` server-side
  std::string pool_name;
  std::vector<schedule> schedules;
};

/// Deploy a batch service (`deploy_transformer`).
struct batch_deploy_request {
  std::string service_name;
  std::string description;
  transformer_config config; ///< a batch service runs exactly one model
  std::optional<network> vpc;
  std::string cluster_id;
};

/// What the deploy call answers.
struct deploy_result {
  std::string service_id;
  std::string service_name;
  std::string resource_ids;
  boost::json::object extra;
};

/// A service as `get` (S1 Table 8-7) or a list (Table 8-15) reports it.
struct service {
  std::string service_id;
  std::string service_name;
  std::string description;
  std::string tenant;
  std::string project;
  std::string owner;
  std::int64_t publish_at = 0; ///< ms since the epoch
  std::string infer_type;
  std::string vpc_id;
  std::string subnet_network_id;
  std::string security_group_id;
  std::string cluster_id;
  /// `deploying`, `running`, `concerning`, `failed`, `stopped`, `finished`
  /// (batch), transient `stopping`, `deleting`, `waiting`.
  std::string status;
  std::string error_msg; ///< why, when `failed`
  int progress = 0;      ///< percent, while `deploying`
  /// Where predictions go (real-time only): see inference::predictor.
  std::string access_address;
  long long invocation_times = 0;
  long long failed_times = 0;
  bool is_shared = false;
  long long shared_count = 0;
  std::vector<service_config> configs;           ///< real-time services
  std::vector<transformer_config> batch_configs; ///< batch services
  boost::json::object extra;
};

/// Filters of the service list (S1 Table 8-10). Empty fields are not sent.
struct service_query {
  std::string service_id;
  std::string service_name;
  std::string infer_type;      ///< `real-time` or `batch`
  std::string service_status;
  std::string model_id;
  std::string sort_by;         ///< `publish_at` (default) or `service_name`
  std::string order;           ///< `asc` or `desc` (default)
  /// The page to read, counted from 0 (the service's `offset`).
  std::size_t offset = 0;
  /// Services per page, 1–1000 (the service's default is 1000).
  std::size_t limit = 1000;
};

struct service_page {
  long long total_count = 0;
  long long count = 0;
  std::vector<service> services;
};

/// `update_service_config`: description, start/stop, or new model configs.
/// A status change and a config change cannot go in the same call.
struct service_update {
  std::optional<std::string> description; ///< ≤ 100 characters
  std::optional<std::string> status;      ///< `running` or `stopped`
  /// New configuration of a real-time service (same rules as deploy).
  std::optional<std::vector<service_config>> configs;
  /// New configuration of a batch service.
  std::optional<transformer_config> batch_config;
};

/// One model's new value in a property update.
struct property_value {
  std::string model_id;
  long long changed_value = 0;
};

/// `PUT …/services/{id}/property` (S3): only `instance_count` can change.
struct property_update {
  std::string changed_property = "instance_count";
  std::vector<property_value> configs;
};

/// Answer of an update: `update_time` only when a configuration upgrade started.
struct update_result {
  std::string update_time;
  std::string resource_ids;
  boost::json::object extra;
};

struct model_monitor {
  std::string model_id;
  std::string model_name;
  std::string model_version;
  long long invocation_times = 0;
  long long failed_times = 0;
  double cpu_core_usage = 0;
  double cpu_core_total = 0;
  long long cpu_memory_usage = 0; ///< MB
  long long cpu_memory_total = 0; ///< MB
  double gpu_usage = 0;
  double gpu_total = 0;
};

struct service_monitor {
  std::string service_id;
  std::string service_name;
  std::vector<model_monitor> monitors;
};

/// One deployment or update of the service.
struct service_log {
  std::int64_t update_time = 0; ///< ms since the epoch
  std::string result;           ///< `SUCCESS`, `FAIL` or `RUNNING`
  std::vector<service_config> config;
  boost::json::object extra;
};

struct service_logs {
  std::string service_id;
  std::string service_name;
  std::vector<service_log> logs;
};

} // namespace modelarts::services
