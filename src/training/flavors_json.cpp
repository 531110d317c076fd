#include "training/flavors_json.hpp"

#include "core/json_fields.hpp"
#include "modelarts/error.hpp"

namespace modelarts::training {
namespace {

namespace jf = json_fields;

const boost::json::array& array_field(const boost::json::object& body, std::string_view key, const char* what) {
  const auto* v = body.if_contains(key);
  if (v == nullptr || !v->is_array())
    throw boost::system::system_error(make_error_code(errc::malformed_response),
                                      std::string(what) + ": no '" + std::string(key) + "' array in the response");
  return v->get_array();
}

std::optional<quantity> quantity_from(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_object()) return std::nullopt;
  return quantity{jf::number(v->get_object(), "size"), jf::text(v->get_object(), "unit")};
}

flavor flavor_from(const boost::json::object& o) {
  flavor f;
  f.flavor_id = jf::text(o, "flavor_id");
  f.flavor_name = jf::text(o, "flavor_name");
  f.flavor_type = jf::text(o, "flavor_type");
  const auto& billing = jf::object(o, "billing");
  f.billing_code = jf::text(billing, "code");
  f.billing_unit_num = static_cast<int>(jf::integer(billing, "unit_num"));
  const auto& info = jf::object(o, "flavor_info");
  f.info.max_num = static_cast<int>(jf::integer(info, "max_num"));
  const auto& cpu = jf::object(info, "cpu");
  f.info.cpu_arch = jf::text(cpu, "arch");
  f.info.cpu_core_num = static_cast<int>(jf::integer(cpu, "core_num"));
  const auto& gpu = jf::object(info, "gpu");
  f.info.gpu_type = jf::text(gpu, "type");
  f.info.gpu_unit_num = static_cast<int>(jf::integer(gpu, "unit_num"));
  const auto& npu = jf::object(info, "npu");
  f.info.npu_type = jf::text(npu, "type");
  f.info.npu_unit_num = static_cast<int>(jf::integer(npu, "unit_num"));
  f.info.memory = quantity_from(info, "memory");
  f.info.disk = quantity_from(info, "disk");
  f.extra = jf::unknown_fields(o, {"flavor_id", "flavor_name", "flavor_type", "billing", "flavor_info"});
  return f;
}

engine engine_from(const boost::json::object& o) {
  engine e;
  e.engine_id = jf::text(o, "engine_id");
  e.engine_name = jf::text(o, "engine_name");
  e.engine_version = jf::text(o, "engine_version");
  e.v1_compatible = jf::boolean(o, "v1_compatible");
  e.run_user = jf::text(o, "run_user");
  if (const auto* tags = o.if_contains("tags"); tags != nullptr && tags->is_array()) {
    for (const auto& t : tags->get_array()) {
      if (t.is_object()) e.tags.push_back({jf::text(t.get_object(), "key"), jf::text(t.get_object(), "value")});
    }
  }
  const auto& image = jf::object(o, "image_info");
  e.cpu_image_url = jf::text(image, "cpu_image_url");
  e.gpu_image_url = jf::text(image, "gpu_image_url");
  e.image_version = jf::text(image, "image_version");
  e.extra = jf::unknown_fields(
      o, {"engine_id", "engine_name", "engine_version", "v1_compatible", "run_user", "tags", "image_info"});
  return e;
}

} // namespace

std::vector<flavor> flavors_from_json(const boost::json::object& body) {
  std::vector<flavor> out;
  for (const auto& item : array_field(body, "flavors", "list flavors")) {
    if (item.is_object()) out.push_back(flavor_from(item.get_object()));
  }
  return out;
}

std::vector<engine> engines_from_json(const boost::json::object& body) {
  std::vector<engine> out;
  for (const auto& item : array_field(body, "items", "list engines")) {
    if (item.is_object()) out.push_back(engine_from(item.get_object()));
  }
  return out;
}

} // namespace modelarts::training
