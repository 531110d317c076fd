// Reading a service's error answer, whatever shape it comes in.
#pragma once

#include "core/http_message.hpp"

#include <modelarts/error.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace modelarts {

/// Builds the api_error for a response with status ≥ 400. Understands
/// - ModelArts/APIG JSON: `{"error_code", "error_msg" (or the misspelt
///   "error_message"), "error_solution", "request_id"}`;
/// - `{"code", "message"}` and IAM's nested `{"error": {"code", "message", "title"}}`
///   (a numeric code becomes its decimal text);
/// - OBS/S3 XML: `<Error><Code/><Message/><RequestId/><HostId/></Error>`;
/// - anything else (a gateway's HTML page, plain text, broken JSON): the
///   message is a one-line excerpt of the text, tags stripped, ≤ ~200 bytes;
///   an empty body gives the status's reason phrase.
/// The request id comes from `X-Request-Id`, else `x-obs-request-id`, else
/// `x-amz-request-id`, else the body. No other header is read, so no credential
/// can leak into the error. Never throws (except std::bad_alloc).
api_error parse_api_error(unsigned status, const http::header_list& headers, std::string_view body);

/// True when the service refused the request because the client's clock (the
/// signature's date) is too far from its own: OBS/S3 `RequestTimeTooSkewed`,
/// APIG `signature expired`, or another message that says the request time is
/// skewed or expired. The caller can then correct its clock from the
/// response's `Date` header and sign again.
///
/// `APIG.0201` alone is not enough: APIG uses that code for any bad request,
/// so it counts only with a message that speaks of expiry.
bool is_clock_skew_error(const api_error& e);

/// The wait a `Retry-After` header asks for: delta-seconds (`120`) or an
/// HTTP-date, relative to `now`. A date in the past gives 0 s; a value that is
/// neither gives nullopt. Very large values are capped at 2^31−1 s.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

} // namespace modelarts
