// obs_path::parse: every spelling of "an object in a bucket" users paste.
#include <modelarts/obs/obs_types.hpp>

#include "core/uri_encoding.hpp"
#include "obs/obs_request.hpp"

#include <algorithm>
#include <stdexcept>

namespace modelarts::obs {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

/// `bucket[/key]` → the two parts.
obs_path split_bucket_and_key(std::string_view rest) {
  const auto slash = rest.find('/');
  obs_path p;
  p.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) p.key = std::string(rest.substr(slash + 1));
  return p;
}

/// `https://bucket.obs.{region}.{domain}/key` (virtual-hosted) or
/// `https://obs.{region}.{domain}/bucket/key` (path style); the path is
/// percent-decoded. S3 host names (`bucket.s3…`, `s3…`) are read the same way.
obs_path from_url(std::string_view url) {
  const auto after_scheme = url.substr(url.find("://") + 3);
  const auto path_start = after_scheme.find_first_of("/?#");
  const auto authority = after_scheme.substr(0, path_start);
  std::string_view path;
  if (path_start != std::string_view::npos && after_scheme[path_start] == '/') {
    path = after_scheme.substr(path_start);
    path = path.substr(0, path.find_first_of("?#"));
  }
  if (authority.find('@') != std::string_view::npos) throw std::invalid_argument("OBS URL must not carry user information");
  const std::string host = lower(authority.substr(0, authority.rfind(':')));
  const std::string decoded_path = http::uri_decode(path);
  const std::string_view key_part = decoded_path.empty() ? std::string_view{} : std::string_view(decoded_path).substr(1);

  for (std::string_view marker : {".obs.", ".s3.", ".s3-"}) {
    if (const auto at = host.rfind(marker); at != std::string::npos && at > 0) {
      obs_path p;
      p.bucket = host.substr(0, at);
      p.key = std::string(key_part);
      return p;
    }
  }
  if (host.starts_with("obs.") || host.starts_with("s3.") || host.starts_with("s3-"))
    return split_bucket_and_key(key_part);
  throw std::invalid_argument("cannot tell the bucket from the host '" + host +
                              "' (expected bucket.obs.{region}.… or obs.{region}.…/bucket)");
}

} // namespace

obs_path obs_path::parse(std::string_view url) {
  if (url.empty()) throw std::invalid_argument("empty OBS path");
  obs_path p;
  if (starts_with_ci(url, "obs://")) {
    p = split_bucket_and_key(url.substr(6));
  } else if (starts_with_ci(url, "s3://")) {
    p = split_bucket_and_key(url.substr(5));
  } else if (starts_with_ci(url, "https://") || starts_with_ci(url, "http://")) {
    p = from_url(url);
  } else if (url.front() == '/') {
    p = split_bucket_and_key(url.substr(1));
  } else {
    throw std::invalid_argument("'" + std::string(url) +
                                "' is not an OBS path (expected obs://bucket/key, s3://bucket/key, /bucket/key "
                                "or an https:// OBS URL)");
  }
  if (p.bucket.empty()) throw std::invalid_argument("OBS path '" + std::string(url) + "' names no bucket");
  if (auto problem = bucket_name_problem(p.bucket); !problem.empty())
    throw std::invalid_argument("OBS path '" + std::string(url) + "': " + problem);
  if (p.key.size() > 1024) throw std::invalid_argument("OBS path '" + std::string(url) + "': key longer than 1,024 bytes");
  return p;
}

} // namespace modelarts::obs
