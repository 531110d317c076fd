#include "obs_answer.hpp"

#include "xml_document.hpp"

#include <cstdio>
#include <ctime>

namespace modelarts::emulator {

namespace {

// Fixed: clients only echo it in bug reports.
constexpr std::string_view host_id = "bW9kZWxhcnRzLWVtdWxhdG9yLW9icw==";

unsigned status_of(std::string_view code) {
  struct entry {
    std::string_view code;
    unsigned status;
  };
  static constexpr entry table[] = {
      {"AccessDenied", 403}, {"InvalidAccessKeyId", 403}, {"SignatureDoesNotMatch", 403},
      {"RequestTimeTooSkewed", 403}, {"NoSuchBucket", 404}, {"NoSuchKey", 404}, {"NoSuchUpload", 404},
      {"MethodNotAllowed", 405}, {"BucketAlreadyOwnedByYou", 409}, {"BucketAlreadyExists", 409},
      {"BucketNotEmpty", 409}, {"OperationAborted", 409}, {"MissingContentLength", 411},
      {"PreconditionFailed", 412}, {"InvalidRange", 416}, {"InternalError", 500},
      {"NotImplemented", 501}, {"SlowDown", 503}, {"ServiceUnavailable", 503},
      {"RequestTimeout", 400},
  };
  for (const auto& e : table) {
    if (e.code == code) return e.status;
  }
  return 400; // every other code of the table in obs_answer.hpp is a client error
}

} // namespace

obs_failure::obs_failure(std::string code, std::string message,
                         std::vector<std::pair<std::string, std::string>> details)
    : std::runtime_error(message), status_(status_of(code)), code_(std::move(code)),
      details_(std::move(details)) {}

obs_failure::obs_failure(unsigned status, std::string code, std::string message)
    : std::runtime_error(message), status_(status), code_(std::move(code)) {}

std::string_view obs_request::header_prefix() const {
  return dialect == auth::obs_dialect::obs ? "x-obs-" : "x-amz-";
}

std::string_view obs_request::query(std::string_view name) const {
  for (const auto& q : head().query) {
    if (q.key == name) return q.value;
  }
  return {};
}

bool obs_request::has_query(std::string_view name) const {
  for (const auto& q : head().query) {
    if (q.key == name) return true;
  }
  return false;
}

reply obs_answer(std::string_view request_id, unsigned status) {
  reply r;
  r.message.status = status;
  r.message.headers.set("x-obs-request-id", request_id);
  r.message.headers.set("x-amz-request-id", request_id);
  r.message.headers.set("x-obs-id-2", host_id);
  r.message.headers.set("x-amz-id-2", host_id);
  return r;
}

reply obs_xml_answer(std::string_view request_id, unsigned status, std::string xml) {
  auto r = obs_answer(request_id, status);
  r.message.headers.set("Content-Type", "application/xml");
  r.message.body = std::move(xml);
  return r;
}

reply obs_error_answer(std::string_view request_id, const obs_failure& failure) {
  xml_writer w;
  w.open("Error");
  w.element("Code", failure.code());
  w.element("Message", failure.what());
  for (const auto& [name, value] : failure.details()) w.element(name, value);
  w.element("RequestId", request_id);
  w.element("HostId", host_id);
  w.close("Error");
  return obs_xml_answer(request_id, failure.status(), w.take());
}

std::string_view obs_code_for_status(unsigned status) {
  switch (status) {
  case 400: return "InvalidRequest";
  case 403: return "AccessDenied";
  case 404: return "NoSuchKey";
  case 405: return "MethodNotAllowed";
  case 408: return "RequestTimeout";
  case 409: return "OperationAborted";
  case 412: return "PreconditionFailed";
  case 416: return "InvalidRange";
  case 429:
  case 503: return "SlowDown";
  case 501: return "NotImplemented";
  default: return status >= 500 ? "InternalError" : "InvalidRequest";
  }
}

std::string iso8601(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const auto seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[80];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

} // namespace modelarts::emulator
