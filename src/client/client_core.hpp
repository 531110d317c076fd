// The state one client and its copies share: pools, executor, authentication.
#pragma once

#include "http/request_executor.hpp"
#include "modelarts/config.hpp"
#include "modelarts/credentials.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>

namespace modelarts::detail {

class iam_token_source;

class client_core {
public:
  client_core(boost::asio::any_io_executor executor, client_options options, credentials creds);
  ~client_core();

  /// A request to the ModelArts endpoint; `path` follows the endpoint's base
  /// path, e.g. `/v2/{project_id}/training-job-flavors` with the id filled in.
  [[nodiscard]] http::request modelarts_request(std::string method, const std::string& path) const;

  /// Executes with this client's authentication, retries and deadlines.
  boost::asio::awaitable<http::response> execute(http::request req, http::call_options options = {});

  /// Executes and parses a JSON object answer; `what` (a literal) names the operation in errors.
  boost::asio::awaitable<boost::json::object> execute_json(http::request req, const char* what);

  /// Executes an OBS request, signed as client_options::obs says. Throws
  /// system_error(errc::credentials_missing) when the client has no AK/SK.
  boost::asio::awaitable<http::response> execute_obs(http::request req, http::call_options options = {});
  /// The key OBS requests are signed with (for presigned URLs); null without AK/SK.
  [[nodiscard]] const auth::access_key* obs_key() const { return obs_key_ ? &*obs_key_ : nullptr; }

  [[nodiscard]] const client_options& options() const { return options_; }
  [[nodiscard]] const std::string& project_id() const { return project_id_; }
  [[nodiscard]] http::request_executor& executor() { return *executor_; }
  [[nodiscard]] const boost::asio::any_io_executor& io_executor() const { return io_executor_; }
  /// Null when the client signs with AK/SK.
  [[nodiscard]] iam_token_source* token_source() const { return token_source_; }

private:
  boost::asio::any_io_executor io_executor_;
  client_options options_;
  std::string project_id_;
  http::origin modelarts_;
  std::string modelarts_base_;
  std::unique_ptr<http::request_executor> executor_;
  std::unique_ptr<http::authenticator> authenticator_;
  iam_token_source* token_source_ = nullptr; // owned by authenticator_ when password auth is used
  std::optional<auth::access_key> obs_key_;
  std::unique_ptr<http::authenticator> obs_authenticator_; // null without AK/SK
};

} // namespace modelarts::detail
