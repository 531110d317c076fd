// The multipart/form-data body of file predictions, byte for byte.
#include "inference/multipart_form.hpp"

#include <modelarts/error.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using modelarts::inference::multipart_form;

namespace {

struct temp_file {
  explicit temp_file(const std::string& content) {
    path = std::filesystem::temp_directory_path() /
           ("multipart-test-" + modelarts::inference::random_boundary() + ".bin");
    std::ofstream(path, std::ios::binary) << content;
  }
  ~temp_file() { std::filesystem::remove(path); }
  std::filesystem::path path;
};

/// What the transport sends: the texts, and each file range read from disk.
std::string sent_bytes(const multipart_form& form) {
  std::string out;
  for (const auto& piece : form.body_pieces()) {
    if (!piece.file) {
      out += piece.bytes;
      continue;
    }
    std::ifstream in(piece.file->path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(piece.file->offset));
    std::string content(static_cast<std::size_t>(piece.file->length), '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    out += content;
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(fields_and_files_in_rfc_7578_form) {
  temp_file f(std::string("img\0bytes", 9));
  multipart_form form("XyZ");
  form.add_field("threshold", "0.5");
  form.add_file("images", "cat.jpg", "image/jpeg", f.path, 9);
  const std::string expected = "--XyZ\r\nContent-Disposition: form-data; name=\"threshold\"\r\n\r\n0.5\r\n"
                               "--XyZ\r\nContent-Disposition: form-data; name=\"images\"; filename=\"cat.jpg\"\r\n"
                               "Content-Type: image/jpeg\r\n\r\n" +
                               std::string("img\0bytes", 9) + "\r\n--XyZ--\r\n";
  BOOST_TEST(sent_bytes(form) == expected);
  BOOST_TEST(form.size() == expected.size());
  BOOST_TEST(form.content_type() == "multipart/form-data; boundary=XyZ");
}

BOOST_AUTO_TEST_CASE(file_contents_are_referenced_not_copied) {
  temp_file f("0123456789");
  multipart_form form("b");
  form.add_file("files", "a.txt", "text/plain", f.path, 10);
  const auto pieces = form.body_pieces();
  BOOST_REQUIRE(pieces.size() == 3u); // heading, file, closing delimiter
  BOOST_REQUIRE(pieces[1].file.has_value());
  BOOST_TEST(pieces[1].file->path == f.path);
  BOOST_TEST(pieces[1].file->length == 10u);
  BOOST_TEST(pieces[1].bytes.empty());
  BOOST_TEST(pieces[2].bytes == "\r\n--b--\r\n");
  BOOST_TEST(form.size() == pieces[0].bytes.size() + 10u + pieces[2].bytes.size());
}

BOOST_AUTO_TEST_CASE(several_files_between_fields_keep_their_order) {
  temp_file a("first file");
  temp_file b(std::string(70000, 'b'));
  multipart_form form("B");
  form.add_file("images", "a.png", "image/png", a.path, 10);
  form.add_field("k", "v");
  form.add_file("images", "b.png", "image/png", b.path, 70000);
  const auto body = sent_bytes(form);
  const std::string expected = "--B\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.png\"\r\n"
                               "Content-Type: image/png\r\n\r\nfirst file"
                               "\r\n--B\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv"
                               "\r\n--B\r\nContent-Disposition: form-data; name=\"images\"; filename=\"b.png\"\r\n"
                               "Content-Type: image/png\r\n\r\n" +
                               std::string(70000, 'b') + "\r\n--B--\r\n";
  BOOST_TEST(body == expected);
  BOOST_TEST(form.size() == expected.size());
}

BOOST_AUTO_TEST_CASE(names_cannot_break_out_of_their_parameter) {
  BOOST_TEST(modelarts::inference::quoted_parameter("a\"b\r\nc") == "\"a%22b%0D%0Ac\"");
  multipart_form form("b");
  form.add_field("x\"; filename=\"evil", "v");
  const auto body = sent_bytes(form);
  BOOST_TEST(body.find("name=\"x%22; filename=%22evil\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(boundaries_are_random_and_valid) {
  const auto a = modelarts::inference::random_boundary();
  const auto b = modelarts::inference::random_boundary();
  BOOST_TEST(a != b);
  BOOST_TEST(a.size() <= 70u);
  BOOST_CHECK_THROW(multipart_form(std::string(71, 'x')), boost::system::system_error);
}
