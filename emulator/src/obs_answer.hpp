// OBS answers: the request-id headers every answer carries, XML bodies in
// the S3 2006-03-01 namespace, and errors in OBS's XML form
//   <Error><Code/><Message/><RequestId/><HostId/></Error>
// Error codes and their statuses (S3's, which OBS shares):
//   400 BadDigest InvalidDigest InvalidArgument InvalidBucketName
//       InvalidPart InvalidPartOrder EntityTooSmall EntityTooLarge
//       MalformedXML InvalidRequest KeyTooLongError
//       XAmzContentSHA256Mismatch AuthorizationHeaderMalformed
//   403 AccessDenied InvalidAccessKeyId SignatureDoesNotMatch RequestTimeTooSkewed
//   404 NoSuchBucket NoSuchKey NoSuchUpload
//   405 MethodNotAllowed   409 BucketAlreadyOwnedByYou BucketNotEmpty
//   411 MissingContentLength   412 PreconditionFailed   416 InvalidRange
//   500 InternalError   501 NotImplemented   503 SlowDown
#pragma once

#include "exchange.hpp"
#include "obs_address.hpp"

#include "auth/signer.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modelarts::emulator {

inline constexpr std::string_view s3_xmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

/// An OBS error to answer. Thrown by the store and the operations; the OBS
/// route turns it into the XML answer.
class obs_failure : public std::runtime_error {
public:
  /// The status comes from the code (see the table above).
  obs_failure(std::string code, std::string message,
              std::vector<std::pair<std::string, std::string>> details = {});
  obs_failure(unsigned status, std::string code, std::string message);

  [[nodiscard]] unsigned status() const { return status_; }
  [[nodiscard]] const std::string& code() const { return code_; }
  /// Further elements of the error document (BucketName, Key, StringToSign...).
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& details() const { return details_; }

private:
  unsigned status_;
  std::string code_;
  std::vector<std::pair<std::string, std::string>> details_;
};

/// One OBS request being served: where it goes, and in which dialect
/// (`x-obs-` or `x-amz-` headers) to answer, as its signature chose.
struct obs_request {
  const incoming& in;
  obs_address address;
  auth::obs_dialect dialect = auth::obs_dialect::obs;
  /// SigV4's declared payload hash (hex) that the body must match; empty
  /// when there is none to check (UNSIGNED-PAYLOAD, V2).
  std::string payload_sha256{};

  [[nodiscard]] const http::request& head() const { return in.head; }
  /// `x-obs-` or `x-amz-`.
  [[nodiscard]] std::string_view header_prefix() const;
  [[nodiscard]] std::string_view query(std::string_view name) const;
  [[nodiscard]] bool has_query(std::string_view name) const;
};

/// An answer with no body and the request-id headers (`x-obs-request-id`,
/// `x-amz-request-id`, `x-obs-id-2`, `x-amz-id-2`).
reply obs_answer(std::string_view request_id, unsigned status);
/// The same with an XML body (`application/xml`).
reply obs_xml_answer(std::string_view request_id, unsigned status, std::string xml);
reply obs_error_answer(std::string_view request_id, const obs_failure& failure);
/// The default code for an injected status: SlowDown for 503 and 429,
/// InternalError for other 5xx, and a fitting client error for 4xx.
std::string_view obs_code_for_status(unsigned status);

/// `2024-05-01T12:00:00.000Z`, the form of LastModified, Initiated, CreationDate.
std::string iso8601(std::chrono::system_clock::time_point t);

} // namespace modelarts::emulator
