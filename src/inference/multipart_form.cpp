#include "inference/multipart_form.hpp"

#include "modelarts/error.hpp"

#include <fstream>
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

multipart_form::multipart_form(std::string boundary) : boundary_(std::move(boundary)) {
  if (boundary_.empty() || boundary_.size() > 70)
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "multipart boundary: 1 to 70 characters");
}

void multipart_form::add_field(std::string_view name, std::string_view value) {
  piece p;
  p.text = "--" + boundary_ + "\r\nContent-Disposition: form-data; name=" + quoted_parameter(name) + "\r\n\r\n";
  p.text += value;
  p.text += "\r\n";
  pieces_.push_back(std::move(p));
}

void multipart_form::add_file(std::string_view field, std::string_view file_name, std::string_view content_type,
                              const std::filesystem::path& path, std::uint64_t size) {
  piece head;
  head.text = "--" + boundary_ + "\r\nContent-Disposition: form-data; name=" + quoted_parameter(field) +
              "; filename=" + quoted_parameter(file_name) + "\r\nContent-Type: ";
  head.text += content_type;
  head.text += "\r\n\r\n";
  pieces_.push_back(std::move(head));
  pieces_.push_back(piece{{}, http::file_body{path, 0, size}});
  pieces_.push_back(piece{"\r\n", std::nullopt});
}

std::string multipart_form::content_type() const { return "multipart/form-data; boundary=" + boundary_; }

std::vector<multipart_form::piece> multipart_form::pieces() const {
  auto all = pieces_;
  all.push_back(piece{"--" + boundary_ + "--\r\n", std::nullopt});
  return all;
}

std::uint64_t multipart_form::size() const {
  std::uint64_t n = 0;
  for (const auto& p : pieces()) n += p.file ? p.file->length : p.text.size();
  return n;
}

std::string multipart_form::materialize() const {
  std::string body;
  body.reserve(static_cast<std::size_t>(size()));
  for (const auto& p : pieces()) {
    if (!p.file) {
      body += p.text;
      continue;
    }
    std::ifstream in(p.file->path, std::ios::binary);
    if (!in)
      throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                        "cannot read " + p.file->path.string());
    in.seekg(static_cast<std::streamoff>(p.file->offset));
    const auto at = body.size();
    body.resize(at + static_cast<std::size_t>(p.file->length));
    in.read(body.data() + at, static_cast<std::streamsize>(p.file->length));
    if (static_cast<std::uint64_t>(in.gcount()) != p.file->length)
      throw boost::system::system_error(make_error_code(errc::truncated_body),
                                        p.file->path.string() + " is shorter than when the upload was prepared");
  }
  return body;
}

} // namespace modelarts::inference
