// IAM's token service: POST /v3/auth/tokens with the password method.
#include "routes.hpp"

#include "cloud_errors.hpp"

#include "auth/crypto.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace modelarts::emulator {

namespace {

namespace json = boost::json;

/// `2024-05-01T12:00:00.123Z`, the form IAM's expires_at takes.
std::string iso8601_ms(clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[80]; // room for any int the format could print
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return text;
}

/// A stable id derived from a name, in IAM's 32-hex-digit form.
std::string id_for(std::string_view kind, std::string_view name) {
  return auth::sha256_hex(std::string(kind) + ':' + std::string(name)).substr(0, 32);
}

std::string_view string_at(const json::value* v, std::initializer_list<std::string_view> path) {
  for (const auto key : path) {
    if (!v || !v->is_object()) return {};
    v = v->as_object().if_contains(key);
  }
  if (!v || !v->is_string()) return {};
  return v->as_string();
}

http::response issue_token(emulator_state& state, const http::request& req) {
  json::error_code ec;
  const json::value body = json::parse(req.body, ec);
  if (ec || !body.is_object()) return iam_error(400, "The request body is not valid JSON.");
  const json::value* auth = body.as_object().if_contains("auth");
  const json::value* identity = auth && auth->is_object() ? auth->as_object().if_contains("identity") : nullptr;
  const json::value* methods = identity && identity->is_object() ? identity->as_object().if_contains("methods") : nullptr;
  const bool password_method = methods && methods->is_array() &&
                               std::any_of(methods->as_array().begin(), methods->as_array().end(),
                                           [](const json::value& m) { return m.is_string() && m.as_string() == "password"; });
  if (!password_method) return iam_error(400, "The emulator supports the password method only.");

  const auto user_name = string_at(identity, {"password", "user", "name"});
  const auto password = string_at(identity, {"password", "user", "password"});
  const auto domain_name = string_at(identity, {"password", "user", "domain", "name"});
  const auto& users = state.settings().users;
  const auto user = std::find_if(users.begin(), users.end(), [&](const iam_user& u) {
    return u.user_name == user_name && u.domain_name == domain_name && u.password == password;
  });
  if (user_name.empty() || user == users.end()) {
    ++state.count.auth_failures;
    return iam_error(401, "The username or password is wrong.");
  }

  const auto project_name = string_at(auth, {"scope", "project", "name"});
  const auto project_id = string_at(auth, {"scope", "project", "id"});
  const bool project_ok = (!project_name.empty() && project_name == user->project_name) ||
                          (!project_id.empty() && project_id == state.settings().project_id);
  if (!project_ok) return iam_error(400, "The scope must name the user's project by name or id.");

  token_record record;
  record.user_name = user->user_name;
  record.domain_name = user->domain_name;
  record.project_id = state.settings().project_id;
  record.project_name = user->project_name;
  record.issued_at = state.now();
  record.expires_at = record.issued_at + state.settings().token_lifetime;

  json::object domain{{"name", record.domain_name}, {"id", id_for("domain", record.domain_name)}};
  json::object token;
  token["expires_at"] = iso8601_ms(record.expires_at);
  token["issued_at"] = iso8601_ms(record.issued_at);
  token["methods"] = json::array{"password"};
  token["project"] = json::object{{"id", record.project_id}, {"name", record.project_name}, {"domain", domain}};
  token["user"] = json::object{{"id", id_for("user", record.user_name)}, {"name", record.user_name}, {"domain", domain}};
  token["catalog"] = json::array{};
  token["roles"] = json::array{json::object{{"id", id_for("role", "te_admin")}, {"name", "te_admin"}}};

  const std::string subject_token = state.tokens.issue(std::move(record));
  ++state.count.tokens_issued;
  auto res = json_response(201, json::serialize(json::object{{"token", std::move(token)}}));
  res.headers.set("X-Subject-Token", subject_token);
  return res;
}

} // namespace

void add_iam_routes(router& routes, emulator_state& state) {
  routes.add("POST", "/v3/auth/tokens",
             [&state](const http::request& req, const path_params&) { return issue_token(state, req); });
}

} // namespace modelarts::emulator
