// AWS Signature Version 4: the published S3 vector and the signer's behaviour.
#include "auth/crypto.hpp"
#include "auth/signer.hpp"
#include "core/uri_encoding.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace auth = modelarts::auth;
namespace http = modelarts::http;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

const auth::access_key aws_key{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const std::string empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

auth::clock::time_point may_24_2013() { return auth::clock::time_point{sys_days{2013y / May / 24}}; }

std::string header(const http::request& r, std::string_view name) {
  return std::string(r.headers.get(name).value_or("<absent>"));
}

/// GET /test.txt with Range, from the AWS SigV4 documentation.
http::request get_object_example() {
  http::request r;
  r.method = "GET";
  r.to = http::parse_origin("https://examplebucket.s3.amazonaws.com");
  r.path = "/test.txt";
  r.headers.set("Range", "bytes=0-9");
  // The published vector carries the empty-body hash.
  r.headers.set("x-amz-content-sha256", empty_hash);
  return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(published_get_object_vector) {
  auto r = get_object_example();
  auth::v4_signer(aws_key, "us-east-1").sign(r, may_24_2013());
  BOOST_TEST(header(r, "x-amz-date") == "20130524T000000Z");
  BOOST_TEST(header(r, "Host") == "examplebucket.s3.amazonaws.com");
  BOOST_TEST(header(r, "Authorization") ==
             "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
             "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
             "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

BOOST_AUTO_TEST_CASE(published_get_object_intermediate_values) {
  auto r = get_object_example();
  r.headers.set("Host", "examplebucket.s3.amazonaws.com");
  r.headers.set("x-amz-date", "20130524T000000Z");
  const auto names = auth::v4_signed_header_names(r.headers);
  const auto canonical = auth::v4_canonical_request(r, names, empty_hash);
  BOOST_TEST(canonical ==
             "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
             "x-amz-content-sha256:" + empty_hash + "\nx-amz-date:20130524T000000Z\n\n"
             "host;range;x-amz-content-sha256;x-amz-date\n" + empty_hash);
  const auto scope = auth::v4_scope("20130524", "us-east-1", "s3");
  BOOST_TEST(scope == "20130524/us-east-1/s3/aws4_request");
  const auto sts = auth::v4_string_to_sign("20130524T000000Z", scope, canonical);
  BOOST_TEST(sts == "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                    "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  const auto key = auth::v4_signing_key(aws_key.secret, "20130524", "us-east-1", "s3");
  BOOST_TEST(auth::hex_lower(auth::hmac_sha256(key, sts)) ==
             "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

BOOST_AUTO_TEST_CASE(published_signing_key_derivation) {
  // AWS "deriving the signing key" example (IAM, 2012-02-15).
  BOOST_TEST(auth::hex_lower(auth::v4_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                                  "us-east-1", "iam")) ==
             "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

BOOST_AUTO_TEST_CASE(canonical_uri_is_the_wire_path_without_a_trailing_slash) {
  BOOST_TEST(auth::v4_canonical_uri("/test.txt") == "/test.txt");
  BOOST_TEST(auth::v4_canonical_uri("") == "/");
  BOOST_TEST(auth::v4_canonical_uri("/") == "/");
  BOOST_TEST(auth::v4_canonical_uri("/dir/") == "/dir/");
  // Encoded once, exactly as the transport writes it.
  http::request r;
  r.path = "/test$file.text/a b/100%";
  BOOST_TEST(auth::v4_canonical_uri(r.path) == "/test%24file.text/a%20b/100%25");
  BOOST_TEST(auth::v4_canonical_uri(r.path) == r.target());
}

BOOST_AUTO_TEST_CASE(signed_headers_are_the_s3_set) {
  http::header_list h;
  h.set("Host", "h");
  h.set("Content-Type", "text/plain");
  h.set("Content-MD5", "x");
  h.set("Range", "bytes=0-1");
  h.set("X-Amz-Meta-A", "1");
  h.set("x-amz-date", "d");
  h.set("User-Agent", "ua");
  h.set("Content-Length", "3");
  h.set("Authorization", "old");
  const std::vector<std::string> expected{"content-md5", "content-type", "host", "range", "x-amz-date", "x-amz-meta-a"};
  BOOST_TEST(auth::v4_signed_header_names(h) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(canonical_request_sorts_query_and_collapses_header_spaces) {
  http::request r;
  r.method = "GET";
  r.path = "/";
  r.query = {{"prefix", "J"}, {"max-keys", "2"}, {"list-type", ""}};
  r.headers.set("Host", "examplebucket.s3.amazonaws.com");
  r.headers.set("x-amz-meta-a", "  a   b\t c ");
  const auto canonical = auth::v4_canonical_request(r, {"host", "x-amz-meta-a"}, "UNSIGNED-PAYLOAD");
  BOOST_TEST(canonical == "GET\n/\nlist-type=&max-keys=2&prefix=J\nhost:examplebucket.s3.amazonaws.com\n"
                          "x-amz-meta-a:a b c\n\nhost;x-amz-meta-a\nUNSIGNED-PAYLOAD");
}

BOOST_AUTO_TEST_CASE(payload_hash_of_memory_and_file_bodies) {
  http::request r;
  r.method = "PUT";
  r.to = http::parse_origin("https://bucket.obs.example.com");
  r.path = "/o";
  r.body = "Welcome to Amazon S3.";
  auth::v4_signer(aws_key, "us-east-1").sign(r, may_24_2013());
  BOOST_TEST(header(r, "x-amz-content-sha256") == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");

  http::request f = r;
  f.headers = {};
  f.body.clear();
  f.body_pieces = {http::body_piece{{}, http::file_body{"/nonexistent", 0, 10}}};
  auth::v4_signer(aws_key, "us-east-1").sign(f, may_24_2013());
  BOOST_TEST(header(f, "x-amz-content-sha256") == "UNSIGNED-PAYLOAD");
}

BOOST_AUTO_TEST_CASE(temporary_keys_sign_the_security_token) {
  auto r = get_object_example();
  auth::v4_signer({aws_key.id, aws_key.secret, "the-token"}, "us-east-1").sign(r, may_24_2013());
  BOOST_TEST(header(r, "x-amz-security-token") == "the-token");
  const auto parsed = auth::parse_v4_authorization(header(r, "Authorization"));
  BOOST_REQUIRE(parsed.has_value());
  const std::vector<std::string> expected{"host", "range", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"};
  BOOST_TEST(parsed->signed_headers == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_retry_is_re_signed_with_a_new_date) {
  auto r = get_object_example();
  const auth::v4_signer signer(aws_key, "us-east-1");
  signer.sign(r, may_24_2013());
  const auto first = header(r, "Authorization");
  signer.sign(r, may_24_2013() + 25h);
  BOOST_TEST(header(r, "x-amz-date") == "20130525T010000Z");
  BOOST_TEST(header(r, "Authorization") != first);
  BOOST_TEST(header(r, "Authorization").find("/20130525/us-east-1/s3/aws4_request") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_callers_date_is_kept_for_the_first_signature) {
  auto r = get_object_example();
  r.headers.set("x-amz-date", "20130524T000000Z");
  auth::v4_signer(aws_key, "us-east-1").sign(r, may_24_2013() + 3h);
  BOOST_TEST(header(r, "Authorization").ends_with("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
}

BOOST_AUTO_TEST_CASE(parse_authorization) {
  const auto a = auth::parse_v4_authorization(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
      "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
      "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  BOOST_REQUIRE(a.has_value());
  BOOST_TEST(a->access_key == "AKIAIOSFODNN7EXAMPLE");
  BOOST_TEST(a->date == "20130524");
  BOOST_TEST(a->region == "us-east-1");
  BOOST_TEST(a->service == "s3");
  BOOST_TEST(a->signed_headers.size() == 4u);
  const std::string sig(64, 'a');
  const std::string bad_headers[] = {
      "",
      "AWS4-HMAC-SHA256",
      "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3, SignedHeaders=host, Signature=" + sig,
      "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws5_request, SignedHeaders=host, Signature=" + sig,
      "AWS4-HMAC-SHA256 Credential=AK//us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + sig,
      "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, Signature=" + sig,
      "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc",
      "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + sig +
      ", Extra=x",
      "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" + sig};
  for (const auto& bad : bad_headers)
    BOOST_TEST(!auth::parse_v4_authorization(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(the_secret_appears_nowhere_in_the_request) {
  const std::string secret = "Sup3rSecretValue-NeverShown";
  auto r = get_object_example();
  auth::v4_signer({"AK", secret, "token"}, "us-east-1").sign(r, may_24_2013());
  for (const auto& f : r.headers) BOOST_TEST(f.value.find(secret) == std::string::npos);
  const auto names = auth::v4_signed_header_names(r.headers);
  const auto canonical = auth::v4_canonical_request(r, names, empty_hash);
  BOOST_TEST(canonical.find(secret) == std::string::npos);
  BOOST_TEST(auth::v4_string_to_sign("20130524T000000Z", "s", canonical).find(secret) == std::string::npos);
  BOOST_TEST(auth::v4_signing_key(secret, "20130524", "us-east-1", "s3").find(secret) == std::string::npos);
}
