#include "modelarts/authorization.hpp"

#include "client/client_core.hpp"
#include "core/json_fields.hpp"
#include "models/authorization_json.hpp"
#include "modelarts/client.hpp"
#include "modelarts/error.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace modelarts {

namespace {

using core_ptr = std::shared_ptr<detail::client_core>;

[[noreturn]] void refuse(const std::string& message) {
  throw boost::system::system_error(make_error_code(errc::invalid_argument), message);
}

void check_suffix(std::string_view suffix) {
  if (suffix.empty() || suffix.size() > 54)
    refuse("create agency: agency_name_suffix \"" + std::string(suffix) + "\": must have 1 to 54 characters");
  const bool allowed = std::all_of(suffix.begin(), suffix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  if (!allowed)
    refuse("create agency: agency_name_suffix \"" + std::string(suffix) +
           "\": may contain only letters, digits, '_' and '-'");
}

void check_grant(const authorization_grant& g) {
  if (g.user_id.empty()) refuse("set authorization: user_id is mandatory (an IAM user id or \"all-users\")");
  if (g.type != "agency" && g.type != "credential")
    refuse("set authorization: type \"" + g.type + "\": must be agency or credential");
  if (g.content.empty()) refuse("set authorization: content is mandatory (the agency name)");
}

http::request json_request(const detail::client_core& core, const char* method, const std::string& path,
                           const boost::json::object& body) {
  auto req = core.modelarts_request(method, path);
  req.body = boost::json::serialize(body);
  req.headers.set("Content-Type", "application/json");
  return req;
}

std::string agency_path(const detail::client_core& core) { return "/v2/" + core.project_id() + "/agency"; }
std::string authorizations_path(const detail::client_core& core) {
  return "/v2/" + core.project_id() + "/authorizations";
}

boost::asio::awaitable<std::string> create_agency_op(core_ptr core, std::string suffix) {
  check_suffix(suffix);
  auto req = json_request(*core, "POST", agency_path(*core), authorization_json::agency_request(suffix));
  req.idempotent = false;
  co_return authorization_json::agency_name_from(co_await core->execute_json(std::move(req), "create agency"));
}

boost::asio::awaitable<void> set_op(core_ptr core, authorization_grant grant) {
  check_grant(grant);
  // Setting the same authorization twice leaves the same state: safe to retry.
  auto req = json_request(*core, "POST", authorizations_path(*core), authorization_json::to_json(grant));
  const auto res = co_await core->execute(std::move(req));
  const auto answer =
      authorization_json::deletion_from(json_fields::parse_object(res.body, "set authorization"));
  if (!answer.result) {
    throw api_error(res.status, "", "set authorization: the service answered \"result\": false",
                    std::string(res.headers.get("X-Request-Id").value_or("")));
  }
}

boost::asio::awaitable<authorization_list> list_op(core_ptr core) {
  auto req = core->modelarts_request("GET", authorizations_path(*core));
  co_return authorization_json::list_from(co_await core->execute_json(std::move(req), "list authorizations"));
}

boost::asio::awaitable<authorization_deletion> delete_op(core_ptr core, std::string user_id) {
  if (user_id.empty()) refuse("delete authorization: user_id is mandatory (an IAM user id or \"all-users\")");
  auto req = core->modelarts_request("DELETE", authorizations_path(*core));
  req.query.push_back({"user_id", std::move(user_id)});
  co_return authorization_json::deletion_from(
      co_await core->execute_json(std::move(req), "delete authorization"));
}

} // namespace

authorization_client::authorization_client(const client& c) : core_(c.core()) {}

boost::asio::awaitable<std::string> authorization_client::create_modelarts_agency(std::string suffix) const {
  return create_agency_op(core_, std::move(suffix));
}

boost::asio::awaitable<void> authorization_client::set_authorization(authorization_grant grant) const {
  return set_op(core_, std::move(grant));
}

boost::asio::awaitable<authorization_list> authorization_client::list_authorizations() const {
  return list_op(core_);
}

boost::asio::awaitable<authorization_deletion> authorization_client::delete_authorization(std::string user_id) const {
  return delete_op(core_, std::move(user_id));
}

} // namespace modelarts
