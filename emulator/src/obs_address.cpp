#include "obs_address.hpp"

#include <algorithm>

namespace modelarts::emulator {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool looks_like_ipv4(std::string_view s) {
  int dots = 0;
  for (const char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

} // namespace

std::vector<std::string> obs_base_hosts(const options& settings) {
  std::vector<std::string> bases = settings.obs_base_hosts;
  if (bases.empty()) bases = {"localhost", "127.0.0.1", "obs." + settings.region + ".myhuaweicloud.com"};
  for (auto& b : bases) b = lower(b);
  return bases;
}

bool is_valid_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back())) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_lower_alnum(c) && c != '-' && c != '.') return false;
    if (i > 0 && (c == '.' || c == '-') && (name[i - 1] == '.' || name[i - 1] == '-') &&
        !(c == '-' && name[i - 1] == '-'))
      return false;
  }
  return !looks_like_ipv4(name);
}

std::optional<std::string> bucket_from_host(std::string_view host, const std::vector<std::string>& bases) {
  const std::string h = lower(host);
  for (const auto& base : bases) {
    if (h.size() <= base.size() + 1 || !h.ends_with(base) || h[h.size() - base.size() - 1] != '.') continue;
    auto bucket = h.substr(0, h.size() - base.size() - 1);
    if (is_valid_bucket_name(bucket)) return bucket;
  }
  return std::nullopt;
}

std::optional<obs_address> obs_address_of(const http::request& req, const std::vector<std::string>& bases) {
  obs_address a;
  if (auto bucket = bucket_from_host(req.to.host, bases)) {
    a.bucket = std::move(*bucket);
    a.key = req.path.starts_with('/') ? req.path.substr(1) : req.path;
    a.virtual_hosted = true;
    return a;
  }
  if (req.path == "/") return a;
  const std::string_view rest = std::string_view(req.path).substr(1);
  const auto slash = rest.find('/');
  const auto bucket = rest.substr(0, slash);
  if (!is_valid_bucket_name(bucket)) return std::nullopt;
  a.bucket = std::string(bucket);
  if (slash != std::string_view::npos) a.key = std::string(rest.substr(slash + 1));
  return a;
}

std::string path_style_path(const obs_address& a) {
  if (a.bucket.empty()) return "/";
  std::string out = "/" + a.bucket;
  if (!a.key.empty()) out += "/" + a.key;
  return out;
}

} // namespace modelarts::emulator
