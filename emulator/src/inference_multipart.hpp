// Reads a multipart/form-data body (RFC 7578) held in memory.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::emulator {

struct form_part {
  std::string name;
  std::optional<std::string> file_name; ///< present for file parts
  std::string content_type;
  std::string_view data; ///< points into the body
};

/// The boundary parameter of a `multipart/form-data; boundary=…` Content-Type, or empty.
std::string multipart_boundary(std::string_view content_type);

/// The parts, or nullopt when the body is not well-formed for `boundary`.
std::optional<std::vector<form_part>> parse_multipart(std::string_view body, std::string_view boundary);

} // namespace modelarts::emulator
