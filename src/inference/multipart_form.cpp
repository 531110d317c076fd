#include "inference/multipart_form.hpp"

#include "modelarts/error.hpp"

#include <random>

namespace modelarts::inference {

std::string quoted_parameter(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += "%22";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  out += '"';
  return out;
}

std::string random_boundary() {
  static constexpr char digits[] = "0123456789abcdef";
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::string b = "modelarts-cpp-";
  for (int i = 0; i < 2; ++i) {
    auto bits = generator();
    for (int j = 0; j < 16; ++j, bits >>= 4U) b += digits[bits & 0xFU];
  }
  return b;
}

multipart_form::multipart_form(std::string boundary)
    : boundary_(std::move(boundary)), closing_("\r\n--" + boundary_ + "--\r\n") {
  if (boundary_.empty() || boundary_.size() > 70)
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "multipart boundary: 1 to 70 characters");
}

// Every part after the first begins with the CRLF that ends the previous
// part's content, so a file part needs no piece of its own after the file.
void multipart_form::add_field(std::string_view name, std::string_view value) {
  part p;
  p.heading = (parts_.empty() ? "--" : "\r\n--") + boundary_ +
              "\r\nContent-Disposition: form-data; name=" + quoted_parameter(name) + "\r\n\r\n";
  p.heading += value;
  parts_.push_back(std::move(p));
}

void multipart_form::add_file(std::string_view field, std::string_view file_name, std::string_view content_type,
                              const std::filesystem::path& path, std::uint64_t size) {
  part p;
  p.heading = (parts_.empty() ? "--" : "\r\n--") + boundary_ + "\r\nContent-Disposition: form-data; name=" +
              quoted_parameter(field) + "; filename=" + quoted_parameter(file_name) + "\r\nContent-Type: ";
  p.heading += content_type;
  p.heading += "\r\n\r\n";
  p.file = http::file_body{path, 0, size};
  parts_.push_back(std::move(p));
}

std::string multipart_form::content_type() const { return "multipart/form-data; boundary=" + boundary_; }

std::vector<http::body_piece> multipart_form::body_pieces() const {
  std::vector<http::body_piece> pieces;
  pieces.reserve(2 * parts_.size() + 1);
  for (const auto& p : parts_) {
    pieces.push_back(http::body_piece{p.heading, std::nullopt});
    if (p.file) pieces.push_back(http::body_piece{{}, p.file});
  }
  const std::string_view closing = closing_;
  pieces.push_back(http::body_piece{parts_.empty() ? closing.substr(2) : closing, std::nullopt});
  return pieces;
}

std::uint64_t multipart_form::size() const {
  std::uint64_t n = 0;
  for (const auto& piece : body_pieces()) n += piece.size();
  return n;
}

} // namespace modelarts::inference
