// Query-string authentication: the V2 string to sign with `Expires` in the
// Date line, the signature and key id in the URL.
#include "auth/signer.hpp"

#include "core/uri_encoding.hpp"

namespace modelarts::auth {

std::string obs_presigned_url(const access_key& key, obs_dialect dialect, std::string_view method,
                              const http::origin& to, std::string_view bucket,
                              std::string_view object_key, clock::time_point expires,
                              bool virtual_hosted) {
  const bool obs = dialect == obs_dialect::obs;
  const auto expires_text =
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count());

  http::request r;
  r.method = std::string(method);
  r.to = to;
  r.bucket = std::string(bucket);
  std::string host = to.host_header();
  if (virtual_hosted && !bucket.empty()) {
    host = std::string(bucket) + "." + host;
    r.path = "/" + std::string(object_key);
  } else if (!bucket.empty()) {
    r.path = "/" + std::string(bucket) + (object_key.empty() ? "" : "/" + std::string(object_key));
  } else {
    r.path = "/" + std::string(object_key);
  }
  r.headers.set("Host", host);
  r.headers.set("Date", expires_text);
  if (!key.security_token.empty())
    r.query.push_back({obs ? "x-obs-security-token" : "x-amz-security-token", key.security_token});

  const auto signature = obs_signature(key.secret, obs_string_to_sign(r, dialect));
  r.query.insert(r.query.begin(), {{obs ? "AccessKeyId" : "AWSAccessKeyId", key.id}, {"Expires", expires_text}});
  r.query.push_back({"Signature", signature});
  return to.scheme + "://" + host + r.target();
}

} // namespace modelarts::auth
