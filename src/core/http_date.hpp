// HTTP dates (RFC 9110 §5.6.7), used by Retry-After and the Date header.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace modelarts::http {

/// Parses the three forms a recipient must accept: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
/// The weekday is not checked against the date. Anything else gives nullopt.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

/// IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT` (whole seconds).
std::string format_http_date(std::chrono::system_clock::time_point t);

} // namespace modelarts::http
