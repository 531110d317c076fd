#include "training_v1_request_check.hpp"

#include "training_v1_store.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

bool name_ok(const json::value* v, std::size_t max_length) {
  if (v == nullptr || !v->is_string()) return false;
  const auto& s = v->get_string();
  if (s.empty() || s.size() > max_length) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> text_problem(const json::object& o, std::string_view key, std::size_t max_length) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string() || v->get_string().size() > max_length)
    return std::string(key) + " must be a string of at most " + std::to_string(max_length) + " characters.";
  return std::nullopt;
}

bool non_empty_text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() && !v->get_string().empty();
}

std::optional<std::int64_t> integer_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  json::error_code ec;
  const auto n = v->to_number<std::int64_t>(ec);
  if (ec) return std::nullopt;
  return n;
}

std::optional<std::string> run_config_problem(const json::object& c) {
  if (c.contains("worker_server_num")) {
    const auto n = integer_of(c, "worker_server_num");
    if (!n || *n < 1) return "worker_server_num must be an integer of 1 or more.";
  }
  for (const auto key : {"spec_id", "engine_id", "model_id"}) {
    if (c.contains(key) && !integer_of(c, key)) return std::string(key) + " must be an integer.";
  }
  if (const auto* p = c.if_contains("parameter")) {
    if (!p->is_array()) return "parameter must be an array of {label, value}.";
    for (const auto& item : p->get_array()) {
      if (!item.is_object() || !non_empty_text(item.get_object(), "label") ||
          !item.get_object().contains("value") || !item.get_object().at("value").is_string())
        return "parameter items must be {\"label\": string, \"value\": string}.";
    }
  }
  const bool own_code = non_empty_text(c, "app_url") && non_empty_text(c, "boot_file_url");
  const auto model_id = integer_of(c, "model_id").value_or(0);
  const bool own_image = non_empty_text(c, "user_image_url") && non_empty_text(c, "user_command");
  if (!own_code && model_id == 0 && !own_image)
    return "config needs app_url and boot_file_url, model_id, or user_image_url and user_command.";
  if (model_id != 0 && !training_v1_store::known_algorithm(model_id))
    return "model_id " + std::to_string(model_id) + " is not a built-in algorithm.";
  return std::nullopt;
}

const json::object* config_of(const json::object& body) {
  const auto* c = body.if_contains("config");
  return c != nullptr && c->is_object() ? &c->get_object() : nullptr;
}

bool parse_size(std::string_view text, std::size_t& out) {
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  return r.ec == std::errc() && r.ptr == end;
}

} // namespace

std::optional<std::string> job_create_problem(const json::object& body) {
  if (!name_ok(body.if_contains("job_name"), 64))
    return "job_name must be 1-64 letters, digits, '-' or '_'.";
  if (auto p = text_problem(body, "job_desc", 256)) return p;
  const auto* config = config_of(body);
  if (config == nullptr) return "config must be an object.";
  return run_config_problem(*config);
}

std::optional<std::string> version_create_problem(const json::object& body) {
  if (auto p = text_problem(body, "job_desc", 256)) return p;
  const auto* config = config_of(body);
  if (config == nullptr) return "config must be an object.";
  const auto pre = integer_of(*config, "pre_version_id");
  if (!pre || *pre <= 0) return "config.pre_version_id must be a positive integer.";
  return run_config_problem(*config);
}

std::optional<std::string> job_config_problem(const json::object& body, bool with_name) {
  if (with_name && !name_ok(body.if_contains("config_name"), 20))
    return "config_name must be 1-20 letters, digits, '-' or '_'.";
  if (auto p = text_problem(body, "config_desc", 256)) return p;
  return run_config_problem(body);
}

std::optional<std::string> visualization_create_problem(const json::object& body) {
  if (!name_ok(body.if_contains("job_name"), 20))
    return "job_name must be 1-20 letters, digits, '-' or '_'.";
  if (auto p = text_problem(body, "job_desc", 256)) return p;
  const auto* config = config_of(body);
  if (config == nullptr || !non_empty_text(*config, "train_url"))
    return "config.train_url is required.";
  return std::nullopt;
}

std::optional<std::string> description_problem(const json::object& body) {
  if (!body.contains("job_desc")) return "job_desc is required.";
  return text_problem(body, "job_desc", 256);
}

std::optional<std::string> read_list_query(const http::request& req, std::size_t max_per_page, v1_list_query& out) {
  for (const auto& p : req.query) {
    if (p.key == "status") {
      std::size_t status = 0;
      if (!parse_size(p.value, status) || status > 22) return "status must be a status code 0-22.";
      out.status = static_cast<int>(status);
    } else if (p.key == "per_page") {
      if (!parse_size(p.value, out.per_page) || out.per_page < 1 || out.per_page > max_per_page)
        return "per_page must be 1-" + std::to_string(max_per_page) + ".";
    } else if (p.key == "page") {
      if (!parse_size(p.value, out.page) || out.page < 1 || out.page > 1'000'000) return "page must be 1 or more.";
    } else if (p.key == "sortBy" || p.key == "sort_by") {
      out.sort_by = p.value;
    } else if (p.key == "order") {
      if (p.value != "asc" && p.value != "desc") return "order must be asc or desc.";
      out.ascending = p.value == "asc";
    } else if (p.key == "search_content") {
      if (p.value.size() > 100) return "search_content must be at most 100 characters.";
      out.search_content = p.value;
    }
  }
  return std::nullopt;
}

} // namespace modelarts::emulator
