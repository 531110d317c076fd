// Request signers. Each attempt is signed anew (a retry gets a fresh date).
#pragma once

#include "auth/crypto.hpp"
#include "core/http_message.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::auth {

using clock = std::chrono::system_clock;

/// Adds authentication to one attempt of a request. `now` is the caller's
/// estimate of the server's clock (local time corrected for measured skew).
///
/// A date header the caller set (`X-Sdk-Date`, `Date`, `x-obs-date`,
/// `x-amz-date`) is kept for the first signature. sign() may be called again on
/// the same request for a retry: a request that already carries `Authorization`
/// is a re-sign, and its date header is replaced by `now`.
class signer {
public:
  virtual ~signer() = default;
  virtual void sign(http::request& req, clock::time_point now) const = 0;
};

struct access_key {
  std::string id;
  std::string secret;
  std::string security_token; ///< empty for permanent keys
};

// ---- APIG SDK-HMAC-SHA256 (ModelArts, IAM-protected services) -------------

/// Signs with `SDK-HMAC-SHA256`. Adds `X-Project-Id` (when project_id is set and
/// the request has none) and `X-Security-Token` (temporary keys) before signing,
/// `X-Sdk-Date` and `Host` when missing. File bodies are signed as
/// `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`.
class apig_signer final : public signer {
public:
  apig_signer(access_key key, std::string project_id);
  void sign(http::request& req, clock::time_point now) const override;

private:
  access_key key_;
  std::string project_id_;
  hmac_sha256_key hmac_; // the secret's HMAC pads, hashed once
};

/// The pieces of the algorithm, public so that tests and the emulator's
/// verifier use the very same code. They work from a request as received:
/// decoded path, decoded query parameters, headers.
std::string apig_canonical_uri(std::string_view decoded_path);
std::string apig_canonical_query(const std::vector<http::query_param>& query);
/// Names (lower-case, sorted, unique) of the headers the signer signs: every
/// header except those whose name contains '_' and `authorization`.
std::vector<std::string> apig_signed_header_names(const http::header_list& headers);
/// `signed_headers` are lower-case names, used in the given order; a signed
/// header absent from the request contributes an empty value.
std::string apig_canonical_request(const http::request& req,
                                   const std::vector<std::string>& signed_headers,
                                   std::string_view body_hash_hex);
/// The body hash that takes part in the canonical request: the
/// `X-Sdk-Content-Sha256` header when present, else `UNSIGNED-PAYLOAD` for a
/// file body, else the hex SHA-256 of the in-memory body.
std::string apig_payload_hash(const http::request& req);
std::string apig_string_to_sign(std::string_view sdk_date, std::string_view canonical_request);
std::string apig_signature(std::string_view secret, std::string_view string_to_sign);
/// `YYYYMMDDTHHMMSSZ` (UTC), and back (nullopt unless exactly that form).
std::string apig_date(clock::time_point t);
std::optional<clock::time_point> parse_apig_date(std::string_view s);

struct apig_authorization {
  std::string access_key;
  std::vector<std::string> signed_headers;
  std::string signature;
};
/// Parses `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`; nullopt on
/// another scheme, a missing, repeated or unknown field, or a signature that
/// is not 64 hex digits.
std::optional<apig_authorization> parse_apig_authorization(std::string_view header);
/// The header value for `a`, in the form the gateway expects.
std::string format_apig_authorization(const apig_authorization& a);
/// For verifiers: the signature a request as received should carry, computed
/// over `signed_headers` with its `X-Sdk-Date` and apig_payload_hash().
std::string apig_expected_signature(const http::request& req,
                                    const std::vector<std::string>& signed_headers,
                                    std::string_view secret);

// ---- OBS header signature (S3 V2 algorithm) ---------------------------------

enum class obs_dialect {
  obs, ///< `Authorization: OBS ak:sig`, `x-obs-` headers
  aws, ///< `Authorization: AWS ak:sig`, `x-amz-` headers (AWS-V2-compatible mode)
};

/// Signs with the OBS/V2 algorithm. Sets `Date` when the request has neither
/// `Date` nor the dialect's date header, and the dialect's security-token
/// header for temporary keys. The canonical resource is always path-style:
/// for a virtual-hosted request (Host equal to req.bucket or starting with
/// `req.bucket + "."`, which covers custom domains) it is `/` + bucket +
/// encoded path; otherwise (path-style, the path already names the bucket)
/// it is the encoded path.
class obs_v2_signer final : public signer {
public:
  obs_v2_signer(access_key key, obs_dialect dialect);
  void sign(http::request& req, clock::time_point now) const override;

private:
  access_key key_;
  obs_dialect dialect_;
};

