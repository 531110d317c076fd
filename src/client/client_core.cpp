#include "client/client_core.hpp"

#include "client/iam_token_source.hpp"
#include "core/json_fields.hpp"
#include "http/connect_settings.hpp"
#include "modelarts/error.hpp"
#include "obs/obs_signing.hpp"

namespace modelarts::detail {
namespace {

[[noreturn]] void invalid(const std::string& what) {
  throw boost::system::system_error(make_error_code(errc::invalid_configuration), what);
}

http::origin endpoint_origin(const std::string& url, const char* name, std::string& base_path) {
  try {
    return http::parse_origin(url, &base_path);
  } catch (const std::exception& e) {
    // A URL with user information may carry a password: it is not repeated.
    const bool has_user_info = url.find('@') != std::string::npos;
    invalid(std::string(name) + " endpoint" + (has_user_info ? "" : " '" + url + "'") + ": " + e.what());
  }
}

} // namespace

client_core::client_core(boost::asio::any_io_executor executor, client_options options, credentials creds)
    : io_executor_(std::move(executor)), options_(std::move(options)) {
  options_.validate();
  if (creds.empty())
    throw boost::system::system_error(make_error_code(errc::credentials_missing),
                                      "neither AK/SK nor IAM user name and password were given");
  project_id_ = !options_.project_id.empty() ? options_.project_id : creds.project_id;
  if (project_id_.empty())
    invalid("project id missing: set client_options::project_id, MODELARTS_PROJECT_ID or HUAWEICLOUD_SDK_PROJECT_ID");

  modelarts_ = endpoint_origin(options_.modelarts_endpoint(), "ModelArts", modelarts_base_);

  auto transport = std::make_shared<http::transport>(
      http::make_connect_settings(options_),
      http::pool_limits{options_.pool.max_connections, options_.pool.idle_timeout});
  executor_ = std::make_unique<http::request_executor>(
      std::move(transport), http::executor_settings{options_.retry, options_.timeout, options_.max_response_body});

  if (creds.has_access_key()) {
    auto signer = std::make_shared<auth::apig_signer>(
        auth::access_key{creds.access_key, creds.secret_key.reveal(), creds.security_token.reveal()}, project_id_);
    authenticator_ = std::make_unique<http::signing_authenticator>(std::move(signer));
    obs_key_ = auth::access_key{creds.access_key, creds.secret_key.reveal(), creds.security_token.reveal()};
    obs_authenticator_ = std::make_unique<http::signing_authenticator>(obs::make_signer(options_, *obs_key_));
  } else {
    std::string iam_base;
    const auto iam = endpoint_origin(options_.iam_endpoint(), "IAM", iam_base);
    auto source = std::make_unique<iam_token_source>(*executor_, iam, iam_base, std::move(creds), project_id_,
                                                     options_.region);
    token_source_ = source.get();
    authenticator_ = std::move(source);
  }
}

client_core::~client_core() = default;

http::request client_core::modelarts_request(std::string method, const std::string& path) const {
  http::request req;
  req.method = std::move(method);
  req.to = modelarts_;
  req.path = modelarts_base_ + path;
  req.idempotent = req.method == "GET" || req.method == "HEAD" || req.method == "PUT" || req.method == "DELETE";
  req.headers.set("User-Agent", options_.user_agent);
  return req;
}

boost::asio::awaitable<http::response> client_core::execute(http::request req, http::call_options options) {
  co_return co_await executor_->execute(std::move(req), authenticator_.get(), options);
}

boost::asio::awaitable<http::response> client_core::execute_obs(http::request req, http::call_options options) {
  if (!obs_authenticator_)
    throw boost::system::system_error(make_error_code(errc::credentials_missing),
                                      "OBS requests need an access key pair (AK/SK); this client has only an IAM "
                                      "user name and password, and OBS does not accept IAM tokens");
  co_return co_await executor_->execute(std::move(req), obs_authenticator_.get(), options);
}

boost::asio::awaitable<boost::json::object> client_core::execute_json(http::request req, const char* what) {
  if (!req.body.empty() && !req.headers.contains("Content-Type")) req.headers.set("Content-Type", "application/json");
  const auto res = co_await execute(std::move(req));
  co_return json_fields::parse_object(res.body, what);
}

} // namespace modelarts::detail
