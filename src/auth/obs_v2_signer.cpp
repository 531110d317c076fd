// The OBS header signature: the S3 V2 algorithm with `x-obs-` headers (or
// `x-amz-` headers in the AWS-compatible dialect).
#include "auth/signer.hpp"

#include "auth/canonical_text.hpp"
#include "auth/crypto.hpp"
#include "core/uri_encoding.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace modelarts::auth {
namespace {

// Query parameters that name a sub-resource and so take part in the canonical
// resource: the S3 list plus OBS's own (OBS SDKs compare them lower-cased).
constexpr std::array<std::string_view, 99> sub_resources{
    "accelerate", "acl", "append", "asynccallback", "asyncfetchjob", "asyncfetchpolicy", "attname",
    "backtosource", "cdnnotifyconfiguration", "cors", "customdomain", "dataprocess", "delete",
    "deletebucket", "directcoldaccess", "dispolicy", "encryption", "extension_policy",
    "fileinterface", "fscreatehardlink", "getcontentsummary", "ignore-sign-in-query", "inventory",
    "legal-hold", "length", "lifecycle", "listcontentsummary", "location", "logging", "metadata",
    "mirrorbacktosource", "mirrorrefresh", "modify", "multilistcontentsummary", "name",
    "notification", "object-lock", "obsalias", "obsbucketalias", "obscompresspolicy",
    "obsworkflowtriggerpolicy", "orchestration", "partnumber", "policy", "position", "quota",
    "readahead", "rename", "replication", "replication_progress", "requestpayment",
    "response-cache-control", "response-content-disposition", "response-content-encoding",
    "response-content-language", "response-content-type", "response-expires", "restore",
    "retention", "select", "select-type", "sfsacl", "sfsmount", "sfsumount", "storageclass",
    "storageinfo", "storagepolicy", "synccallback", "tagging", "template_name",
    "template_name_prefix", "torrent", "truncate", "uploadid", "uploads", "versionid",
    "versioning", "versions", "website", "x-image-process", "x-image-save-bucket",
    "x-image-save-object", "x-obs-security-token", "x-obs-sse-kms-key-project-id", "x-oss-process",
    "x-workflow-category", "x-workflow-create", "x-workflow-execution-state", "x-workflow-forbid",
    "x-workflow-graph-name", "x-workflow-limit", "x-workflow-prefix", "x-workflow-start",
    "x-workflow-status", "x-workflow-template-name", "x-workflow-type", "x_obs_dnslevel",
    "x_obs_resource_id", "x_obs_resource_type"};

std::string_view header_prefix(obs_dialect d) { return d == obs_dialect::obs ? "x-obs-" : "x-amz-"; }
std::string_view scheme_name(obs_dialect d) { return d == obs_dialect::obs ? "OBS" : "AWS"; }

std::string_view host_without_port(std::string_view host) {
  if (!host.empty() && host.front() == '[') return host.substr(1, host.find(']') - 1);
  const auto colon = host.rfind(':');
  return colon == std::string_view::npos ? host : host.substr(0, colon);
}

/// Whether the bucket is named by the Host (virtual-hosted style or a custom
/// domain) rather than by the first path segment.
bool bucket_in_host(const http::request& req) {
  if (req.bucket.empty()) return false;
  const std::string host = detail::to_lower(
      host_without_port(req.headers.get("Host").value_or(std::string_view(req.to.host))));
  const std::string bucket = detail::to_lower(req.bucket);
  return host == bucket || host.starts_with(bucket + ".");
}

std::string trimmed_header(const http::request& req, std::string_view name) {
  return std::string(detail::trim(req.headers.get(name).value_or(std::string_view{})));
}

} // namespace

bool is_obs_sub_resource(std::string_view name) {
  const auto lower = detail::to_lower(name);
  return lower.starts_with("x-obs-") ||
         std::find(sub_resources.begin(), sub_resources.end(), lower) != sub_resources.end();
}

obs_v2_signer::obs_v2_signer(access_key key, obs_dialect dialect)
    : key_(std::move(key)), dialect_(dialect) {}

