// The ModelArts agency and its authorizations (S3 "管理ModelArts服务的委托授权"):
// account-level settings without which data management, training, notebooks
// and services cannot reach OBS, SWR and the like on the user's behalf.
//
//   modelarts::authorization_client authz(client);
//   const auto agency = co_await authz.create_modelarts_agency("iam-user01"); // "ma_agency_iam-user01"
//   co_await authz.set_authorization({.user_id = iam_user_id, .content = agency});
//
// REST (verbatim in the seeds): POST /v2/{project_id}/agency,
// POST|GET|DELETE /v2/{project_id}/authorizations. Built from a client (or
// its core), so client.hpp needs no accessor for it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts {

class client;
namespace detail {
class client_core;
}

/// The user id that stands for every IAM user of the account.
inline constexpr std::string_view all_users = "all-users";

/// One user's authorization as listed.
struct authorization {
  std::int64_t create_time = 0;          ///< milliseconds since 1970-01-01 UTC
  std::string user_id;                   ///< an IAM user id, or "all-users"
  std::optional<std::string> user_name;  ///< null in the service's answer for some users
  std::string type;                      ///< "agency" or "credential"
  std::string content;                   ///< the agency name (or the access key for "credential")
  boost::json::object extra;             ///< fields this SDK does not know yet
};

struct authorization_list {
  std::vector<authorization> auth;
  std::int64_t total_count = 0;
};

/// What POST /v2/{project_id}/authorizations sets for one user (or "all-users").
struct authorization_grant {
  std::string user_id{};
  /// "agency" (content = an agency name) or "credential" (the seeds: an admin
  /// may also set the current user's access key).
  std::string type = "agency";
  std::string content{};
};

struct authorization_deletion {
  bool result = false;
  std::string success_message; ///< given when every user's authorization was deleted
};

/// Cheap to copy; operations keep the client's shared state alive. Arguments
/// the API cannot take throw system_error(errc::invalid_argument) before
/// anything is sent; the service's refusals throw api_error.
class authorization_client {
public:
  explicit authorization_client(const client& c);
  explicit authorization_client(std::shared_ptr<detail::client_core> core) : core_(std::move(core)) {}

  /// Creates the agency `ma_agency_<suffix>` and returns its name. The
  /// suffix has 1–54 letters, digits, '_' or '-' (an agency name has at most
  /// 64 characters).
  [[nodiscard]] boost::asio::awaitable<std::string> create_modelarts_agency(std::string agency_name_suffix) const;

  /// Sets (or replaces) the user's authorization. A `{"result": false}`
  /// answer throws api_error.
  [[nodiscard]] boost::asio::awaitable<void> set_authorization(authorization_grant grant) const;

  [[nodiscard]] boost::asio::awaitable<authorization_list> list_authorizations() const;

  /// Deletes one user's authorization; `all_users` deletes every user's.
  [[nodiscard]] boost::asio::awaitable<authorization_deletion> delete_authorization(std::string user_id) const;

private:
  std::shared_ptr<detail::client_core> core_;
};

} // namespace modelarts
