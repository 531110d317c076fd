// RFC 3986 percent-encoding, the one encoder the wire and the signers share.
#include "core/http_message.hpp"
#include "core/uri_encoding.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using modelarts::http::uri_decode;
using modelarts::http::uri_encode;

BOOST_AUTO_TEST_CASE(unreserved_characters_are_kept) {
  const std::string unreserved =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
  BOOST_TEST(uri_encode(unreserved) == unreserved);
}

BOOST_AUTO_TEST_CASE(reserved_characters_are_encoded_with_upper_case_hex) {
  BOOST_TEST(uri_encode(" ") == "%20");
  BOOST_TEST(uri_encode("*") == "%2A");
  BOOST_TEST(uri_encode("+") == "%2B");
  BOOST_TEST(uri_encode("(&=?!#%.*)") == "%28%26%3D%3F%21%23%25.%2A%29");
  BOOST_TEST(uri_encode(std::string("\x00\xff", 2)) == "%00%FF");
}

BOOST_AUTO_TEST_CASE(utf8_is_encoded_byte_by_byte) {
  // The published APIG canonical-query value `一 (&=?!#%.*)`.
  BOOST_TEST(uri_encode("\xE4\xB8\x80 (&=?!#%.*)") == "%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29");
}

BOOST_AUTO_TEST_CASE(slash_is_kept_only_when_asked) {
  BOOST_TEST(uri_encode("/tmp/123") == "%2Ftmp%2F123");
  BOOST_TEST(uri_encode("/tmp/a b", /*keep_slash=*/true) == "/tmp/a%20b");
}

BOOST_AUTO_TEST_CASE(decode_reverses_encode) {
  const std::string samples[] = {"", "plain", "a b/c?d=e&f", "\xE4\xB8\x80 (&=?!#%.*)",
                                 std::string("\x00\x01\x7f\x80\xff", 5)};
  for (const auto& s : samples) {
    BOOST_TEST(uri_decode(uri_encode(s)) == s);
    BOOST_TEST(uri_decode(uri_encode(s, true)) == s);
  }
}

BOOST_AUTO_TEST_CASE(decode_accepts_lower_case_hex) {
  BOOST_TEST(uri_decode("%e4%b8%80") == "\xE4\xB8\x80");
}

BOOST_AUTO_TEST_CASE(decode_keeps_malformed_escapes_and_plus) {
  BOOST_TEST(uri_decode("100%") == "100%");
  BOOST_TEST(uri_decode("%4") == "%4");
  BOOST_TEST(uri_decode("%zz") == "%zz");
  BOOST_TEST(uri_decode("a+b") == "a+b");
}

BOOST_AUTO_TEST_CASE(target_encodes_path_and_query_for_the_wire) {
  modelarts::http::request r;
  r.path = "/dir/a b.txt";
  r.query = {{"uploads", ""}, {"prefix", "x/y z"}};
  BOOST_TEST(r.target() == "/dir/a%20b.txt?uploads&prefix=x%2Fy%20z");
}
