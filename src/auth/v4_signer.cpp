// AWS Signature Version 4 (OBS in V4 mode, S3-compatible servers).
#include "auth/signer.hpp"

#include "auth/canonical_text.hpp"
#include "auth/crypto.hpp"
#include "core/uri_encoding.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace modelarts::auth {
namespace {

constexpr std::string_view v4_algorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view v4_terminator = "aws4_request";

/// Values of one header, each trimmed with inner blank runs collapsed, joined by ','.
std::string v4_header_value(const http::header_list& headers, std::string_view name) {
  std::string out;
  bool first = true;
  for (const auto& f : headers) {
    if (!http::iequals(f.name, name)) continue;
    if (!first) out += ',';
    out += detail::collapse_spaces(f.value);
    first = false;
  }
  return out;
}

} // namespace

v4_signer::v4_signer(access_key key, std::string region, std::string service)
    : key_(std::move(key)), region_(std::move(region)), service_(std::move(service)) {}

void v4_signer::sign(http::request& req, clock::time_point now) const {
  const bool resign = req.headers.contains("Authorization");
  req.headers.erase("Authorization");
  if (!req.headers.contains("Host")) req.headers.set("Host", req.to.host_header());
  if (resign || !req.headers.contains("x-amz-date")) req.headers.set("x-amz-date", apig_date(now));
  if (!key_.security_token.empty()) req.headers.set("x-amz-security-token", key_.security_token);
  std::string payload_hash;
  if (auto h = req.headers.get("x-amz-content-sha256")) {
    payload_hash = std::string(detail::trim(*h));
  } else {
    payload_hash = req.has_body_pieces() ? "UNSIGNED-PAYLOAD" : sha256_hex(req.body);
    req.headers.set("x-amz-content-sha256", payload_hash);
  }

  const std::string amz_date(detail::trim(*req.headers.get("x-amz-date")));
  const std::string day = amz_date.substr(0, 8);
  const auto names = v4_signed_header_names(req.headers);
  const auto scope = v4_scope(day, region_, service_);
  const auto string_to_sign = v4_string_to_sign(amz_date, scope, v4_canonical_request(req, names, payload_hash));
  const auto signature = hex_lower(hmac_sha256(v4_signing_key(key_.secret, day, region_, service_), string_to_sign));

  std::string auth(v4_algorithm);
  auth += " Credential=" + key_.id + "/" + scope + ", SignedHeaders=";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i != 0) auth += ';';
    auth += names[i];
  }
  auth += ", Signature=" + signature;
  req.headers.set("Authorization", auth);
}

std::string v4_canonical_uri(std::string_view decoded_path) {
  std::string uri = http::uri_encode(decoded_path, /*keep_slash=*/true);
  if (uri.empty() || uri.front() != '/') uri.insert(uri.begin(), '/');
  return uri;
}

std::vector<std::string> v4_signed_header_names(const http::header_list& headers) {
  std::vector<std::string> names;
  for (const auto& f : headers) {
    auto lower = detail::to_lower(f.name);
    if (lower == "host" || lower == "content-type" || lower == "content-md5" || lower == "range" ||
        lower.starts_with("x-amz-"))
      names.push_back(std::move(lower));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string v4_canonical_request(const http::request& req,
                                 const std::vector<std::string>& signed_headers,
                                 std::string_view payload_hash) {
  std::string out = req.method;
  out += '\n';
  out += v4_canonical_uri(req.path);
  out += '\n';
  out += detail::sorted_encoded_query(req.query);
  out += '\n';
  out += detail::canonical_header_block(
      signed_headers, [&](const std::string& name) { return v4_header_value(req.headers, name); });
  out += '\n';
  out += payload_hash;
  return out;
}

std::string v4_scope(std::string_view yyyymmdd, std::string_view region, std::string_view service) {
  std::string out(yyyymmdd);
  out += '/';
  out += region;
  out += '/';
  out += service;
  out += '/';
  out += v4_terminator;
  return out;
}

std::string v4_string_to_sign(std::string_view amz_date, std::string_view scope,
                              std::string_view canonical_request) {
  std::string out(v4_algorithm);
  out += '\n';
  out += amz_date;
  out += '\n';
  out += scope;
  out += '\n';
  out += sha256_hex(canonical_request);
  return out;
}

std::string v4_signing_key(std::string_view secret, std::string_view yyyymmdd,
                           std::string_view region, std::string_view service) {
  std::string seed = "AWS4" + std::string(secret);
  std::string key = hmac_sha256(seed, yyyymmdd);
  OPENSSL_cleanse(seed.data(), seed.size());
  key = hmac_sha256(key, region);
  key = hmac_sha256(key, service);
  return hmac_sha256(key, v4_terminator);
}

std::optional<v4_authorization> parse_v4_authorization(std::string_view header) {
  header = detail::trim(header);
  if (!header.starts_with(v4_algorithm) || header.size() == v4_algorithm.size() ||
      header[v4_algorithm.size()] != ' ')
    return std::nullopt;
  std::optional<std::string_view> credential, signed_headers, signature;
  for (const auto part : detail::split(header.substr(v4_algorithm.size()), ',')) {
    const auto field = detail::trim(part);
    const auto eq = field.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto name = field.substr(0, eq);
    std::optional<std::string_view>* slot = name == "Credential"      ? &credential
                                            : name == "SignedHeaders" ? &signed_headers
                                            : name == "Signature"     ? &signature
                                                                      : nullptr;
    if (slot == nullptr || slot->has_value() || eq + 1 == field.size()) return std::nullopt;
    *slot = field.substr(eq + 1);
  }
  if (!credential || !signed_headers || !signature) return std::nullopt;
  if (signature->size() != 64 || !detail::is_lower_hex(*signature)) return std::nullopt;
  const auto scope = detail::split(*credential, '/');
  if (scope.size() != 5 || scope[4] != v4_terminator ||
      std::any_of(scope.begin(), scope.end(), [](auto s) { return s.empty(); }))
    return std::nullopt;

  v4_authorization a;
  a.access_key = std::string(scope[0]);
  a.date = std::string(scope[1]);
  a.region = std::string(scope[2]);
  a.service = std::string(scope[3]);
  a.signature = std::string(*signature);
  for (const auto name : detail::split(*signed_headers, ';')) {
    if (name.empty()) return std::nullopt;
    a.signed_headers.emplace_back(name);
  }
  return a;
}

} // namespace modelarts::auth
