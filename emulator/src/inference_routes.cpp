#include "inference_routes.hpp"

#include "cloud_errors.hpp"
#include "inference_multipart.hpp"
#include "request_auth.hpp"
#include "service_store.hpp"

#include "auth/crypto.hpp"

#include <boost/json.hpp>

namespace modelarts::emulator {
namespace {

namespace json = boost::json;

void add_numbers(const json::value& v, double& sum, std::int64_t& count) {
  if (v.is_number()) {
    sum += v.to_number<double>();
    ++count;
  } else if (v.is_array()) {
    for (const auto& item : v.get_array()) add_numbers(item, sum, count);
  }
}

http::response predict(service_store& store, const http::request& req, const path_params& params) {
  const auto id = params.get("service_id");
  if (auto refused = store.admit_prediction(id)) return std::move(*refused);
  json::object answer;
  answer["service_id"] = id;
  const auto rest = params.get("path");
  answer["path"] = rest.empty() ? std::string("/") : "/" + std::string(rest);

  const auto content_type = req.headers.get("Content-Type").value_or("");
  if (const auto boundary = multipart_boundary(content_type); !boundary.empty()) {
    const auto parts = parse_multipart(req.body, boundary);
    if (!parts) return apig_error(400, "ModelArts.3501", "The multipart body is not well-formed.");
    json::array files;
    json::object fields;
    for (const auto& p : *parts) {
      if (!p.file_name) {
        fields[p.name] = p.data;
        continue;
      }
      json::object f;
      f["field"] = p.name;
      f["filename"] = *p.file_name;
      f["content_type"] = p.content_type;
      f["size"] = p.data.size();
      f["md5"] = auth::hex_lower(auth::md5(p.data));
      files.push_back(std::move(f));
    }
    answer["files"] = std::move(files);
    answer["fields"] = std::move(fields);
    return json_response(200, json::serialize(answer));
  }

  boost::system::error_code ec;
  const auto input = json::parse(req.body, ec);
  if (ec || !input.is_object()) return apig_error(400, "ModelArts.3501", "The request body must be a JSON object.");
  double sum = 0;
  std::int64_t count = 0;
  if (const auto* inputs = input.as_object().if_contains("inputs")) add_numbers(*inputs, sum, count);
  answer["sum"] = sum;
  answer["count"] = count;
  return json_response(200, json::serialize(answer));
}

} // namespace

void add_inference_routes(router& routes, emulator_state& state, std::shared_ptr<service_store> services) {
  auto answer = [services](const http::request& req, const path_params& params) {
    return predict(*services, req, params);
  };
  routes.add("POST", "/v1/infers/{service_id}", require_apig_auth(state, answer));
  routes.add("POST", "/v1/infers/{service_id}/{path+}", require_apig_auth(state, answer));
}

} // namespace modelarts::emulator
