// OBS: two service routes (virtual-hosted requests, tried before every other
// route since any path may be an object key; path-style requests, tried
// after the other services' routes), one dispatch by method and
// sub-resource, authentication first.
#include "routes.hpp"

#include "obs_address.hpp"
#include "obs_auth.hpp"
#include "obs_service.hpp"

#include "auth/signer.hpp"

#include <memory>

namespace modelarts::emulator {

namespace {

using operation = route_start (*)(obs_service&, const obs_request&);

[[noreturn]] void not_implemented(std::string_view what) {
  throw obs_failure("NotImplemented", "A header or query you provided implies functionality that is not "
                                      "implemented: " + std::string(what));
}

[[noreturn]] void method_not_allowed() {
  throw obs_failure("MethodNotAllowed", "The specified method is not allowed against this resource.");
}

/// Sub-resources (acl, policy, versioning...) the emulator does not serve
/// are refused rather than mistaken for the plain operation.
void refuse_other_sub_resources(const obs_request& r, std::initializer_list<std::string_view> served) {
  for (const auto& q : r.head().query) {
    if (!auth::is_obs_sub_resource(q.key)) continue;
    if (q.key.starts_with("response-")) continue; // GET's header overrides
    if (q.key.starts_with("x-obs-")) continue;    // e.g. a presigned URL's security token
    if (std::find(served.begin(), served.end(), q.key) == served.end()) not_implemented("?" + q.key);
  }
}

operation bucket_operation(const obs_request& r) {
  const auto& m = r.head().method;
  if (m == "PUT") {
    refuse_other_sub_resources(r, {});
    return create_bucket;
  }
  if (m == "DELETE") {
    refuse_other_sub_resources(r, {});
    return delete_bucket;
  }
  if (m == "HEAD") return head_bucket;
  if (m == "GET") {
    if (r.has_query("location")) return get_bucket_location;
    if (r.has_query("uploads")) return list_multipart_uploads;
    refuse_other_sub_resources(r, {});
    return list_objects;
  }
  if (m == "POST" && r.has_query("delete")) return delete_objects;
  method_not_allowed();
}

operation object_operation(const obs_request& r) {
  const auto& m = r.head().method;
  const auto& h = r.head().headers;
  const bool copy = h.contains("x-obs-copy-source") || h.contains("x-amz-copy-source");
  if (m == "PUT") {
    if (r.has_query("uploadId") || r.has_query("partNumber")) {
      return copy ? upload_part_copy : upload_part;
    }
    refuse_other_sub_resources(r, {});
    return copy ? copy_object : put_object;
  }
  if (m == "GET" || m == "HEAD") {
    if (m == "GET" && r.has_query("uploadId")) return list_parts;
    refuse_other_sub_resources(r, {});
    return get_object;
  }
  if (m == "DELETE") return r.has_query("uploadId") ? abort_multipart_upload : delete_object;
  if (m == "POST") {
    if (r.has_query("uploads")) return initiate_multipart_upload;
    if (r.has_query("uploadId")) return complete_multipart_upload;
  }
  method_not_allowed();
}

route_start serve(obs_service& s, const incoming& in) {
  const auto address = obs_address_of(in.head, s.base_hosts);
  obs_request request{in, address.value_or(obs_address{})};
  try {
    authenticate_obs(s.state, request);
    if (request.address.bucket.empty()) {
      if (in.head.method != "GET") method_not_allowed();
      return list_buckets(s, request);
    }
    const operation op = request.address.key.empty() ? bucket_operation(request) : object_operation(request);
    return op(s, request);
  } catch (const obs_failure& f) {
    return obs_error_answer(in.request_id, f);
  } catch (const std::exception&) {
    return obs_error_answer(in.request_id,
                            obs_failure("InternalError", "We encountered an internal error. Please try again."));
  }
}

reply injected_obs_error(const fault& f, const incoming& in) {
  if (f.status >= 200 && f.status < 300) {
    // A success that stores nothing, with `error_code` as its ETag: how a
    // test shows a client an ETag that is not the MD5 of what it sent.
    auto res = obs_answer(in.request_id, f.status);
    if (!f.error_code.empty()) res.message.headers.set("ETag", quoted_etag(f.error_code));
    return res;
  }
  const std::string code = f.error_code.empty() ? std::string(obs_code_for_status(f.status)) : f.error_code;
  const std::string message = code == "SlowDown" ? "Please reduce your request rate." : "Injected by the emulator.";
  auto res = obs_error_answer(in.request_id, obs_failure(f.status, code, message));
  if (f.retry_after_seconds > 0) res.message.headers.set("Retry-After", std::to_string(f.retry_after_seconds));
  return res;
}

service_route obs_route(const std::shared_ptr<obs_service>& service, bool virtual_hosted) {
  service_route r;
  r.applies = [service, virtual_hosted](const http::request& req) {
    const bool by_host = bucket_from_host(req.to.host, service->base_hosts).has_value();
    return by_host == virtual_hosted && obs_address_of(req, service->base_hosts).has_value();
  };
  r.start = [service](const incoming& in) { return serve(*service, in); };
  r.logged_path = [service](const http::request& req) {
    return path_style_path(obs_address_of(req, service->base_hosts).value_or(obs_address{}));
  };
  r.injected_error = injected_obs_error;
  r.body_on_workers = true;
  r.tried_first = virtual_hosted;
  return r;
}

} // namespace

void add_obs_routes(router& routes, emulator_state& state) {
  auto service = std::make_shared<obs_service>(state);
  routes.add_service(obs_route(service, true));
  routes.add_service(obs_route(service, false));
}

} // namespace modelarts::emulator
