// SDK-HMAC-SHA256, the API Gateway signature of ModelArts and IAM-protected
// services. The gateway's canonical URI always ends with '/', unlike SigV4.
#include "auth/signer.hpp"

#include "auth/canonical_text.hpp"
#include "auth/crypto.hpp"
#include "core/uri_encoding.hpp"

#include <algorithm>

namespace modelarts::auth {
namespace {

constexpr std::string_view apig_algorithm = "SDK-HMAC-SHA256";
constexpr std::string_view unsigned_payload = "UNSIGNED-PAYLOAD";

} // namespace

apig_signer::apig_signer(access_key key, std::string project_id)
    : key_(std::move(key)), project_id_(std::move(project_id)), hmac_(key_.secret) {}

void apig_signer::sign(http::request& req, clock::time_point now) const {
  const bool resign = req.headers.contains("Authorization");
  req.headers.erase("Authorization");
  if (!project_id_.empty() && !req.headers.contains("X-Project-Id"))
    req.headers.set("X-Project-Id", project_id_);
  if (!key_.security_token.empty()) req.headers.set("X-Security-Token", key_.security_token);
  if (!req.headers.contains("Host")) req.headers.set("Host", req.to.host_header());
  if (resign || !req.headers.contains("X-Sdk-Date")) req.headers.set("X-Sdk-Date", apig_date(now));
  // A body sent in pieces is hashed nowhere before it is sent; the header tells the
  // verifier that the payload is not part of the signature.
  if (req.has_body_pieces() && !req.headers.contains("X-Sdk-Content-Sha256"))
    req.headers.set("X-Sdk-Content-Sha256", unsigned_payload);

  apig_authorization auth;
  auth.access_key = key_.id;
  auth.signed_headers = apig_signed_header_names(req.headers);
  const auto date = req.headers.get("X-Sdk-Date").value_or(std::string_view{});
  const auto canonical = apig_canonical_request(req, auth.signed_headers, apig_payload_hash(req));
  auth.signature = hex_lower(hmac_.sign(apig_string_to_sign(detail::trim(date), canonical)));
  req.headers.set("Authorization", format_apig_authorization(auth));
}

std::string apig_canonical_uri(std::string_view decoded_path) {
  std::string uri = http::uri_encode(decoded_path, /*keep_slash=*/true);
  if (uri.empty() || uri.back() != '/') uri += '/';
  return uri;
}

std::string apig_canonical_query(const std::vector<http::query_param>& query) {
  return detail::sorted_encoded_query(query);
}

std::vector<std::string> apig_signed_header_names(const http::header_list& headers) {
  std::vector<std::string> names;
  for (const auto& f : headers) {
    // Proxies drop names with '_', so signing them would break the signature.
    if (f.name.find('_') != std::string::npos) continue;
    auto lower = detail::to_lower(f.name);
    if (lower == "authorization") continue;
    names.push_back(std::move(lower));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string apig_canonical_request(const http::request& req,
                                   const std::vector<std::string>& signed_headers,
                                   std::string_view body_hash_hex) {
  std::string out = req.method;
  out += '\n';
  out += apig_canonical_uri(req.path);
  out += '\n';
  out += apig_canonical_query(req.query);
  out += '\n';
  out += detail::canonical_header_block(signed_headers, [&](const std::string& name) {
    return detail::joined_header_values(req.headers, name);
  });
  out += '\n';
  out += body_hash_hex;
  return out;
}

std::string apig_payload_hash(const http::request& req) {
  if (auto h = req.headers.get("X-Sdk-Content-Sha256")) return std::string(detail::trim(*h));
  if (req.has_body_pieces()) return std::string(unsigned_payload);
  // Most API calls are GETs: the empty body's hash is a constant.
  static const std::string empty_body_hash = sha256_hex({});
  return req.body.empty() ? empty_body_hash : sha256_hex(req.body);
}

std::string apig_string_to_sign(std::string_view sdk_date, std::string_view canonical_request) {
  std::string out(apig_algorithm);
  out += '\n';
  out += sdk_date;
  out += '\n';
  out += sha256_hex(canonical_request);
  return out;
}

std::string apig_signature(std::string_view secret, std::string_view string_to_sign) {
  return hex_lower(hmac_sha256(secret, string_to_sign));
}

std::string apig_expected_signature(const http::request& req,
                                    const std::vector<std::string>& signed_headers,
                                    std::string_view secret) {
  const auto date = req.headers.get("X-Sdk-Date").value_or(std::string_view{});
  const auto canonical = apig_canonical_request(req, signed_headers, apig_payload_hash(req));
  return apig_signature(secret, apig_string_to_sign(detail::trim(date), canonical));
}

std::string format_apig_authorization(const apig_authorization& a) {
  std::string out(apig_algorithm);
  out += " Access=";
  out += a.access_key;
  out += ", SignedHeaders=";
  for (std::size_t i = 0; i < a.signed_headers.size(); ++i) {
    if (i != 0) out += ';';
    out += a.signed_headers[i];
  }
  out += ", Signature=";
  out += a.signature;
  return out;
}

std::optional<apig_authorization> parse_apig_authorization(std::string_view header) {
  header = detail::trim(header);
  if (header.substr(0, apig_algorithm.size()) != apig_algorithm) return std::nullopt;
  std::string_view rest = header.substr(apig_algorithm.size());
  if (rest.empty() || rest.front() != ' ') return std::nullopt;

  std::optional<std::string_view> access, signed_headers, signature;
  for (const auto part : detail::split(rest, ',')) {
    const auto field = detail::trim(part);
    const auto eq = field.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto name = field.substr(0, eq);
    const auto value = field.substr(eq + 1);
    std::optional<std::string_view>* slot = name == "Access"          ? &access
                                            : name == "SignedHeaders" ? &signed_headers
                                            : name == "Signature"     ? &signature
                                                                      : nullptr;
    if (slot == nullptr || slot->has_value() || value.empty()) return std::nullopt;
    *slot = value;
  }
  if (!access || !signed_headers || !signature) return std::nullopt;
  if (signature->size() != 64 || !detail::is_lower_hex(*signature)) return std::nullopt;

  apig_authorization a;
  a.access_key = std::string(*access);
  a.signature = std::string(*signature);
  for (const auto name : detail::split(*signed_headers, ';')) {
    if (name.empty()) return std::nullopt;
    a.signed_headers.emplace_back(name);
  }
  return a;
}

} // namespace modelarts::auth
