// A multipart/form-data body (RFC 7578): text fields and file parts. The
// part heads and the closing delimiter are built in memory; file contents are
// referenced by path and range, so a transport that streams file ranges can
// send them between the texts without holding them.
#pragma once

#include "core/http_message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::inference {

class multipart_form {
public:
  /// One piece of the body, in order: text, or the whole of a file.
  struct piece {
    std::string text;
    std::optional<http::file_body> file;
  };

  /// `boundary`: 1–70 characters from RFC 2046's set, never found in the
  /// contents (random_boundary() makes one).
  explicit multipart_form(std::string boundary);

  void add_field(std::string_view name, std::string_view value);
  /// `size` bytes of the file at `path` (from its start).
  void add_file(std::string_view field, std::string_view file_name, std::string_view content_type,
                const std::filesystem::path& path, std::uint64_t size);

  /// `multipart/form-data; boundary=…`
  [[nodiscard]] std::string content_type() const;
  /// The pieces with the closing delimiter appended.
  [[nodiscard]] std::vector<piece> pieces() const;
  /// Bytes of the whole body.
  [[nodiscard]] std::uint64_t size() const;
  /// The whole body in one string: texts and file contents. Throws
  /// system_error when a file cannot be read or is shorter than announced.
  [[nodiscard]] std::string materialize() const;

private:
  std::string boundary_;
  std::vector<piece> pieces_;
};

/// 32 random hexadecimal digits after a fixed prefix.
std::string random_boundary();

/// A field or file name for a quoted header parameter: `"`, CR and LF are
/// percent-encoded (as browsers do), so a name cannot end the parameter or the line.
std::string quoted_parameter(std::string_view value);

} // namespace modelarts::inference