void obs_v2_signer::sign(http::request& req, clock::time_point now) const {
  const bool resign = req.headers.contains("Authorization");
  req.headers.erase("Authorization");
  const std::string prefix(header_prefix(dialect_));
  if (!key_.security_token.empty()) req.headers.set(prefix + "security-token", key_.security_token);
  const std::string alt_date = prefix + "date";
  if (req.headers.contains(alt_date)) {
    if (resign) req.headers.set(alt_date, http_date(now));
  } else if (resign || !req.headers.contains("Date")) {
    req.headers.set("Date", http_date(now));
  }
  const auto signature = obs_signature(key_.secret, obs_string_to_sign(req, dialect_));
  std::string auth(scheme_name(dialect_));
  auth += ' ';
  auth += key_.id;
  auth += ':';
  auth += signature;
  req.headers.set("Authorization", auth);
}

std::string obs_canonical_resource(std::string_view bucket, std::string_view encoded_path,
                                   const std::vector<http::query_param>& query) {
  std::string out;
  if (!bucket.empty()) {
    out += '/';
    out += bucket;
  }
  out += encoded_path.empty() ? std::string_view("/") : encoded_path;

  std::vector<const http::query_param*> signed_params;
  for (const auto& q : query) {
    if (is_obs_sub_resource(q.key)) signed_params.push_back(&q);
  }
  std::sort(signed_params.begin(), signed_params.end(), [](const auto* a, const auto* b) {
    return a->key != b->key ? a->key < b->key : a->value < b->value;
  });
  char sep = '?';
  for (const auto* q : signed_params) {
    out += sep;
    sep = '&';
    out += q->key;
    if (!q->value.empty()) {
      out += '=';
      out += q->value; // sub-resource values are signed decoded
    }
  }
  return out;
}

std::string obs_string_to_sign(const http::request& req, obs_dialect dialect) {
  return obs_string_to_sign(req, dialect, http::uri_encode(req.path, /*keep_slash=*/true));
}

std::string obs_string_to_sign(const http::request& req, obs_dialect dialect,
                               std::string_view encoded_path) {
  const std::string_view prefix = header_prefix(dialect);
  std::string out = req.method;
  out += '\n';
  out += trimmed_header(req, "Content-MD5");
  out += '\n';
  out += trimmed_header(req, "Content-Type");
  out += '\n';
  // With the dialect's own date header, Date is left out (that header is signed below).
  if (!req.headers.contains(std::string(prefix) + "date")) out += trimmed_header(req, "Date");
  out += '\n';

  std::map<std::string, std::string> canonical_headers; // sorted by lower-case name
  auto add = [&](std::string name, std::string_view value) {
    auto [it, inserted] = canonical_headers.try_emplace(std::move(name));
    if (!inserted) it->second += ',';
    it->second += detail::trim(value);
  };
  for (const auto& f : req.headers) {
    auto name = detail::to_lower(f.name);
    if (name.starts_with(prefix)) add(std::move(name), f.value);
  }
  // AWS signs x-amz-* query parameters of presigned URLs as headers (OBS
  // signs its x-obs-* ones as sub-resources instead).
  if (dialect == obs_dialect::aws) {
    for (const auto& q : req.query) {
      auto name = detail::to_lower(q.key);
      if (name.starts_with(prefix)) add(std::move(name), q.value);
    }
  }
  for (const auto& [name, value] : canonical_headers) {
    out += name;
    out += ':';
    out += value;
    out += '\n';
  }
  out += obs_canonical_resource(bucket_in_host(req) ? std::string_view(req.bucket) : std::string_view{},
                                encoded_path, req.query);
  return out;
}

std::string obs_signature(std::string_view secret, std::string_view string_to_sign) {
  return base64(hmac_sha1(secret, string_to_sign));
}

std::optional<obs_authorization> parse_obs_authorization(std::string_view header) {
  header = detail::trim(header);
  obs_authorization a{};
  if (header.starts_with("OBS ")) {
    a.dialect = obs_dialect::obs;
  } else if (header.starts_with("AWS ")) {
    a.dialect = obs_dialect::aws;
  } else {
    return std::nullopt;
  }
  const auto credentials = detail::trim(header.substr(4));
  const auto colon = credentials.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == credentials.size())
    return std::nullopt;
  a.access_key = std::string(credentials.substr(0, colon));
  a.signature = std::string(credentials.substr(colon + 1));
  if (a.signature.find_first_of(": ") != std::string::npos) return std::nullopt;
  return a;
}

} // namespace modelarts::auth
