#include "models/model_json.hpp"

#include "core/json_fields.hpp"
#include "modelarts/error.hpp"

#include <boost/json.hpp>

namespace modelarts::models {

namespace {

namespace json = boost::json;
namespace jf = json_fields;

void put_text(json::object& o, std::string_view key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}

json::array params_to_json(const std::vector<model_param>& params) {
  json::array out;
  for (const auto& p : params) {
    json::object o;
    o["url"] = p.url;
    o["param_name"] = p.param_name;
    o["param_type"] = p.param_type;
    if (p.min) o["min"] = *p.min;
    if (p.max) o["max"] = *p.max;
    put_text(o, "param_desc", p.param_desc);
    out.push_back(std::move(o));
  }
  return out;
}

json::array dependencies_to_json(const std::vector<dependency>& dependencies) {
  json::array out;
  for (const auto& d : dependencies) {
    json::array packages;
    for (const auto& p : d.packages) {
      json::object o;
      o["package_name"] = p.package_name;
      put_text(o, "package_version", p.package_version);
      put_text(o, "restraint", p.restraint);
      packages.push_back(std::move(o));
    }
    json::object o;
    o["installer"] = d.installer;
    o["packages"] = std::move(packages);
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<double> optional_number(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_number()) return v->to_number<double>();
  if (v->is_string()) {
    try {
      return std::stod(std::string(v->get_string()));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

const json::array* array_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

std::vector<model_param> params_from_json(const json::object& o, std::string_view key) {
  std::vector<model_param> out;
  if (const auto* items = array_of(o, key)) {
    for (const auto& item : *items) {
      if (!item.is_object()) continue;
      const auto& p = item.get_object();
      out.push_back({jf::text(p, "url"), jf::text(p, "param_name"), jf::text(p, "param_type"),
                     optional_number(p, "min"), optional_number(p, "max"), jf::text(p, "param_desc")});
    }
  }
  return out;
}

std::vector<dependency> dependencies_from_json(const json::object& o) {
  std::vector<dependency> out;
  if (const auto* items = array_of(o, "dependencies")) {
    for (const auto& item : *items) {
      if (!item.is_object()) continue;
      dependency d;
      d.installer = jf::text(item.get_object(), "installer");
      if (const auto* packages = array_of(item.get_object(), "packages")) {
        for (const auto& p : *packages) {
          if (!p.is_object()) continue;
          const auto& po = p.get_object();
          d.packages.push_back(
              {jf::text(po, "package_name"), jf::text(po, "package_version"), jf::text(po, "restraint")});
        }
      }
      out.push_back(std::move(d));
    }
  }
  return out;
}

/// A field the seeds type as String that a service may send as JSON: kept as JSON text.
std::string json_text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (v->is_object() || v->is_array()) return json::serialize(*v);
  return jf::text(o, key);
}

} // namespace

std::string rest_obs_path(std::string_view path) {
  for (std::string_view scheme : {"obs://", "s3://"}) {
    if (path.starts_with(scheme)) return "/" + std::string(path.substr(scheme.size()));
  }
  return std::string(path);
}

json::object to_json(const create_model_request& r) {
  json::object o;
  o["model_name"] = r.model_name;
  o["model_version"] = r.model_version;
  o["source_location"] = r.model_type == "Image" ? r.source_location : rest_obs_path(r.source_location);
  o["model_type"] = r.model_type;
  put_text(o, "model_algorithm", r.model_algorithm);
  put_text(o, "description", r.description);
  put_text(o, "execution_code", rest_obs_path(r.execution_code));
  put_text(o, "runtime", r.runtime);
  put_text(o, "source_job_id", r.source_job_id);
  put_text(o, "source_job_version", r.source_job_version);
  put_text(o, "source_type", r.source_type);
  if (!r.input_params.empty()) o["input_params"] = params_to_json(r.input_params);
  if (!r.output_params.empty()) o["output_params"] = params_to_json(r.output_params);
  if (!r.dependencies.empty()) o["dependencies"] = dependencies_to_json(r.dependencies);
  put_text(o, "apis", r.apis);
  put_text(o, "workspace_id", r.workspace_id);
  for (const auto& [key, value] : r.extra) {
    if (!o.contains(key)) o[key] = value;
  }
  return o;
}

create_model_request create_request_from_json(const json::object& o) {
  create_model_request r;
  r.model_name = jf::text(o, "model_name");
  r.model_version = jf::text(o, "model_version");
  r.source_location = jf::text(o, "source_location");
  r.model_type = jf::text(o, "model_type");
  r.model_algorithm = jf::text(o, "model_algorithm");
  r.description = jf::text(o, "description");
  r.execution_code = jf::text(o, "execution_code");
  r.runtime = jf::text(o, "runtime");
  r.source_job_id = jf::text(o, "source_job_id");
  r.source_job_version = jf::text(o, "source_job_version");
  r.source_type = jf::text(o, "source_type");
  r.input_params = params_from_json(o, "input_params");
  r.output_params = params_from_json(o, "output_params");
  r.dependencies = dependencies_from_json(o);
  r.apis = json_text(o, "apis");
  r.workspace_id = jf::text(o, "workspace_id");
  r.extra = jf::unknown_fields(o, {"model_name", "model_version", "source_location", "model_type",
                                   "model_algorithm", "description", "execution_code", "runtime", "source_job_id",
                                   "source_job_version", "source_type", "input_params", "output_params",
                                   "dependencies", "apis", "workspace_id"});
  return r;
}

model model_from_json(const json::object& o) {
  model m;
  m.model_id = jf::text(o, "model_id");
  m.model_name = jf::text(o, "model_name");
  m.model_version = jf::text(o, "model_version");
  m.model_type = jf::text(o, "model_type");
  m.model_algorithm = jf::text(o, "model_algorithm");
  m.model_status = jf::text(o, "model_status");
  m.failure_reason = jf::text(o, "failed_msg");
  m.model_size = jf::integer(o, "model_size");
  m.create_at = jf::integer(o, "create_at");
  m.tenant = jf::text(o, "tenant");
  m.project = jf::text(o, "project");
  m.owner = jf::text(o, "owner");
  m.description = jf::text(o, "description");
  m.source_location = jf::text(o, "source_location");
  m.source_job_id = jf::text(o, "source_job_id");
  m.source_job_version = jf::text(o, "source_job_version");
  m.source_type = jf::text(o, "source_type");
  m.execution_code = jf::text(o, "execution_code");
  m.runtime = jf::text(o, "runtime");
  m.schema_doc = jf::text(o, "schema_doc");
  m.image_address = jf::text(o, "image_address");
  m.input_params = params_from_json(o, "input_params");
  m.output_params = params_from_json(o, "output_params");
  m.dependencies = dependencies_from_json(o);
  m.model_metrics = json_text(o, "model_metrics");
  m.apis = json_text(o, "apis");
  m.extra = jf::unknown_fields(
      o, {"model_id", "model_name", "model_version", "model_type", "model_algorithm", "model_status", "failed_msg",
          "model_size", "create_at", "tenant", "project", "owner", "description", "source_location",
          "source_job_id", "source_job_version", "source_type", "execution_code", "runtime", "schema_doc",
          "image_address", "input_params", "output_params", "dependencies", "model_metrics", "apis"});
  return m;
}

model_list model_list_from_json(const json::object& o) {
  const auto* items = array_of(o, "models");
  if (items == nullptr)
    throw boost::system::system_error(make_error_code(errc::malformed_response),
                                      "list models: no 'models' array in the response");
  model_list out;
  for (const auto& item : *items) {
    if (item.is_object()) out.models.push_back(model_from_json(item.get_object()));
  }
  out.count = jf::integer(o, "count", static_cast<long long>(out.models.size()));
  out.total_count = jf::integer(o, "total_count", out.count);
  return out;
}

std::string model_id_from_json(const json::object& o) {
  auto id = jf::text(o, "model_id");
  if (id.empty())
    throw boost::system::system_error(make_error_code(errc::malformed_response),
                                      "create model: no 'model_id' in the response");
  return id;
}

} // namespace modelarts::models
