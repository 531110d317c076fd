#include <modelarts/config.hpp>
#include <modelarts/error.hpp>

#include "core/environment.hpp"
#include "core/http_message.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace modelarts {
namespace {

[[noreturn]] void invalid(const std::string& what) {
  throw boost::system::system_error(make_error_code(errc::invalid_configuration), what);
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string service_endpoint(const std::string& configured, const std::string& region,
                             std::string_view service) {
  if (!configured.empty()) return without_trailing_slashes(configured);
  if (region.empty())
    invalid("endpoint." + std::string(service) + ": not set, and no region to derive it from");
  return "https://" + std::string(service) + "." + region + ".myhuaweicloud.com";
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n";
  const auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

std::vector<std::string> split_list(std::string_view list) {
  std::vector<std::string> items;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto item = trim(list.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return items;
}

/// `proxy:3128` is accepted by curl and most tools as `http://proxy:3128`.
std::string with_default_scheme(std::string url) {
  if (url.find("://") == std::string::npos) url.insert(0, "http://");
  return url;
}

void check_endpoint(const std::string& url, std::string_view field) {
  if (url.empty()) return;
  try {
    (void)http::parse_origin(url);
  } catch (const std::invalid_argument& e) {
    // The reason, not the value: the field name says where to look.
    invalid("endpoint." + std::string(field) + ": " + e.what());
  }
}

void check_proxy(const std::string& url) {
  if (url.empty()) return;
  // parse_origin refuses user information, which a proxy URL may carry; it is
  // dropped before the check and never appears in a message (it is a password).
  std::string without_user = url;
  if (const auto scheme_end = without_user.find("://"); scheme_end != std::string::npos) {
    const auto authority = scheme_end + 3;
    const auto authority_end = without_user.find_first_of("/?#", authority);
    const auto at = without_user.rfind('@', authority_end == std::string::npos ? std::string::npos
                                                                               : authority_end);
    if (at != std::string::npos && at >= authority) without_user.erase(authority, at + 1 - authority);
  }
  try {
    (void)http::parse_origin(without_user);
  } catch (const std::invalid_argument& e) {
    invalid(std::string("proxy.url: ") + e.what());
  }
}

bool is_ip_address(const std::string& text) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, text.c_str(), buf) == 1 || ::inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

bool valid_region(std::string_view region) {
  // It becomes part of a host name.
  return std::all_of(region.begin(), region.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
  });
}

void check_positive(std::chrono::milliseconds d, std::string_view field) {
  if (d <= std::chrono::milliseconds::zero()) invalid(std::string(field) + ": must be greater than zero");
}

void check_not_negative(std::chrono::milliseconds d, std::string_view field) {
  if (d < std::chrono::milliseconds::zero()) invalid(std::string(field) + ": must not be negative");
}

void check_not_negative(double x, std::string_view field) {
  if (!(x >= 0) || !std::isfinite(x)) invalid(std::string(field) + ": must be a finite number, not negative");
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

/// The OBS enumerations are filled from the environment only while they hold
/// their defaults: an enum has no "unset" state to tell code from default.
void apply_obs_environment(obs_options& obs) {
  if (obs.signature == obs_signature::obs) {
    if (auto v = environment_value("MODELARTS_OBS_SIGNATURE")) {
      const auto value = lower_ascii(trim(*v));
      if (value == "obs") obs.signature = obs_signature::obs;
      else if (value == "v2") obs.signature = obs_signature::v2;
      else if (value == "v4") obs.signature = obs_signature::v4;
      else invalid("MODELARTS_OBS_SIGNATURE: '" + *v + "' is not one of obs, v2, v4");
    }
  }
  if (obs.addressing == obs_addressing::virtual_hosted) {
    if (auto v = environment_value("MODELARTS_OBS_ADDRESSING")) {
      const auto value = lower_ascii(trim(*v));
      if (value == "virtual") obs.addressing = obs_addressing::virtual_hosted;
      else if (value == "path") obs.addressing = obs_addressing::path;
      else invalid("MODELARTS_OBS_ADDRESSING: '" + *v + "' is not one of virtual, path");
    }
  }
}

void check_obs(const obs_options& obs, const std::string& region) {
  if (obs.signature != obs_signature::obs && obs.signature != obs_signature::v2 &&
      obs.signature != obs_signature::v4)
    invalid("obs.signature: not one of obs, v2, v4");
  if (obs.addressing != obs_addressing::virtual_hosted && obs.addressing != obs_addressing::path)
    invalid("obs.addressing: not one of virtual_hosted, path");
  if (!valid_region(obs.region_for_v4))
    invalid("obs.region_for_v4: may hold only letters, digits, '-', '.' and '_'");
  if (obs.signature == obs_signature::v4 && obs.region_for_v4.empty() && region.empty())
    invalid("obs.region_for_v4: V4 signatures need a region (set region or obs.region_for_v4)");
}

} // namespace

std::string client_options::modelarts_endpoint() const {
  return service_endpoint(endpoint.modelarts, region, "modelarts");
}
std::string client_options::iam_endpoint() const { return service_endpoint(endpoint.iam, region, "iam"); }
std::string client_options::obs_endpoint() const { return service_endpoint(endpoint.obs, region, "obs"); }

client_options& client_options::apply_environment() {
  auto fill = [](std::string& field, std::initializer_list<const char*> names) {
    if (!field.empty()) return;
    if (auto v = environment_value(names)) field = std::move(*v);
  };
  fill(region, {"MODELARTS_REGION"});
  fill(project_id, {"MODELARTS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"});
  fill(endpoint.modelarts, {"MODELARTS_ENDPOINT"});
  fill(endpoint.iam, {"MODELARTS_IAM_ENDPOINT"});
  fill(endpoint.obs, {"MODELARTS_OBS_ENDPOINT"});
  if (tls.ca_file.empty()) {
    if (auto v = environment_value("MODELARTS_CA_FILE")) tls.ca_file = *v;
  }
  if (proxy.url.empty()) {
    if (auto v = environment_value({"HTTPS_PROXY", "https_proxy"})) proxy.url = with_default_scheme(*v);
  }
  if (proxy.no_proxy.empty()) {
    if (auto v = environment_value({"NO_PROXY", "no_proxy"})) proxy.no_proxy = split_list(*v);
  }
  apply_obs_environment(obs);
  return *this;
}

void client_options::validate() const {
  if (!valid_region(region)) invalid("region: may hold only letters, digits, '-', '.' and '_'");
  if (region.empty() && endpoint.modelarts.empty() && endpoint.iam.empty() && endpoint.obs.empty())
    invalid("region: not set, and no endpoint is given (set region or MODELARTS_REGION, "
            "or the endpoints)");
  check_endpoint(endpoint.modelarts, "modelarts");
  check_endpoint(endpoint.iam, "iam");
  check_endpoint(endpoint.obs, "obs");
  check_obs(obs, region);

  if (pool.max_connections == 0) invalid("pool.max_connections: must be at least 1");
  check_positive(pool.idle_timeout, "pool.idle_timeout");
  check_positive(pool.connect_timeout, "pool.connect_timeout");

  if (retry.max_attempts == 0) invalid("retry.max_attempts: must be at least 1 (1 disables retries)");
  check_not_negative(retry.max_elapsed, "retry.max_elapsed");
  check_not_negative(retry.initial_backoff, "retry.initial_backoff");
  check_not_negative(retry.max_backoff, "retry.max_backoff");
  if (retry.initial_backoff > retry.max_backoff)
    invalid("retry.initial_backoff: must not exceed retry.max_backoff");
  check_not_negative(retry.budget_tokens, "retry.budget_tokens");
  check_not_negative(retry.budget_refill_per_success, "retry.budget_refill_per_success");

  check_positive(timeout.attempt, "timeout.attempt");
  check_positive(timeout.total, "timeout.total");

  if (!tls.ca_file.empty()) {
    std::error_code ec;
    const auto status = std::filesystem::status(tls.ca_file, ec);
    if (!std::filesystem::exists(status))
      invalid("tls.ca_file: " + tls.ca_file.string() + " does not exist");
    if (!std::filesystem::is_regular_file(status))
      invalid("tls.ca_file: " + tls.ca_file.string() + " is not a regular file");
  }

  check_proxy(proxy.url);

  for (const auto& [host, address] : host_overrides) {
    if (host.empty()) invalid("host_overrides: a host name is empty");
    if (!is_ip_address(address))
      invalid("host_overrides[" + host + "]: '" + address + "' is not an IPv4 or IPv6 address");
  }

  if (std::any_of(user_agent.begin(), user_agent.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
    invalid("user_agent: must not contain control characters");
}

} // namespace modelarts
