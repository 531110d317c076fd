#include "obs/obs_signing.hpp"

#include "auth/crypto.hpp"

#include <stdexcept>

namespace modelarts::obs {

std::string v4_region(const client_options& options) {
  return options.obs.region_for_v4.empty() ? options.region : options.obs.region_for_v4;
}

std::shared_ptr<const auth::signer> make_signer(const client_options& options, auth::access_key key) {
  switch (options.obs.signature) {
  case obs_signature::v2: return std::make_shared<auth::obs_v2_signer>(std::move(key), auth::obs_dialect::aws);
  case obs_signature::v4: return std::make_shared<auth::v4_signer>(std::move(key), v4_region(options), "s3");
  case obs_signature::obs: break;
  }
  return std::make_shared<auth::obs_v2_signer>(std::move(key), auth::obs_dialect::obs);
}

std::string v4_presigned_url(const auth::access_key& key, std::string_view region, std::string_view method,
                             std::string_view scheme, std::string_view host, std::string_view decoded_path,
                             auth::clock::time_point now, std::chrono::seconds expires_in) {
  if (expires_in < std::chrono::seconds(1) || expires_in > std::chrono::hours(24 * 7))
    throw std::invalid_argument("a V4 presigned URL expires within 1 second to 7 days");
  const std::string amz_date = auth::apig_date(now); // the same yyyymmddThhmmssZ form
  const std::string day = amz_date.substr(0, 8);
  const std::string scope = auth::v4_scope(day, region, "s3");

  http::request r;
  r.method = std::string(method);
  r.path = std::string(decoded_path);
  r.headers.set("Host", host);
  r.query = {{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
             {"X-Amz-Credential", key.id + "/" + scope},
             {"X-Amz-Date", amz_date},
             {"X-Amz-Expires", std::to_string(expires_in.count())},
             {"X-Amz-SignedHeaders", "host"}};
  if (!key.security_token.empty()) r.query.push_back({"X-Amz-Security-Token", key.security_token});

  const auto canonical = auth::v4_canonical_request(r, {"host"}, "UNSIGNED-PAYLOAD");
  const auto string_to_sign = auth::v4_string_to_sign(amz_date, scope, canonical);
  const auto signature =
      auth::hex_lower(auth::hmac_sha256(auth::v4_signing_key(key.secret, day, region, "s3"), string_to_sign));
  r.query.push_back({"X-Amz-Signature", signature});
  return std::string(scheme) + "://" + std::string(host) + r.target();
}

} // namespace modelarts::obs
