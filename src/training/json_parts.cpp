#include "training/json_parts.hpp"

#include "core/json_fields.hpp"

#include <boost/json/serialize.hpp>

#include <cctype>
#include <charconv>

namespace modelarts::training::json_parts {

namespace jf = json_fields;

void put_text(boost::json::object& o, std::string_view key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}

void merge_extra(boost::json::object& o, const boost::json::object& extra) {
  for (const auto& [k, v] : extra) o[k] = v;
}

std::optional<long long> loose_integer(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<long long>(v->get_uint64());
  if (v->is_double()) return static_cast<long long>(v->get_double());
  if (v->is_string()) {
    const auto s = v->get_string();
    long long out = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    // "30" and "30s" (a period in seconds) both read as 30.
    if (ec == std::errc{} && (ptr == s.data() + s.size() || std::string_view(ptr, 1) == "s")) return out;
  }
  return std::nullopt;
}

const boost::json::array* array_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

void keep_unreadable(boost::json::object& extra, const boost::json::object& o, std::string_view key, bool readable) {
  const auto* v = o.if_contains(key);
  if (v != nullptr && !readable) extra[key] = *v;
}

namespace {

parameter_constraint constraint_from(const boost::json::object& o) {
  parameter_constraint c;
  c.type = jf::text(o, "type");
  c.editable = jf::boolean(o, "editable", true);
  c.required = jf::boolean(o, "required", false);
  c.sensitive = jf::boolean(o, "sensitive", false);
  c.valid_type = jf::text(o, "valid_type");
  if (const auto* range = array_of(o, "valid_range")) {
    for (const auto& v : *range) {
      if (v.is_string()) c.valid_range.emplace_back(v.get_string());
      else if (v.is_number()) c.valid_range.push_back(boost::json::serialize(v));
    }
  }
  c.extra = jf::unknown_fields(o, {"type", "editable", "required", "sensitive", "valid_type", "valid_range"});
  return c;
}

boost::json::object to_json(const parameter_constraint& c) {
  boost::json::object o;
  o["type"] = c.type;
  o["editable"] = c.editable;
  o["required"] = c.required;
  o["sensitive"] = c.sensitive;
  put_text(o, "valid_type", c.valid_type);
  boost::json::array range;
  for (const auto& r : c.valid_range) range.emplace_back(r);
  o["valid_range"] = std::move(range);
  merge_extra(o, c.extra);
  return o;
}

} // namespace

parameter parameter_from(const boost::json::object& o) {
  parameter p;
  p.name = jf::text(o, "name");
  // The value may be a string or a number; absent (or null) is a bare flag.
  if (const auto* v = o.if_contains("value"); v != nullptr && !v->is_null()) {
    if (v->is_double()) {
      // Shortest form ("0.01"), not the serializer's exponent form ("1E-2").
      char buf[32];
      const auto end = std::to_chars(buf, buf + sizeof buf, v->get_double()).ptr;
      p.value = std::string(buf, end);
    } else {
      p.value = jf::text(o, "value");
    }
  }
  p.description = jf::text(o, "description");
  if (const auto* c = o.if_contains("constraint"); c != nullptr && c->is_object())
    p.constraint = constraint_from(c->get_object());
  p.extra = jf::unknown_fields(o, {"name", "value", "description", "constraint"});
  return p;
}

boost::json::object to_json(const parameter& p) {
  boost::json::object o;
  o["name"] = p.name;
  if (p.value) o["value"] = *p.value;
  if (!p.description.empty() || p.constraint) o["description"] = p.description;
  if (p.constraint) o["constraint"] = to_json(*p.constraint);
  merge_extra(o, p.extra);
  return o;
}

std::vector<parameter> parameters_from(const boost::json::object& o, std::string_view key) {
  return list_from<parameter>(o, key, parameter_from);
}

data_input input_from(const boost::json::object& o) {
  data_input in;
  in.name = jf::text(o, "name");
  in.description = jf::text(o, "description");
  in.local_dir = jf::text(o, "local_dir");
  const auto& remote = jf::object(o, "remote");
  if (const auto* obs = remote.if_contains("obs"); obs != nullptr && obs->is_object())
    in.obs_url = jf::text(obs->get_object(), "obs_url");
  if (const auto* ds = remote.if_contains("dataset"); ds != nullptr && ds->is_object()) {
    const auto& d = ds->get_object();
    in.dataset = dataset_source{jf::text(d, "id"), jf::text(d, "version_id"), jf::text(d, "obs_url")};
  }
  in.extra = jf::unknown_fields(o, {"name", "description", "local_dir", "remote"});
  return in;
}

boost::json::object to_json(const data_input& in) {
  boost::json::object o;
  o["name"] = in.name;
  put_text(o, "description", in.description);
  put_text(o, "local_dir", in.local_dir);
  boost::json::object remote;
  if (in.obs_url) remote["obs"] = boost::json::object{{"obs_url", *in.obs_url}};
  if (in.dataset) {
    boost::json::object d{{"id", in.dataset->id}, {"version_id", in.dataset->version_id}};
    put_text(d, "obs_url", in.dataset->obs_url);
    remote["dataset"] = std::move(d);
  }
  if (!remote.empty()) o["remote"] = std::move(remote);
  merge_extra(o, in.extra);
  return o;
}

data_output output_from(const boost::json::object& o) {
  data_output out;
  out.name = jf::text(o, "name");
  out.description = jf::text(o, "description");
  out.local_dir = jf::text(o, "local_dir");
  const auto& remote = jf::object(o, "remote");
  if (const auto* obs = remote.if_contains("obs"); obs != nullptr && obs->is_object())
    out.obs_url = jf::text(obs->get_object(), "obs_url");
  out.mode = jf::text(o, "mode");
  if (auto period = loose_integer(o.if_contains("period"))) out.period_seconds = static_cast<int>(*period);
  out.extra = jf::unknown_fields(o, {"name", "description", "local_dir", "remote", "mode", "period"});
  keep_unreadable(out.extra, o, "period", out.period_seconds.has_value());
  return out;
}

boost::json::object to_json(const data_output& out) {
  boost::json::object o;
  o["name"] = out.name;
  put_text(o, "description", out.description);
  put_text(o, "local_dir", out.local_dir);
  if (out.obs_url) o["remote"] = boost::json::object{{"obs", boost::json::object{{"obs_url", *out.obs_url}}}};
  put_text(o, "mode", out.mode);
  if (out.period_seconds) o["period"] = *out.period_seconds;
  merge_extra(o, out.extra);
  return o;
}

engine_ref engine_from(const boost::json::object& o) {
  engine_ref e;
  e.engine_id = jf::text(o, "engine_id");
  e.engine_name = jf::text(o, "engine_name");
  e.engine_version = jf::text(o, "engine_version");
  e.image_url = jf::text(o, "image_url");
  e.extra = jf::unknown_fields(o, {"engine_id", "engine_name", "engine_version", "image_url"});
  return e;
}

boost::json::object to_json(const engine_ref& e) {
  boost::json::object o;
  put_text(o, "engine_id", e.engine_id);
  put_text(o, "engine_name", e.engine_name);
  put_text(o, "engine_version", e.engine_version);
  put_text(o, "image_url", e.image_url);
  merge_extra(o, e.extra);
  return o;
}

std::map<std::string, std::string> string_map_from(const boost::json::object& o, std::string_view key) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : jf::object(o, key)) {
    (void)v;
    out.emplace(std::string(k), jf::text(jf::object(o, key), k));
  }
  return out;
}

boost::json::object to_json(const std::map<std::string, std::string>& m) {
  boost::json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

} // namespace modelarts::training::json_parts
