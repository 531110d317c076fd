// The benchmark's request, signed the way the SDK signs it, for the baselines.
#pragma once

#include "load_run.hpp"

#include <string>

namespace modelarts::bench {

struct signing_identity {
  std::string access_key;
  std::string secret_key;
  std::string project_id;
  std::string user_agent; ///< sent (and signed) as the SDK sends its own
};

/// `GET {endpoint}/v2/{project_id}/training-job-flavors`, the request behind
/// `training_client::list_flavors()`. Each `sign()` builds it anew and signs it
/// with `auth::apig_signer` at the current time, so a baseline sends the same
/// header fields as the SDK (User-Agent, X-Project-Id, X-Sdk-Date, Host,
/// Authorization).
signed_get signed_flavor_request(const std::string& endpoint, const std::string& ca_file,
                                 const signing_identity& identity);

} // namespace modelarts::bench
