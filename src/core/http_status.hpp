// HTTP status reason phrases, for errors whose response carried no text.
#pragma once

#include <string_view>

namespace modelarts::http {

/// The standard reason phrase (`Not Found`, `Bad Gateway`...); for a status
/// without one, `Client Error`, `Server Error` or `Unknown Status` by class.
std::string_view reason_phrase(unsigned status) noexcept;

} // namespace modelarts::http
