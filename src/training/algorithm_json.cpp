#include "training/algorithm_json.hpp"

#include "core/json_fields.hpp"
#include "training/json_parts.hpp"

namespace modelarts::training {

namespace jf = json_fields;
namespace jp = json_parts;
using boost::json::object;

algorithm algorithm_from_json(const object& o) {
  algorithm a;
  const auto& m = jf::object(o, "metadata");
  a.metadata.id = jf::text(m, "id");
  a.metadata.name = jf::text(m, "name");
  a.metadata.description = jf::text(m, "description");
  a.metadata.create_time_ms = jf::integer(m, "create_time");
  a.metadata.update_time_ms = jf::integer(m, "update_time");
  a.metadata.workspace_id = jf::text(m, "workspace_id");
  a.metadata.user_name = jf::text(m, "user_name");
  a.metadata.source = jf::text(m, "source");
  a.metadata.extra = jf::unknown_fields(m, {"id", "name", "description", "create_time", "update_time",
                                            "workspace_id", "user_name", "source"});
  const auto& c = jf::object(o, "job_config");
  a.code_dir = jf::text(c, "code_dir");
  a.boot_file = jf::text(c, "boot_file");
  a.command = jf::text(c, "command");
  a.parameters = jp::parameters_from(c, "parameters");
  if (const auto* v = c.if_contains("parameters_customization"); v != nullptr && !v->is_null())
    a.parameters_customization = jf::boolean(c, "parameters_customization");
  a.inputs = jp::list_from<data_input>(c, "inputs", jp::input_from);
  a.outputs = jp::list_from<data_output>(c, "outputs", jp::output_from);
  if (const auto* e = c.if_contains("engine"); e != nullptr && e->is_object()) a.engine = jp::engine_from(e->get_object());
  a.environments = jp::string_map_from(c, "environments");
  a.job_config_extra = jf::unknown_fields(c, {"code_dir", "boot_file", "command", "parameters",
                                              "parameters_customization", "inputs", "outputs", "engine",
                                              "environments"});
  a.extra = jf::unknown_fields(o, {"metadata", "job_config"});
  return a;
}

object algorithm_request_to_json(const algorithm_request& r) {
  object metadata{{"name", r.name}};
  metadata["description"] = r.description;
  object config;
  jp::put_text(config, "code_dir", r.code_dir);
  jp::put_text(config, "boot_file", r.boot_file);
  jp::put_text(config, "command", r.command);
  config["engine"] = jp::to_json(r.engine);
  config["parameters"] = jp::array_to_json(r.parameters);
  config["parameters_customization"] = r.parameters_customization;
  config["inputs"] = jp::array_to_json(r.inputs);
  config["outputs"] = jp::array_to_json(r.outputs);
  if (!r.environments.empty()) config["environments"] = jp::to_json(r.environments);
  return object{{"metadata", std::move(metadata)},
                {"job_config", std::move(config)},
                {"resource_requirements", boost::json::array{}}};
}

algorithm_list algorithm_list_from_json(const object& o) {
  algorithm_list l;
  l.total = jf::integer(o, "total");
  l.count = jf::integer(o, "count", l.total);
  l.items = jp::list_from<algorithm>(o, "items", algorithm_from_json);
  return l;
}

} // namespace modelarts::training
