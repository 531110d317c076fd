// Predictions against a running real-time service: JSON in, JSON out, or
// files uploaded as multipart/form-data. Requests go to the service's access
// address with the client's credentials (IAM token or AK/SK signature), over
// the client's connection pool, so thousands of predictions in flight share a
// bounded set of connections (client_options::pool.max_connections).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace modelarts {

class client;
namespace detail {
class client_core;
}

namespace inference {

/// Per call. A prediction is a POST: once it may have reached the service it
/// is not sent again (the model could run twice), unless `idempotent` says
/// the caller does not mind. A connection that failed before the request was
/// sent and a throttling answer (429: the request was refused unprocessed) are
/// retried per the client's retry_options either way; 5xx and timeouts only
/// when `idempotent`.
struct predict_options {
  /// Appended to the access address (e.g. `/v1/classify`); empty or `/`: the address itself.
  std::string path;
  /// The whole call, retries included; empty: client_options::timeout.total.
  std::optional<std::chrono::milliseconds> deadline;
  bool idempotent = false;
  /// Extra header fields (e.g. `X-Apig-Mode`); Content-Type and authentication are set by the SDK.
  std::vector<std::pair<std::string, std::string>> headers;
};

/// One file of a multipart upload.
struct file_part {
  std::filesystem::path path;
  /// The form field; S0's `data_type` names it: `files` or `images`.
  std::string field_name = "files";
  /// Empty: the path's file name.
  std::string file_name;
  std::string content_type = "application/octet-stream";
};

/// A plain text field of a multipart upload.
struct form_field {
  std::string name;
  std::string value;
};

/// What the service answered: the status (< 400; errors throw api_error),
/// its Content-Type and body.
struct raw_prediction {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

class predictor {
public:
  /// `access_address` as the service reports it (`service::access_address`),
  /// e.g. `https://…/v1/infers/<service id>`. Throws system_error
  /// errc::invalid_argument when it is not an http(s) URL.
  predictor(const client& c, std::string access_address);
  predictor(std::shared_ptr<detail::client_core> core, std::string access_address);

  /// Looks the service up and takes its access address. Throws
  /// system_error(errc::invalid_state) unless the service is running (or
  /// concerning: it still answers) and has an access address.
  static boost::asio::awaitable<predictor> for_service(const client& c, std::string service_id);

  /// POSTs `input` as application/json; the answer must be JSON
  /// (errc::malformed_response otherwise).
  boost::asio::awaitable<boost::json::value> predict(boost::json::value input, predict_options options) const;
  /// Default options. (An overload, not a default argument: g++ 12 may destroy
  /// a default argument made inside a co_await expression twice.)
  boost::asio::awaitable<boost::json::value> predict(boost::json::value input) const;

  /// POSTs the files (and fields) as multipart/form-data. Throws
  /// errc::invalid_argument for a file that cannot be read, before sending.
  boost::asio::awaitable<boost::json::value> predict_files(std::vector<file_part> files,
                                                           std::vector<form_field> fields = {},
                                                           predict_options options = {}) const;
  /// One image in the `images` field (S0's data_type `images`).
  boost::asio::awaitable<boost::json::value> predict_image(std::filesystem::path image,
                                                           predict_options options = {}) const;

  /// Any body and content type; the answer as it came.
  boost::asio::awaitable<raw_prediction> predict_raw(std::string body, std::string content_type,
                                                     predict_options options = {}) const;

  [[nodiscard]] const std::string& access_address() const { return address_; }

private:
  std::shared_ptr<detail::client_core> core_;
  std::string address_;
};

} // namespace inference
} // namespace modelarts
