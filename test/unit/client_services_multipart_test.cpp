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
  BOOST_TEST(form.materialize() == expected);
  BOOST_TEST(form.size() == expected.size());
  BOOST_TEST(form.content_type() == "multipart/form-data; boundary=XyZ");
}

BOOST_AUTO_TEST_CASE(file_contents_are_referenced_not_copied) {
  temp_file f("0123456789");
  multipart_form form("b");
  form.add_file("files", "a.txt", "text/plain", f.path, 10);
  const auto pieces = form.pieces();
  BOOST_REQUIRE(pieces.size() == 4u); // head, file, CRLF, closing delimiter
  BOOST_REQUIRE(pieces[1].file.has_value());
  BOOST_TEST(pieces[1].file->length == 10u);
  BOOST_TEST(pieces[1].text.empty());
  BOOST_TEST(pieces[3].text == "--b--\r\n");
}

BOOST_AUTO_TEST_CASE(names_cannot_break_out_of_their_parameter) {
  BOOST_TEST(modelarts::inference::quoted_parameter("a\"b\r\nc") == "\"a%22b%0D%0Ac\"");
  multipart_form form("b");
  form.add_field("x\"; filename=\"evil", "v");
  const auto body = form.materialize();
  BOOST_TEST(body.find("name=\"x%22; filename=%22evil\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_file_that_shrank_is_refused) {
  temp_file f("short");
  multipart_form form("b");
  form.add_file("files", "a", "application/octet-stream", f.path, 100);
  BOOST_CHECK_THROW((void)form.materialize(), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(boundaries_are_random_and_valid) {
  const auto a = modelarts::inference::random_boundary();
  const auto b = modelarts::inference::random_boundary();
  BOOST_TEST(a != b);
  BOOST_TEST(a.size() <= 70u);
  BOOST_CHECK_THROW(multipart_form(std::string(71, 'x')), boost::system::system_error);
}
