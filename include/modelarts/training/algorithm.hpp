// Stored algorithms (`/v2/{project_id}/algorithms`): code, engine, channels and
// default run parameters a training job can refer to by id.
#pragma once

#include <modelarts/training/job.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace modelarts::training {

/// What `create_algorithm` and `update_algorithm` send (`metadata` + `job_config`).
/// Code (`code_dir` + `boot_file` + engine) or a custom image (`engine.image_url`
/// + `command`). Inputs and outputs name the channels only; a job gives their
/// OBS locations.
struct algorithm_request {
  std::string name;        ///< 1–64 characters: letters, digits, '_' and '-'
  std::string description;
  std::string code_dir;
  std::string boot_file;
  std::string command;
  engine_ref engine;
  std::vector<parameter> parameters; ///< defaults, with constraints
  bool parameters_customization = true;
  std::vector<data_input> inputs;
  std::vector<data_output> outputs;
  std::map<std::string, std::string> environments;
};

struct algorithm_metadata {
  std::string id;
  std::string name;
  std::string description;
  std::int64_t create_time_ms = 0;
  std::int64_t update_time_ms = 0;
  std::string workspace_id;
  std::string user_name;
  std::string source; ///< "custom"
  boost::json::object extra; ///< domain_id, is_valid, size, version_num...
};

/// A stored algorithm as the service describes it.
struct algorithm {
  algorithm_metadata metadata;
  std::string code_dir;
  std::string boot_file;
  std::string command;
  std::vector<parameter> parameters;
  std::optional<bool> parameters_customization;
  std::vector<data_input> inputs;
  std::vector<data_output> outputs;
  std::optional<engine_ref> engine;
  std::map<std::string, std::string> environments;
  boost::json::object job_config_extra; ///< code_tree...
  boost::json::object extra;            ///< share_info, resource_requirements, advanced_config...

  [[nodiscard]] const std::string& id() const { return metadata.id; }
};

/// `GET /v2/{project_id}/algorithms?offset=&limit=`; offset counts records.
struct algorithm_query {
  int offset = 0;
  int limit = 50;
};

struct algorithm_list {
  std::int64_t total = 0;
  std::int64_t count = 0;
  std::vector<algorithm> items;
};

} // namespace modelarts::training
