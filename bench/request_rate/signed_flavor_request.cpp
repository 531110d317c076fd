#include "signed_flavor_request.hpp"

#include "auth/signer.hpp"
#include "core/http_message.hpp"

#include <memory>

namespace modelarts::bench {

signed_get signed_flavor_request(const std::string& endpoint, const std::string& ca_file,
                                 const signing_identity& identity) {
  auto signer = std::make_shared<const auth::apig_signer>(
      auth::access_key{identity.access_key, identity.secret_key, {}}, identity.project_id);
  const auto to = http::parse_origin(endpoint);
  const std::string path = "/v2/" + identity.project_id + "/training-job-flavors";

  signed_get get;
  get.origin = to.scheme + "://" + to.host_header();
  get.path = path;
  get.ca_file = ca_file;
  get.sign = [signer, to, path, user_agent = identity.user_agent] {
    http::request req;
    req.method = "GET";
    req.to = to;
    req.path = path;
    req.headers.set("User-Agent", user_agent);
    signer->sign(req, auth::clock::now());
    header_fields fields;
    fields.reserve(req.headers.size());
    for (const auto& f : req.headers) fields.emplace_back(f.name, f.value);
    return fields;
  };
  return get;
}

} // namespace modelarts::bench
