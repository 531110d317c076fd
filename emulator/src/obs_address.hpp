// Which bucket and key an OBS request addresses: path-style
// (`Host: <base>`, `/{bucket}/{key}`) or virtual-hosted
// (`Host: {bucket}.<base>`, `/{key}`), <base> being one of the emulator's
// own host names (options::obs_base_hosts).
#pragma once

#include "modelarts/emulator/emulator.hpp"

#include "core/http_message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::emulator {

struct obs_address {
  std::string bucket; ///< empty: the service itself (ListBuckets)
  std::string key;    ///< empty: the bucket itself
  bool virtual_hosted = false;
};

/// options::obs_base_hosts, or its documented default; lower-case.
std::vector<std::string> obs_base_hosts(const options& settings);

/// OBS's rules: 3–63 characters of lower-case letters, digits, '-' and '.',
/// starting and ending with a letter or digit, no ".." / ".-" / "-.", not
/// shaped like an IPv4 address.
bool is_valid_bucket_name(std::string_view name);

/// The bucket a Host names in virtual-hosted style, if it does
/// (`{bucket}.{base}` with a valid bucket name).
std::optional<std::string> bucket_from_host(std::string_view host, const std::vector<std::string>& bases);

/// Virtual-hosted when the Host names a bucket; else path-style, which is
/// OBS's only when the path is `/` or its first segment is a valid bucket
/// name (so `/v3/...` stays IAM's). nullopt: not an OBS request.
std::optional<obs_address> obs_address_of(const http::request& req, const std::vector<std::string>& bases);

/// `/bucket/key` (`/bucket` for the bucket, `/` for the service): what
/// requests_matching and fault rules see.
std::string path_style_path(const obs_address& a);

} // namespace modelarts::emulator
