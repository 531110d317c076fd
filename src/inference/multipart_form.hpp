// A multipart/form-data body (RFC 7578): text fields and file parts. The
// part headings and the closing delimiter are kept as text; file contents are
// referenced by path and size and read by the transport while it sends, so a
// form of any size costs only its headings in memory.
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
  /// `boundary`: 1–70 characters from RFC 2046's set, never found in the
  /// contents (random_boundary() makes one).
  explicit multipart_form(std::string boundary);

  void add_field(std::string_view name, std::string_view value);
  /// `size` bytes of the file at `path` (from its start). The transport
  /// refuses to send a file that has become shorter (errc::truncated_body).
  void add_file(std::string_view field, std::string_view file_name, std::string_view content_type,
                const std::filesystem::path& path, std::uint64_t size);

  /// `multipart/form-data; boundary=…`
  [[nodiscard]] std::string content_type() const;
  /// The body as a request sends it, closing delimiter included. The texts
  /// are borrowed from this form, which must outlive the request's exchange
  /// and not be changed meanwhile.
  [[nodiscard]] std::vector<http::body_piece> body_pieces() const;
  /// Bytes of the whole body.
  [[nodiscard]] std::uint64_t size() const;

private:
  struct part {
    std::string heading; // the delimiter and the part's header fields; a field's value too
    std::optional<http::file_body> file;
  };
  std::string boundary_;
  std::vector<part> parts_;
  std::string closing_; // the CRLF that ends the last part's content, then the closing delimiter
};

/// 32 random hexadecimal digits after a fixed prefix.
std::string random_boundary();

/// A field or file name for a quoted header parameter: `"`, CR and LF are
/// percent-encoded (as browsers do), so a name cannot end the parameter or the line.
std::string quoted_parameter(std::string_view value);

} // namespace modelarts::inference
