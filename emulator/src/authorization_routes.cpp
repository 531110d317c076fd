#include "authorization_routes.hpp"

#include "cloud_errors.hpp"
#include "request_auth.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

constexpr std::string_view all_users = "all-users";

/// Agencies and authorizations of the emulator's one account.
class authorization_book {
public:
  /// False when the agency exists already.
  bool add_agency(const std::string& name) {
    std::lock_guard lock(mutex_);
    return agencies_.insert(name).second;
  }
  [[nodiscard]] bool has_agency(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return agencies_.contains(name);
  }
  /// Replaces the user's authorization if there is one.
  void set(json::object entry) {
    std::lock_guard lock(mutex_);
    const auto user = entry.at("user_id").as_string();
    std::erase_if(entries_, [&](const json::object& e) { return e.at("user_id").as_string() == user; });
    entries_.push_back(std::move(entry));
  }
  [[nodiscard]] json::array list() const {
    std::lock_guard lock(mutex_);
    return json::array(entries_.begin(), entries_.end());
  }
  /// False when the user had none; "all-users" clears every authorization.
  bool remove(std::string_view user) {
    std::lock_guard lock(mutex_);
    if (user == all_users) {
      entries_.clear();
      return true;
    }
    return std::erase_if(entries_, [&](const json::object& e) { return e.at("user_id").as_string() == user; }) > 0;
  }

private:
  mutable std::mutex mutex_;
  std::set<std::string> agencies_{"modelarts_agency"};
  std::vector<json::object> entries_;
};

std::optional<http::response> check_project(const emulator_state& state, const path_params& params) {
  if (params.get("project_id") == state.settings().project_id) return std::nullopt;
  return apig_error(404, "ModelArts.0104", "The project does not exist or is not accessible.");
}

http::response invalid(std::string_view message) { return apig_error(400, "ModelArts.3101", message); }

json::value parse_body(const http::request& req) {
  json::error_code ec;
  auto v = json::parse(req.body, ec);
  return ec ? json::value() : v;
}

std::string text(const json::value& body, std::string_view key) {
  if (!body.is_object()) return {};
  const auto* v = body.get_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

http::response create_agency(authorization_book& book, const http::request& req) {
  const auto suffix = text(parse_body(req), "agency_name_suffix");
  if (suffix.empty() || suffix.size() > 54) return invalid("agency_name_suffix must have 1 to 54 characters.");
  const bool allowed = std::all_of(suffix.begin(), suffix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  if (!allowed) return invalid("agency_name_suffix may contain only letters, digits, '_' and '-'.");
  const auto name = "ma_agency_" + suffix;
  if (!book.add_agency(name)) return apig_error(400, "ModelArts.3104", "Agency " + name + " already exists.");
  json::object answer;
  answer["agency_name"] = name;
  return json_response(200, json::serialize(answer));
}

http::response set_authorization(authorization_book& book, const emulator_state& state, const http::request& req) {
  const auto body = parse_body(req);
  const auto user = text(body, "user_id");
  const auto type = text(body, "type");
  const auto content = text(body, "content");
  if (user.empty()) return invalid("user_id is mandatory.");
  if (type != "agency" && type != "credential") return invalid("type must be agency or credential.");
  if (content.empty()) return invalid("content is mandatory.");
  if (type == "agency" && !book.has_agency(content))
    return apig_error(400, "ModelArts.3103", "Agency " + content + " does not exist.");
  json::object entry;
  entry["create_time"] =
      std::chrono::duration_cast<std::chrono::milliseconds>(state.now().time_since_epoch()).count();
  entry["user_id"] = user;
  entry["user_name"] = user == all_users ? json::value(all_users) : json::value(nullptr);
  entry["type"] = type;
  entry["content"] = content;
  book.set(std::move(entry));
  return json_response(200, R"({"result":true})");
}

http::response list_authorizations(const authorization_book& book) {
  json::object answer;
  auto entries = book.list();
  answer["total_count"] = entries.size();
  answer["auth"] = std::move(entries);
  return json_response(200, json::serialize(answer));
}

http::response delete_authorization(authorization_book& book, const http::request& req) {
  std::string user;
  for (const auto& p : req.query) {
    if (p.key == "user_id") user = p.value;
  }
  if (user.empty()) return invalid("The user_id query parameter is mandatory.");
  if (!book.remove(user)) return apig_error(404, "ModelArts.3102", "No authorization for user " + user + ".");
  if (user == all_users) {
    return json_response(200, R"({"result":true,"success_message":"Delete all-users auth info successfully!"})");
  }
  return json_response(200, R"({"result":true})");
}

template <class F>
handler guarded(emulator_state& state, F answer) {
  return require_apig_auth(state, [&state, answer](const http::request& req, const path_params& params) {
    if (auto refused = check_project(state, params)) return std::move(*refused);
    return answer(req);
  });
}

} // namespace

void add_authorization_routes(router& routes, emulator_state& state) {
  auto book = std::make_shared<authorization_book>();
  routes.add("POST", "/v2/{project_id}/agency",
             guarded(state, [book](const http::request& req) { return create_agency(*book, req); }));
  routes.add("POST", "/v2/{project_id}/authorizations", guarded(state, [book, &state](const http::request& req) {
               return set_authorization(*book, state, req);
             }));
  routes.add("GET", "/v2/{project_id}/authorizations",
             guarded(state, [book](const http::request&) { return list_authorizations(*book); }));
  routes.add("DELETE", "/v2/{project_id}/authorizations",
             guarded(state, [book](const http::request& req) { return delete_authorization(*book, req); }));
}

} // namespace modelarts::emulator