/// `/bucket` + encoded_path (just encoded_path when bucket is empty), then the
/// sub-resources, sorted: `?acl`, `?partNumber=1&uploadId=…`, `?uploads`...
/// Parameters are matched case-insensitively against the OBS/S3 allow-list (and
/// any `x-obs-` parameter); values appear decoded, a parameter without value
/// as its bare name. Ordinary parameters do not take part.
std::string obs_canonical_resource(std::string_view bucket, std::string_view encoded_path,
                                   const std::vector<http::query_param>& query);
/// Whether `name` is a signed sub-resource (see obs_canonical_resource).
bool is_obs_sub_resource(std::string_view name);
/// StringToSign of a request; the path is encoded as the transport sends it.
std::string obs_string_to_sign(const http::request& req, obs_dialect dialect);
/// The same for a request as received, with its path as it was on the wire.
std::string obs_string_to_sign(const http::request& req, obs_dialect dialect,
                               std::string_view encoded_path);
/// Base64(HMAC-SHA1(secret, string_to_sign)).
std::string obs_signature(std::string_view secret, std::string_view string_to_sign);

struct obs_authorization {
  obs_dialect dialect;
  std::string access_key;
  std::string signature;
};
/// Parses `OBS ak:signature` / `AWS ak:signature`.
std::optional<obs_authorization> parse_obs_authorization(std::string_view header);

/// RFC 1123: `Tue, 04 Jun 2019 06:54:59 GMT` (core/http_date's forms).
std::string http_date(clock::time_point t);
/// Accepts the three HTTP date forms (RFC 1123, RFC 850, asctime).
std::optional<clock::time_point> parse_http_date(std::string_view s);

/// A query-string-authenticated URL (`AccessKeyId` for OBS, `AWSAccessKeyId`
/// for AWS, then `Expires`, the security token for temporary keys, and
/// `Signature`), valid until `expires`. `object_key` is the decoded key.
std::string obs_presigned_url(const access_key& key, obs_dialect dialect, std::string_view method,
                              const http::origin& to, std::string_view bucket,
                              std::string_view object_key, clock::time_point expires,
                              bool virtual_hosted);

// ---- AWS Signature V4 (OBS in V4 mode, S3-compatible servers) ---------------

/// `AWS4-HMAC-SHA256` for service `s3`. The payload hash is the
/// `x-amz-content-sha256` header when present, else the SHA-256 of an in-memory
/// body, else `UNSIGNED-PAYLOAD` for file bodies; the header is set to it. Adds
/// `Host`, `x-amz-date` and, for temporary keys, `x-amz-security-token`.
class v4_signer final : public signer {
public:
  v4_signer(access_key key, std::string region, std::string service = "s3");
  void sign(http::request& req, clock::time_point now) const override;

private:
  access_key key_;
  std::string region_;
  std::string service_;
};

/// Wire-encoded path, no double encoding, no trailing slash added.
std::string v4_canonical_uri(std::string_view decoded_path);
/// `host`, `content-type`, `content-md5`, `range` and every `x-amz-*` header
/// present; lower-case, sorted, unique.
std::vector<std::string> v4_signed_header_names(const http::header_list& headers);
std::string v4_canonical_request(const http::request& req,
                                 const std::vector<std::string>& signed_headers,
                                 std::string_view payload_hash);
/// `yyyymmdd/region/service/aws4_request`.
std::string v4_scope(std::string_view yyyymmdd, std::string_view region, std::string_view service);
std::string v4_string_to_sign(std::string_view amz_date, std::string_view scope,
                              std::string_view canonical_request);
std::string v4_signing_key(std::string_view secret, std::string_view yyyymmdd,
                           std::string_view region, std::string_view service);

struct v4_authorization {
  std::string access_key;
  std::string date;    ///< yyyymmdd
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;
  std::string signature;
};
/// Parses `AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request,
/// SignedHeaders=…, Signature=…` (with or without spaces after the commas).
std::optional<v4_authorization> parse_v4_authorization(std::string_view header);

} // namespace modelarts::auth
