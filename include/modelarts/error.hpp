// Errors: client-side error codes and api_error, the cloud's own answer.
#pragma once

#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <iosfwd>
#include <string>
#include <type_traits>

namespace modelarts {

/// Failures the SDK itself detects (as opposed to an error the service returned),
/// plus `service_error`, the code every `api_error` carries.
///
/// The values are stable: new codes are appended, never renumbered.
/// `attempt_timeout` and `deadline_exceeded` compare equal to
/// `boost::system::errc::timed_out`, `sink_aborted` to
/// `boost::system::errc::operation_canceled`.
enum class errc {
  ok = 0,
  malformed_response = 1,   ///< a body that is not what the API documents
  body_too_large,           ///< a response body beyond the configured limit
  truncated_body,           ///< the connection ended before the announced length
  deadline_exceeded,        ///< the request's total deadline passed
  attempt_timeout,          ///< one attempt took longer than its timeout
  retries_exhausted,        ///< every attempt allowed by the retry policy failed
  retry_budget_exhausted,   ///< the client-wide retry budget refused a retry
  credentials_missing,      ///< no AK/SK and no user/password could be found
  invalid_configuration,    ///< an option or environment value is unusable
  token_unavailable,        ///< IAM answered, but without a token header
  proxy_error,              ///< the HTTPS proxy refused the CONNECT
  sink_aborted,             ///< the caller's body sink asked to stop
  service_error,            ///< the service answered with an error (an api_error)
  object_changed,           ///< an OBS object changed while a transfer was resumed (If-Match failed)
  unsafe_object_key,        ///< an object key that would escape the download folder (`../`, `/…`, NUL)
  invalid_argument,         ///< a request the SDK refuses before sending it (see the message)
  invalid_state,            ///< the resource's current state forbids the operation (e.g. terminate a finished job)
  resource_failed,          ///< a waited-for job, model or service reached a failure state
  wait_deadline_exceeded,   ///< a waiter's deadline passed; the resource is still in progress server-side
  checksum_mismatch,        ///< the service stored other bytes than were sent (an upload's ETag is not their MD5)
};

/// The category of `errc`, named "modelarts".
const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

/// An error answer from a service (HTTP status ≥ 400), with the service's own
/// diagnostics. `what()` reads like
/// `HTTP 404 ModelArts.0104: training job not found (request id 5f1e...)`.
///
/// `code()` is always `errc::service_error`: one value to catch on whatever the
/// service said. The HTTP status and the service's code are the precise
/// diagnosis; branch on `http_status()` and `service_code()`.
class api_error : public boost::system::system_error {
public:
  api_error(unsigned http_status, std::string service_code, std::string message,
            std::string request_id, std::string solution = {});

  /// `HTTP <status>[ <service code>]: <message>[ (request id <id>)]`.
  const char* what() const noexcept override { return what_.c_str(); }

  unsigned http_status() const noexcept { return http_status_; }
  /// The service's code: `ModelArts.0104`, `APIG.0301`, `NoSuchKey`... May be empty.
  const std::string& service_code() const noexcept { return service_code_; }
  const std::string& message() const noexcept { return message_; }
  /// `X-Request-Id` (or OBS `x-obs-request-id`): quote it to support.
  const std::string& request_id() const noexcept { return request_id_; }
  /// ModelArts' `error_solution` where the service gives one.
  const std::string& solution() const noexcept { return solution_; }
  /// OBS `HostId` where the service gives one.
  const std::string& host_id() const noexcept { return host_id_; }
  void set_host_id(std::string id) { host_id_ = std::move(id); }

private:
  unsigned http_status_;
  std::string service_code_;
  std::string message_;
  std::string request_id_;
  std::string solution_;
  std::string host_id_;
  std::string what_;
};

/// `what()`, then the solution and the OBS host id when the service gave them.
std::ostream& operator<<(std::ostream& os, const api_error& e);

} // namespace modelarts

template <>
struct boost::system::is_error_code_enum<modelarts::errc> : std::true_type {};
