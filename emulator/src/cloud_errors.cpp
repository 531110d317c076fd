#include "cloud_errors.hpp"

#include "wire_format.hpp"

#include "modelarts/emulator/emulator.hpp"

#include <boost/json.hpp>

namespace modelarts::emulator {

http::response json_response(unsigned status, std::string body) {
  http::response res;
  res.status = status;
  res.headers.set("Content-Type", "application/json;charset=UTF-8");
  res.body = std::move(body);
  return res;
}

http::response apig_error(unsigned status, std::string_view error_code, std::string_view error_msg) {
  boost::json::object body;
  body["error_code"] = error_code;
  body["error_msg"] = error_msg;
  return json_response(status, boost::json::serialize(body));
}

http::response iam_error(unsigned status, std::string_view message) {
  boost::json::object error;
  error["code"] = status;
  error["message"] = message;
  error["title"] = reason_phrase(status);
  boost::json::object body;
  body["error"] = std::move(error);
  return json_response(status, boost::json::serialize(body));
}

http::response injected_error(const fault& f, const http::request& req) {
  http::response res;
  if (req.path.starts_with("/v3/")) {
    res = iam_error(f.status, "Injected by the emulator.");
  } else {
    const std::string_view code = !f.error_code.empty() ? std::string_view(f.error_code)
                                  : f.status == 429     ? "APIG.0308"
                                                        : "ModelArts.0001";
    res = apig_error(f.status, code, "Injected by the emulator.");
  }
  if (f.retry_after_seconds > 0) res.headers.set("Retry-After", std::to_string(f.retry_after_seconds));
  return res;
}

} // namespace modelarts::emulator
