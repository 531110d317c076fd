// Models (ModelArts "AI applications"): what an import request carries and
// what the service says about a model (S1 §7, S0 §10). The REST paths are
// the inventory's inferred ones: /v1/{project_id}/models[/{model_id}].
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::models {

/// model_status values (S1 Table 7-13). Terminal: published, failed.
inline constexpr std::string_view status_publishing = "publishing";
inline constexpr std::string_view status_published = "published";
inline constexpr std::string_view status_failed = "failed";

/// One inference input or output parameter (`Params` in the Python SDK).
struct model_param {
  std::string url;        ///< the inference API path the parameter belongs to, e.g. "/"
  std::string param_name; ///< 1–64 characters
  /// On import: a JSON-schema base type (string, object, array, boolean,
  /// number, integer). The detail answer may use int, float, file... (S1 Table 7-13).
  std::string param_type;
  std::optional<double> min; ///< for number and integer parameters
  std::optional<double> max;
  std::string param_desc;    ///< at most 100 characters
};

/// A pip package the model needs (`Packages`).
struct package {
  std::string package_name;
  std::string package_version; ///< empty: any version
  std::string restraint;       ///< EXACT, ATLEAST or ATMOST; mandatory with a version
};

/// `Dependencies`: installer "pip" (the only one) and its packages.
struct dependency {
  std::string installer = "pip";
  std::vector<package> packages;
};

/// Where the model files are. LOCAL_SOURCE is a client-side notion: the
/// folder is uploaded to OBS first (model_client::publish_model), and the
/// service sees an OBS source.
enum class source_location_type { obs_source, local_source };

/// An import (create) request. Build it with one of the factories for the
/// three sources, then set the optional fields. model_client checks every
/// field before sending (see model_rules.hpp).
struct create_model_request {
  /// A model folder in OBS (the parent of `model/`): `/bucket/dir/` or `obs://bucket/dir/`.
  static create_model_request from_obs(std::string name, std::string version, std::string obs_folder,
                                       std::string model_type);
  /// The output of a training job: its OBS output folder plus the job's id
  /// (and version, for legacy jobs) for traceability.
  static create_model_request from_training_job(std::string name, std::string version, std::string job_output,
                                                std::string model_type, std::string job_id,
                                                std::string job_version = {});
  /// A custom image (SWR path); the inference server is built into the
  /// image, so model_type is "Image" and there is no execution code.
  static create_model_request from_image(std::string name, std::string version, std::string image_path);
  /// A local model folder (the parent of `model/`), for model_client::publish_model.
  static create_model_request from_local_folder(std::string name, std::string version, std::string local_folder,
                                                std::string model_type);

  /// 1–64 characters, letters, digits, '_' and '-', starting with a letter.
  /// Empty: the client makes one up ("model-" and 8 hex digits).
  std::string model_name;
  /// Three numbers 0–99 separated by dots, without leading zeros ("1.0.0", "0.1.0").
  std::string model_version;
  std::string source_location;
  source_location_type location_type = source_location_type::obs_source;
  /// TensorFlow, MXNet, Spark_MLlib, Scikit_Learn, XGBoost, MindSpore, Image, PyTorch.
  std::string model_type;
  std::string model_algorithm; ///< e.g. image_classification, object_detection, predict_analysis
  std::string description;     ///< at most 100 characters, none of !<>=&"'
  /// The OBS path of the inference script, a file named customize_service.py.
  std::string execution_code;
  std::string runtime;         ///< e.g. "python3.7"
  std::string source_job_id;
  std::string source_job_version;
  std::string source_type;     ///< empty, or "auto" for ExeML
  std::vector<model_param> input_params;
  std::vector<model_param> output_params;
  /// Overrides the dependencies of the package's config.json when not empty.
  std::vector<dependency> dependencies;
  std::string apis;            ///< the inference API list (a JSON text), as the seeds type it
  std::string workspace_id;    ///< empty: the default workspace "0"
  /// Further request fields, sent as they are (they never replace a field above).
  boost::json::object extra;
};

/// A model as the list and detail calls describe it (S1 Tables 7-7, 7-13).
struct model {
  std::string model_id;
  std::string model_name;
  std::string model_version;
  std::string model_type;
  std::string model_algorithm;
  std::string model_status; ///< publishing, published, failed
  /// Why publication failed (the service's `failed_msg`); empty otherwise.
  std::string failure_reason;
  std::int64_t model_size = 0; ///< bytes
  std::int64_t create_at = 0;  ///< milliseconds since 1970-01-01 UTC
  std::string tenant;
  std::string project;
  std::string owner;
  std::string description;
  std::string source_location;
  std::string source_job_id;
  std::string source_job_version;
  std::string source_type;
  std::string execution_code;
  std::string runtime;
  std::string schema_doc;    ///< download address of the model's schema file
  std::string image_address; ///< empty until an image is built
  std::vector<model_param> input_params;
  std::vector<model_param> output_params;
  std::vector<dependency> dependencies;
  std::string model_metrics; ///< a JSON text (f1, recall, precision, accuracy) when evaluated
  std::string apis;
  boost::json::object extra; ///< fields this SDK does not know yet

  [[nodiscard]] bool is_published() const { return model_status == status_published; }
  [[nodiscard]] bool is_failed() const { return model_status == status_failed; }
};

/// Filters, sort and page of a list call (S1 Table 7-7); empty fields are not sent.
/// (The {} initialisers let designated initialisers skip fields without
/// -Wmissing-field-initializers noise on g++ 12.)
struct list_models_query {
  std::string model_name{};    ///< fuzzy
  std::string model_version{};
  std::string model_status{};  ///< publishing, published, failed
  std::string description{};   ///< fuzzy
  std::size_t offset = 0;    ///< a page index, not a record offset
  std::size_t limit = 0;     ///< records per page; 0: the service's default (280)
  std::string sort_by{};       ///< create_at (service default), model_version, model_size
  std::string order{};         ///< asc, desc (service default)
  std::string workspace_id{};
};

/// One page of a list call.
struct model_list {
  std::int64_t total_count = 0; ///< models matching the filters, over all pages
  std::int64_t count = 0;       ///< models on this page
  std::vector<model> models;
};

} // namespace modelarts::models
