// The parts of HTTP/1.1 framing the emulator does itself, free of Beast:
// splitting a request target, finishing an answer with the headers every
// answer carries, and writing the status line and header block. Writing the
// bytes by hand is what lets faults cut an answer at any byte.
#pragma once

#include "core/http_message.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace modelarts::emulator {

/// Sets into.path (decoded) and into.query (keys and values decoded, in
/// order; a key without '=' gets an empty value) from an origin-form target.
/// An absolute-form target (`http://host/path`) is reduced to its path.
void parse_target(std::string_view target, http::request& into);

/// The origin a request was addressed to, from its Host header.
http::origin origin_from_host(std::string_view host_header, bool tls, std::uint16_t local_port);

/// 32 random hex digits, one per answer.
std::string new_request_id();

/// Adds `X-Request-Id`, `Date` (RFC 1123 of `now`), `Content-Type` (JSON
/// unless set; none on an empty 204 or 304), `Content-Length` (`body_size`;
/// kept as set by the handler for HEAD), `Server`, and `Connection: close`
/// unless keep_alive.
void finish_response(http::response& res, const http::request& req, std::string_view request_id,
                     std::chrono::system_clock::time_point now, bool keep_alive, std::uint64_t body_size);

/// `HTTP/1.1 <status> <reason>\r\n` + header lines + `\r\n`. CR and LF inside
/// names and values are dropped so a handler cannot split the answer.
std::string serialize_head(const http::response& res);

std::string_view reason_phrase(unsigned status);

} // namespace modelarts::emulator
