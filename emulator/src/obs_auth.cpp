#include "obs_auth.hpp"

#include "auth/crypto.hpp"
#include "auth/signer.hpp"
#include "core/uri_encoding.hpp"

#include <algorithm>
#include <charconv>

namespace modelarts::emulator {

namespace {

using auth::obs_dialect;

constexpr std::string_view empty_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Compares without stopping at the first difference.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff = static_cast<unsigned char>(diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  return diff == 0;
}

class refusal_counter {
public:
  explicit refusal_counter(emulator_state& state) : state_(state) {}
  [[noreturn]] void refuse(std::string code, std::string message,
                           std::vector<std::pair<std::string, std::string>> details = {}) const {
    ++state_.count.auth_failures;
    throw obs_failure(std::move(code), std::move(message), std::move(details));
  }

private:
  emulator_state& state_;
};

const key_pair& key_or_refuse(const emulator_state& state, const refusal_counter& r, std::string_view access_key) {
  const auto& keys = state.settings().keys;
  const auto key = std::find_if(keys.begin(), keys.end(), [&](const key_pair& k) { return k.access_key == access_key; });
  if (key == keys.end())
    r.refuse("InvalidAccessKeyId", "The Access Key Id you provided does not exist in our records.",
             {{"AWSAccessKeyId", std::string(access_key)}});
  return *key;
}

void check_skew(emulator_state& state, const refusal_counter& r, auth::clock::time_point signed_at) {
  const auto now = state.now();
  if (std::chrono::abs(now - signed_at) > state.settings().max_clock_skew)
    r.refuse("RequestTimeTooSkewed", "The difference between the request time and the server's time is too large.",
             {{"RequestTime", auth::http_date(signed_at)},
              {"ServerTime", auth::http_date(now)},
              {"MaxAllowedSkewMilliseconds",
               std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(state.settings().max_clock_skew).count())}});
}

/// The V2 signature over the wire path, or failing that over the canonical
/// encoding of the decoded path (what the SDK's signer uses). Refuses when
/// neither matches.
void check_v2_signature(const refusal_counter& r, const http::request& signed_form, obs_dialect dialect,
                        std::string_view wire_path, const key_pair& key, std::string_view provided) {
  const auto string_to_sign = auth::obs_string_to_sign(signed_form, dialect, wire_path);
  if (same_secret(auth::obs_signature(key.secret_key, string_to_sign), provided)) return;
  const auto canonical = auth::obs_string_to_sign(signed_form, dialect);
  if (canonical != string_to_sign && same_secret(auth::obs_signature(key.secret_key, canonical), provided)) return;
  r.refuse("SignatureDoesNotMatch",
           "The request signature we calculated does not match the signature you provided. Check your key and "
           "signing method.",
           {{"StringToSign", string_to_sign}});
}

/// The request as the V2 algorithm sees it: the bucket named only when the
/// Host carries it, so that the canonical resource is `/bucket/key` in both
/// styles.
http::request v2_signed_form(const obs_request& request) {
  http::request copy = request.head();
  copy.bucket = request.address.virtual_hosted ? request.address.bucket : std::string{};
  return copy;
}

void check_v2_header(emulator_state& state, const refusal_counter& r, obs_request& request,
                     std::string_view authorization) {
  const auto parsed = auth::parse_obs_authorization(authorization);
  if (!parsed) r.refuse("InvalidArgument", "Authorization header is invalid -- one and only one ' ' (space) required");
  request.dialect = parsed->dialect;
  const auto& key = key_or_refuse(state, r, parsed->access_key);
  const auto form = v2_signed_form(request);
  check_v2_signature(r, form, parsed->dialect, request.in.wire_path, key, parsed->signature);

  const std::string date_header = parsed->dialect == obs_dialect::obs ? "x-obs-date" : "x-amz-date";
  const auto date = request.head().headers.get(date_header).value_or(request.head().headers.get("Date").value_or(""));
  const auto signed_at = auth::parse_http_date(date);
  if (!signed_at)
    r.refuse("AccessDenied", "Authentication requires a valid Date or " + date_header + " header");
  check_skew(state, r, *signed_at);
}

void check_v2_presigned(emulator_state& state, const refusal_counter& r, obs_request& request) {
  const bool obs = request.has_query("AccessKeyId");
  request.dialect = obs ? obs_dialect::obs : obs_dialect::aws;
  const auto access_key = request.query(obs ? "AccessKeyId" : "AWSAccessKeyId");
  const auto expires_text = request.query("Expires");
  std::int64_t expires = 0;
  const auto [end, ec] = std::from_chars(expires_text.data(), expires_text.data() + expires_text.size(), expires);
  if (expires_text.empty() || ec != std::errc{} || end != expires_text.data() + expires_text.size())
    r.refuse("AccessDenied", "Query-string authentication requires the Signature, Expires and AccessKeyId parameters");
  const auto& key = key_or_refuse(state, r, access_key);

  auto form = v2_signed_form(request);
  // The Date line of a presigned URL is its Expires.
  form.headers.set("Date", expires_text);
  form.headers.erase(obs ? "x-obs-date" : "x-amz-date");
  check_v2_signature(r, form, request.dialect, request.in.wire_path, key, request.query("Signature"));

  const auto now = std::chrono::duration_cast<std::chrono::seconds>(state.now().time_since_epoch()).count();
  if (now > expires) r.refuse("AccessDenied", "Request has expired", {{"Expires", std::string(expires_text)}});
}

struct v4_claim {
  std::string access_key, date, region, service;
  std::vector<std::string> signed_headers;
  std::string signature;
};

/// The emulator's region and service s3, the day matching the request's date.
void check_v4_scope(const emulator_state& state, const refusal_counter& r, const v4_claim& claim,
                    std::string_view amz_date) {
  if (claim.service != "s3")
    r.refuse("AuthorizationHeaderMalformed", "The authorization header is malformed; incorrect service '" +
                                                 claim.service + "'. This endpoint belongs to 's3'.");
  if (claim.region != state.settings().region)
    r.refuse("AuthorizationHeaderMalformed", "The authorization header is malformed; the region '" + claim.region +
                                                 "' is wrong; expecting '" + state.settings().region + "'",
             {{"Region", state.settings().region}});
  if (amz_date.substr(0, 8) != claim.date)
    r.refuse("AuthorizationHeaderMalformed",
             "The authorization header is malformed; the credential date does not match the request date");
}

void check_v4_signature(const refusal_counter& r, const http::request& form, const v4_claim& claim,
                        std::string_view amz_date, std::string_view payload_hash, const key_pair& key) {
  const auto canonical = auth::v4_canonical_request(form, claim.signed_headers, payload_hash);
  const auto string_to_sign =
      auth::v4_string_to_sign(amz_date, auth::v4_scope(claim.date, claim.region, claim.service), canonical);
  const auto expected = auth::hex_lower(
      auth::hmac_sha256(auth::v4_signing_key(key.secret_key, claim.date, claim.region, claim.service), string_to_sign));
  if (!same_secret(expected, claim.signature))
    r.refuse("SignatureDoesNotMatch",
             "The request signature we calculated does not match the signature you provided. Check your key and "
             "signing method.",
             {{"CanonicalRequest", canonical}, {"StringToSign", string_to_sign}});
}

void check_v4_header(emulator_state& state, const refusal_counter& r, obs_request& request,
                     std::string_view authorization) {
  request.dialect = obs_dialect::aws;
  const auto parsed = auth::parse_v4_authorization(authorization);
  if (!parsed) r.refuse("AuthorizationHeaderMalformed", "The authorization header is malformed");
  const v4_claim claim{parsed->access_key, parsed->date,           parsed->region,
                       parsed->service,    parsed->signed_headers, parsed->signature};
  const auto& key = key_or_refuse(state, r, claim.access_key);
  const auto& headers = request.head().headers;

  std::string amz_date;
  std::optional<auth::clock::time_point> signed_at;
  if (const auto d = headers.get("x-amz-date")) {
    amz_date = std::string(*d);
    signed_at = auth::parse_apig_date(amz_date);
  } else if (const auto date = headers.get("Date")) {
    signed_at = auth::parse_http_date(*date);
    if (signed_at) amz_date = auth::apig_date(*signed_at);
  }
  if (!signed_at) r.refuse("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
  check_v4_scope(state, r, claim, amz_date);
  if (std::find(claim.signed_headers.begin(), claim.signed_headers.end(), "host") == claim.signed_headers.end())
    r.refuse("AuthorizationHeaderMalformed", "The authorization header is malformed; host must be a signed header");

  // Without the header (curl 7.88's --aws-sigv4), the payload hash signed
  // is the empty body's, as OBS's Python SDK also signs whatever the body.
  const auto declared = headers.get("x-amz-content-sha256");
  const std::string payload = declared ? std::string(*declared) : std::string(empty_sha256);
  if (payload.starts_with("STREAMING-")) {
    ++state.count.auth_failures;
    throw obs_failure(501, "NotImplemented", "aws-chunked uploads (" + payload + ") are not implemented");
  }
  const bool is_hash = payload.size() == 64 && std::all_of(payload.begin(), payload.end(), [](char c) {
                         return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                       });
  if (payload != "UNSIGNED-PAYLOAD" && !is_hash)
    r.refuse("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.");

  check_v4_signature(r, request.head(), claim, amz_date, payload, key);
  check_skew(state, r, *signed_at);
  // A declared hash is checked against the body as it streams in, except
  // the empty body's hash on a body: OBS accepts that (its Python SDK sends
  // it for every request), so the emulator does too.
  const bool has_body = request.in.content_length.value_or(1) > 0;
  if (is_hash && has_body && payload != empty_sha256) request.payload_sha256 = payload;
  if (is_hash && !has_body && payload != empty_sha256)
    r.refuse("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
}

void check_v4_presigned(emulator_state& state, const refusal_counter& r, obs_request& request) {
  request.dialect = obs_dialect::aws;
  if (request.query("X-Amz-Algorithm") != "AWS4-HMAC-SHA256")
    r.refuse("AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  const auto scope = std::string(request.query("X-Amz-Credential"));
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const auto slash = scope.find('/', start);
    parts.push_back(scope.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.size() != 5 || parts[4] != "aws4_request")
    r.refuse("AuthorizationQueryParametersError", "X-Amz-Credential is malformed");
  v4_claim claim{parts[0], parts[1], parts[2], parts[3], {}, std::string(request.query("X-Amz-Signature"))};
  const auto signed_headers = request.query("X-Amz-SignedHeaders");
  for (std::size_t start = 0;;) {
    const auto semi = signed_headers.find(';', start);
    claim.signed_headers.emplace_back(signed_headers.substr(start, semi - start));
    if (semi == std::string_view::npos) break;
    start = semi + 1;
  }
  const std::string amz_date(request.query("X-Amz-Date"));
  const auto signed_at = auth::parse_apig_date(amz_date);
  const auto expires_text = request.query("X-Amz-Expires");
  long long expires = 0;
  const auto [end, ec] = std::from_chars(expires_text.data(), expires_text.data() + expires_text.size(), expires);
  if (!signed_at || ec != std::errc{} || end != expires_text.data() + expires_text.size() || expires < 0 ||
      expires > 604800)
    r.refuse("AuthorizationQueryParametersError", "X-Amz-Date or X-Amz-Expires is missing or malformed");
  const auto& key = key_or_refuse(state, r, claim.access_key);
  check_v4_scope(state, r, claim, amz_date);

  http::request form = request.head();
  std::erase_if(form.query, [](const http::query_param& q) { return q.key == "X-Amz-Signature"; });
  const auto declared = form.headers.get("x-amz-content-sha256");
  check_v4_signature(r, form, claim, amz_date, declared ? *declared : "UNSIGNED-PAYLOAD", key);
  if (state.now() > *signed_at + std::chrono::seconds(expires))
    r.refuse("AccessDenied", "Request has expired", {{"X-Amz-Expires", std::string(expires_text)}});
}

} // namespace

void authenticate_obs(emulator_state& state, obs_request& request) {
  const refusal_counter r(state);
  // Answers to a request that is refused use the dialect its headers suggest.
  bool amz = false;
  for (const auto& f : request.head().headers) amz = amz || (f.name.size() > 6 && http::iequals(f.name.substr(0, 6), "x-amz-"));
  request.dialect = amz ? obs_dialect::aws : obs_dialect::obs;

  if (const auto authorization = request.head().headers.get("Authorization")) {
    if (authorization->starts_with("OBS ") || authorization->starts_with("AWS "))
      return check_v2_header(state, r, request, *authorization);
    if (authorization->starts_with("AWS4-HMAC-SHA256 ")) return check_v4_header(state, r, request, *authorization);
    r.refuse("InvalidArgument", "Unsupported Authorization Type");
  }
  if (request.has_query("X-Amz-Algorithm")) return check_v4_presigned(state, r, request);
  if (request.has_query("Signature") && (request.has_query("AccessKeyId") || request.has_query("AWSAccessKeyId")))
    return check_v2_presigned(state, r, request);
  r.refuse("AccessDenied", "Anonymous access is forbidden for this operation");
}

} // namespace modelarts::emulator
