// Percent-encoding as the signers and the wire need it.
#pragma once

#include <string>
#include <string_view>

namespace modelarts::http {

/// RFC 3986: keeps `A-Z a-z 0-9 - _ . ~` (and '/' when keep_slash), encodes
/// every other byte as upper-case `%XX` (space → `%20`).
std::string uri_encode(std::string_view s, bool keep_slash = false);
/// Decodes `%XX`; a malformed escape is kept as is. '+' stays '+'.
std::string uri_decode(std::string_view s);

} // namespace modelarts::http
