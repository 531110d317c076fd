#include "http/connect_settings.hpp"

#include "auth/crypto.hpp"
#include "core/uri_encoding.hpp"
#include "modelarts/error.hpp"

#include <boost/asio/ssl/context.hpp>

namespace modelarts::http {
namespace {

namespace ssl = boost::asio::ssl;

[[noreturn]] void invalid(const std::string& what) {
  throw boost::system::system_error(make_error_code(errc::invalid_configuration), what);
}

std::shared_ptr<ssl::context> make_tls_context(const tls_options& tls) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  if (!tls.ca_file.empty()) {
    ctx->load_verify_file(tls.ca_file.string(), ec);
    if (ec) invalid("tls.ca_file " + tls.ca_file.string() + ": " + ec.message());
  } else {
    ctx->set_default_verify_paths(ec);
    if (ec) invalid("cannot load the system's CA certificates: " + ec.message());
  }
  return ctx;
}

} // namespace

std::shared_ptr<const connect_settings> make_connect_settings(const client_options& options) {
  auto s = std::make_shared<connect_settings>();
  s->tls = make_tls_context(options.tls);
  s->verify_peer = !options.tls.insecure_skip_verify_i_understand_the_risk;
  s->host_overrides = options.host_overrides;
  s->connect_timeout = options.pool.connect_timeout;
  s->no_proxy = options.proxy.no_proxy;
  if (!options.proxy.url.empty()) {
    std::string url = options.proxy.url;
    if (url.find("://") == std::string::npos) url = "http://" + url;
    // user:password@ in the proxy URL becomes Proxy-Authorization.
    const auto scheme_end = url.find("://") + 3;
    const auto slash = url.find('/', scheme_end);
    const auto at = url.rfind('@', slash == std::string::npos ? std::string::npos : slash);
    if (at != std::string::npos && at > scheme_end) {
      const std::string user_info = uri_decode(url.substr(scheme_end, at - scheme_end));
      s->proxy_authorization = "Basic " + auth::base64(user_info);
      url.erase(scheme_end, at + 1 - scheme_end);
    }
    try {
      s->proxy = parse_origin(url);
    } catch (const std::exception& e) {
      invalid(std::string("proxy URL: ") + e.what());
    }
    if (s->proxy->is_tls()) invalid("proxy URL: only http:// proxies are supported");
  }
  return s;
}

} // namespace modelarts::http
