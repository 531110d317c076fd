#include "models/authorization_json.hpp"

#include "core/json_fields.hpp"
#include "modelarts/error.hpp"

namespace modelarts::authorization_json {

namespace {
namespace jf = json_fields;

[[noreturn]] void malformed(const std::string& message) {
  throw boost::system::system_error(make_error_code(errc::malformed_response), message);
}
} // namespace

boost::json::object agency_request(std::string_view suffix) {
  boost::json::object o;
  o["agency_name_suffix"] = suffix;
  return o;
}

std::string agency_name_from(const boost::json::object& body) {
  auto name = jf::text(body, "agency_name");
  if (name.empty()) malformed("create agency: no 'agency_name' in the response");
  return name;
}

boost::json::object to_json(const authorization_grant& grant) {
  boost::json::object o;
  o["user_id"] = grant.user_id;
  o["type"] = grant.type;
  o["content"] = grant.content;
  return o;
}

authorization_grant grant_from(const boost::json::object& body) {
  return {jf::text(body, "user_id"), jf::text(body, "type"), jf::text(body, "content")};
}

authorization_list list_from(const boost::json::object& body) {
  const auto* items = body.if_contains("auth");
  if (items == nullptr || !items->is_array()) malformed("list authorizations: no 'auth' array in the response");
  authorization_list out;
  for (const auto& item : items->get_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.get_object();
    authorization a;
    a.create_time = jf::integer(o, "create_time");
    a.user_id = jf::text(o, "user_id");
    if (const auto* name = o.if_contains("user_name"); name != nullptr && !name->is_null())
      a.user_name = jf::text(o, "user_name");
    a.type = jf::text(o, "type");
    a.content = jf::text(o, "content");
    a.extra = jf::unknown_fields(o, {"create_time", "user_id", "user_name", "type", "content"});
    out.auth.push_back(std::move(a));
  }
  out.total_count = jf::integer(body, "total_count", static_cast<long long>(out.auth.size()));
  return out;
}

authorization_deletion deletion_from(const boost::json::object& body) {
  return {jf::boolean(body, "result"), jf::text(body, "success_message")};
}

} // namespace modelarts::authorization_json
