// The signer OBS requests get, and SigV4 presigned URLs.
#pragma once

#include "auth/signer.hpp"

#include <modelarts/config.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace modelarts::obs {

/// `obs.region_for_v4`, else `region`.
std::string v4_region(const client_options& options);

/// The signer for client_options::obs.signature: obs_v2_signer in the OBS or
/// AWS dialect, or v4_signer for service `s3` in v4_region().
std::shared_ptr<const auth::signer> make_signer(const client_options& options, auth::access_key key);

/// A SigV4 query-string presigned URL (`X-Amz-Algorithm`, `X-Amz-Credential`,
/// `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders=host`, the security
/// token for temporary keys, `X-Amz-Signature`), payload `UNSIGNED-PAYLOAD`.
/// `host` is the Host the URL names (with a non-default port);
/// `decoded_path` the request path. Throws std::invalid_argument when
/// `expires_in` is not within 1 s .. 7 days (SigV4's limit).
std::string v4_presigned_url(const auth::access_key& key, std::string_view region, std::string_view method,
                             std::string_view scheme, std::string_view host, std::string_view decoded_path,
                             auth::clock::time_point now, std::chrono::seconds expires_in);

} // namespace modelarts::obs
