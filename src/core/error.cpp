#include <modelarts/error.hpp>

#include <ostream>

namespace modelarts {
namespace {

// boost::system::error_category has a protected non-virtual destructor on
// purpose (categories are never deleted through a base pointer); Boost's own
// categories silence this warning the same way.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class modelarts_category final : public boost::system::error_category {
public:
  // A fixed identifier makes two copies of the category (one per shared
  // library that links this one statically) compare equal.
  constexpr modelarts_category() noexcept : error_category(0x6d6f64656c617274ULL) {}

  const char* name() const noexcept override { return "modelarts"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::ok: return "success";
      case errc::malformed_response: return "the response is not what the API documents";
      case errc::body_too_large: return "the response body is larger than the configured limit";
      case errc::truncated_body: return "the connection ended before the whole body arrived";
      case errc::deadline_exceeded: return "the call's total deadline passed";
      case errc::attempt_timeout: return "an attempt took longer than its timeout";
      case errc::retries_exhausted: return "every attempt allowed by the retry policy failed";
      case errc::retry_budget_exhausted: return "the client's retry budget is exhausted";
      case errc::credentials_missing: return "no usable credentials were found";
      case errc::invalid_configuration: return "invalid configuration";
      case errc::token_unavailable: return "IAM returned no token";
      case errc::proxy_error: return "the HTTPS proxy refused the tunnel";
      case errc::sink_aborted: return "the body sink aborted the transfer";
      case errc::service_error: return "the service returned an error";
      case errc::object_changed: return "the object changed since the transfer began";
      case errc::unsafe_object_key: return "the object key would escape the target folder";
      case errc::invalid_argument: return "invalid argument";
      case errc::invalid_state: return "the resource's current state does not allow this operation";
      case errc::resource_failed: return "the resource reached a failure state";
      case errc::wait_deadline_exceeded:
        return "the wait's deadline passed while the resource was still in progress";
      case errc::checksum_mismatch: return "the service's checksum of the data does not match the data sent";
    }
    return "unknown modelarts error";
  }

  // Lets callers test the timeouts and cancellations against the portable
  // conditions (`ec == boost::system::errc::timed_out`) whatever their source.
  boost::system::error_condition default_error_condition(int value) const noexcept override {
    switch (static_cast<errc>(value)) {
      case errc::deadline_exceeded:
      case errc::attempt_timeout:
      case errc::wait_deadline_exceeded:
        return boost::system::errc::make_error_condition(boost::system::errc::timed_out);
      case errc::sink_aborted:
        return boost::system::errc::make_error_condition(boost::system::errc::operation_canceled);
      default:
        return {value, *this};
    }
  }
};
#pragma GCC diagnostic pop

constexpr modelarts_category the_category;

std::string format_what(unsigned status, const std::string& code, const std::string& message,
                        const std::string& request_id) {
  std::string w = "HTTP " + std::to_string(status);
  if (!code.empty()) w += " " + code;
  w += ": ";
  w += message;
  if (!request_id.empty()) w += " (request id " + request_id + ")";
  return w;
}

} // namespace

const boost::system::error_category& category() noexcept { return the_category; }

api_error::api_error(unsigned http_status, std::string service_code, std::string message,
                     std::string request_id, std::string solution)
    : boost::system::system_error(make_error_code(errc::service_error)),
      http_status_(http_status),
      service_code_(std::move(service_code)),
      message_(std::move(message)),
      request_id_(std::move(request_id)),
      solution_(std::move(solution)),
      what_(format_what(http_status_, service_code_, message_, request_id_)) {}

std::ostream& operator<<(std::ostream& os, const api_error& e) {
  os << e.what();
  if (!e.solution().empty()) os << "; solution: " << e.solution();
  if (!e.host_id().empty()) os << "; host id: " << e.host_id();
  return os;
}

} // namespace modelarts
