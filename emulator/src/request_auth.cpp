#include "request_auth.hpp"

#include "cloud_errors.hpp"

#include "auth/crypto.hpp"
#include "auth/signer.hpp"

#include <algorithm>
#include <chrono>
#include <string>

namespace modelarts::emulator {

namespace {

constexpr std::string_view wrong_credentials = "APIG.0301";
constexpr std::string_view token_outdated = "APIG.0307";
constexpr std::string_view time_skewed = "APIG.0201";

http::response refuse(emulator_state& state, unsigned status, std::string_view code,
                      std::string_view reason) {
  ++state.count.auth_failures;
  if (code == wrong_credentials)
    return apig_error(status, code, "Incorrect IAM authentication information: " + std::string(reason));
  return apig_error(status, code, reason);
}

/// Compares without stopping at the first difference.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff = static_cast<unsigned char>(diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  return diff == 0;
}

std::optional<http::response> check_token(emulator_state& state, std::string_view token) {
  switch (state.tokens.check(token, state.now())) {
  case token_status::valid: return std::nullopt;
  case token_status::unknown: return refuse(state, 401, wrong_credentials, "token is not valid");
  case token_status::expired: return refuse(state, 401, token_outdated, "The token must be updated: it has expired");
  case token_status::revoked: return refuse(state, 401, token_outdated, "The token must be updated: it was revoked");
  }
  return refuse(state, 401, wrong_credentials, "token is not valid");
}

std::optional<http::response> check_signature(emulator_state& state, const http::request& req,
                                              std::string_view authorization) {
  const auto parsed = auth::parse_apig_authorization(authorization);
  if (!parsed) return refuse(state, 401, wrong_credentials, "malformed Authorization header");

  const auto& keys = state.settings().keys;
  const auto key = std::find_if(keys.begin(), keys.end(),
                                [&](const key_pair& k) { return k.access_key == parsed->access_key; });
  if (key == keys.end()) return refuse(state, 401, wrong_credentials, "the access key is not known");

  const auto& signed_headers = parsed->signed_headers;
  if (std::find(signed_headers.begin(), signed_headers.end(), "x-sdk-date") == signed_headers.end())
    return refuse(state, 401, wrong_credentials, "x-sdk-date must be a signed header");
  const auto sdk_date = req.headers.get("X-Sdk-Date");
  const auto signed_at = sdk_date ? auth::parse_apig_date(*sdk_date) : std::nullopt;
  if (!signed_at) return refuse(state, 401, wrong_credentials, "X-Sdk-Date is missing or malformed");

  if (const auto project = req.headers.get("X-Project-Id");
      project && *project != state.settings().project_id)
    return refuse(state, 401, wrong_credentials, "X-Project-Id does not match the key's project");

  const auto declared_hash = req.headers.get("X-Sdk-Content-Sha256");
  const std::string body_hash = declared_hash ? std::string(*declared_hash) : auth::sha256_hex(req.body);
  const auto canonical = auth::apig_canonical_request(req, signed_headers, body_hash);
  const auto string_to_sign = auth::apig_string_to_sign(*sdk_date, canonical);
  const auto expected = auth::apig_signature(key->secret_key, string_to_sign);
  if (!same_secret(expected, parsed->signature))
    return refuse(state, 401, wrong_credentials, "verify aksk signature fail");

  // Judged after the signature, so a 403 tells the client its credentials are
  // right and only its clock is off; the Date header lets it correct that.
  const auto skew = std::chrono::abs(state.now() - *signed_at);
  if (skew > state.settings().max_clock_skew)
    return refuse(state, 403, time_skewed,
                  "Request time skewed: X-Sdk-Date is more than " +
                      std::to_string(state.settings().max_clock_skew.count()) +
                      " seconds away from the server time");
  return std::nullopt;
}

} // namespace

std::optional<http::response> authenticate_apig(emulator_state& state, const http::request& req) {
  if (const auto token = req.headers.get("X-Auth-Token")) return check_token(state, *token);
  if (const auto authorization = req.headers.get("Authorization")) {
    if (authorization->starts_with("SDK-HMAC-SHA256 "))
      return check_signature(state, req, *authorization);
    return refuse(state, 401, wrong_credentials, "unsupported Authorization scheme");
  }
  return refuse(state, 401, wrong_credentials, "no X-Auth-Token or Authorization header");
}

handler require_apig_auth(emulator_state& state, handler inner) {
  return [&state, inner = std::move(inner)](const http::request& req, const path_params& params) {
    if (auto refused = authenticate_apig(state, req)) return std::move(*refused);
    return inner(req, params);
  };
}

} // namespace modelarts::emulator
