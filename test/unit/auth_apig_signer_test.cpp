// SDK-HMAC-SHA256: the published vectors (SIGNING.md A1-A5), the canonical
// forms, and the behaviour of the signer on real requests.
#include "auth/crypto.hpp"
#include "auth/signer.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace auth = modelarts::auth;
namespace http = modelarts::http;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

const auth::access_key test_key{"AccessKey", "SecretKey", ""};
const std::string empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

auth::clock::time_point a1_time() { return auth::clock::time_point{sys_days{2020y / June / 8} + 2h + 39min}; }

http::request a1_request() {
  http::request r;
  r.method = "GET";
  r.to = http::parse_origin("https://service.endpoint.myhuaweicloud.com");
  r.path = "/resources";
  r.query = {{"size", "1"}};
  r.headers.set("X-Sdk-Date", "20200608T023900Z");
  return r;
}

// A3/A4 (Go SDK tests) sign only x-sdk-date: build them from the pieces.
std::string go_vector_authorization(const http::request& r) {
  const std::vector<std::string> names{"x-sdk-date"};
  const auto canonical = auth::apig_canonical_request(r, names, auth::sha256_hex(r.body));
  const auto sts = auth::apig_string_to_sign("20060102T150405Z", canonical);
  return auth::format_apig_authorization({"AccessKey", names, auth::apig_signature("SecretKey", sts)});
}

http::request go_vector_request(std::string method, http::query_param q, std::string body) {
  http::request r;
  r.method = std::move(method);
  r.to = http::parse_origin("https://example.huaweicloud.com");
  r.path = "/path";
  r.query = {std::move(q)};
  r.body = std::move(body);
  r.headers.set("X-Sdk-Date", "20060102T150405Z");
  return r;
}

std::string header(const http::request& r, std::string_view name) {
  return std::string(r.headers.get(name).value_or("<absent>"));
}

} // namespace

BOOST_AUTO_TEST_CASE(a1_intermediate_values) {
  const auto r = a1_request();
  http::request with_host = r;
  with_host.headers.set("Host", "service.endpoint.myhuaweicloud.com");
  const auto canonical =
      auth::apig_canonical_request(with_host, {"host", "x-sdk-date"}, auth::apig_payload_hash(with_host));
  BOOST_TEST(canonical ==
             "GET\n/resources/\nsize=1\nhost:service.endpoint.myhuaweicloud.com\nx-sdk-date:20200608T023900Z\n\n"
             "host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(auth::apig_string_to_sign("20200608T023900Z", canonical) ==
             "SDK-HMAC-SHA256\n20200608T023900Z\nde94dd1e1ccdb730b403ce35d7e14f7c7b04337f6def1c3a3a2ba936852b133f");
}

BOOST_AUTO_TEST_CASE(a1_get_signed_by_the_signer) {
  auto r = a1_request();
  auth::apig_signer(test_key, "").sign(r, a1_time() + 1h); // the caller's X-Sdk-Date wins
  BOOST_TEST(header(r, "Host") == "service.endpoint.myhuaweicloud.com");
  BOOST_TEST(header(r, "X-Sdk-Date") == "20200608T023900Z");
  BOOST_TEST(header(r, "Authorization") ==
             "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
             "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
}

BOOST_AUTO_TEST_CASE(a1_signer_sets_the_date_from_now) {
  auto r = a1_request();
  r.headers.erase("X-Sdk-Date");
  auth::apig_signer(test_key, "").sign(r, a1_time() + 250ms);
  BOOST_TEST(header(r, "X-Sdk-Date") == "20200608T023900Z");
  BOOST_TEST(header(r, "Authorization").ends_with(
      "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"));
}

BOOST_AUTO_TEST_CASE(a2_post_with_body) {
  auto r = a1_request();
  r.method = "POST";
  r.body = R"({"name":"test","id":1})";
  BOOST_TEST(auth::apig_payload_hash(r) == "8ed555081b9961769014bc1182c629bb0fe68d7b01c1fc1caab4dc791f377e8c");
  auth::apig_signer(test_key, "").sign(r, a1_time());
  BOOST_TEST(header(r, "Authorization") ==
             "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
             "Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f");
  const auto canonical = auth::apig_canonical_request(r, {"host", "x-sdk-date"}, auth::apig_payload_hash(r));
  BOOST_TEST(auth::sha256_hex(canonical) == "2b1b2515e48cb55e043ff2ec5b93d3f13ec287e1da1d7a2e4e14b0611a341969");
}

BOOST_AUTO_TEST_CASE(a3_get_signing_only_the_date) {
  const auto r = go_vector_request("GET", {"limit", "1"}, "");
  BOOST_TEST(go_vector_authorization(r) ==
             "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
             "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
  BOOST_TEST(auth::apig_expected_signature(r, {"x-sdk-date"}, "SecretKey") ==
             "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
}

BOOST_AUTO_TEST_CASE(a4_post_signing_only_the_date) {
  const auto r = go_vector_request("POST", {"key", "value"}, "{\"Name\":\"test\",\"Id\":1}\n");
  BOOST_TEST(go_vector_authorization(r) ==
             "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
             "Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
}

BOOST_AUTO_TEST_CASE(a5_official_document_last_step) {
  const auto signature = auth::apig_signature(
      "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
      "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
  BOOST_TEST(signature == "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
  BOOST_TEST(auth::format_apig_authorization({"QTWAOYTTINDUT2QVKYUC", {"content-type", "host", "x-sdk-date"}, signature}) ==
             "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, "
             "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
}

BOOST_AUTO_TEST_CASE(canonical_query_published_vector) {
  const std::vector<http::query_param> q{{"limit", "1"},       {"enable", "true"},
                                         {"test", "\xE4\xB8\x80 (&=?!#%.*)"},
                                         {"path", "/tmp/123"}, {"multi", "3"},
                                         {"multi", "1"},       {"multi", "2"}};
  BOOST_TEST(auth::apig_canonical_query(q) ==
             "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29");
}

BOOST_AUTO_TEST_CASE(canonical_query_key_without_value_and_empty) {
  BOOST_TEST(auth::apig_canonical_query({}).empty());
  BOOST_TEST(auth::apig_canonical_query({{"b", ""}, {"a", "x y"}}) == "a=x%20y&b=");
}

BOOST_AUTO_TEST_CASE(canonical_uri_always_ends_with_a_slash) {
  BOOST_TEST(auth::apig_canonical_uri("") == "/");
  BOOST_TEST(auth::apig_canonical_uri("/") == "/");
  BOOST_TEST(auth::apig_canonical_uri("/resources") == "/resources/");
  BOOST_TEST(auth::apig_canonical_uri("/v1/p/jobs/") == "/v1/p/jobs/");
  BOOST_TEST(auth::apig_canonical_uri("/a b/\xE4\xB8\x80*") == "/a%20b/%E4%B8%80%2A/");
}

BOOST_AUTO_TEST_CASE(signed_header_names_skip_underscores_and_authorization) {
  http::header_list h;
  h.set("X-Sdk-Date", "20200608T023900Z");
  h.set("Content-Type", "application/json");
  h.set("TEST_UNDERSCORE", "x");
  h.set("Authorization", "old");
  h.set("host", "example.com");
  h.add("X-Multi", "1");
  h.add("x-multi", "2");
  const std::vector<std::string> expected{"content-type", "host", "x-multi", "x-sdk-date"};
  BOOST_TEST(auth::apig_signed_header_names(h) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(signer_does_not_sign_headers_with_underscores) {
  auto r = a1_request();
  r.headers.set("TEST_UNDERSCORE", "value");
  auth::apig_signer(test_key, "").sign(r, a1_time());
  // Same signature as A1: the extra header takes no part.
  BOOST_TEST(header(r, "Authorization") ==
             "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
             "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
}

BOOST_AUTO_TEST_CASE(repeated_headers_are_joined_in_the_canonical_request) {
  http::request r;
  r.headers.add("X-A", " 1 ");
  r.headers.add("x-a", "2");
  const auto canonical = auth::apig_canonical_request(r, {"x-a", "x-missing"}, "h");
  BOOST_TEST(canonical == "GET\n/\n\nx-a:1,2\nx-missing:\n\nx-a;x-missing\nh");
}

BOOST_AUTO_TEST_CASE(project_id_and_security_token_are_added_before_signing) {
  auto r = a1_request();
  auth::apig_signer({"AccessKey", "SecretKey", "temporary-token"}, "project-1").sign(r, a1_time());
  BOOST_TEST(header(r, "X-Project-Id") == "project-1");
  BOOST_TEST(header(r, "X-Security-Token") == "temporary-token");
  const auto parsed = auth::parse_apig_authorization(header(r, "Authorization"));
  BOOST_REQUIRE(parsed.has_value());
  const std::vector<std::string> expected{"host", "x-project-id", "x-sdk-date", "x-security-token"};
  BOOST_TEST(parsed->signed_headers == expected, boost::test_tools::per_element());
  BOOST_TEST(parsed->signature == auth::apig_expected_signature(r, parsed->signed_headers, "SecretKey"));
}

BOOST_AUTO_TEST_CASE(a_callers_project_id_is_kept) {
  auto r = a1_request();
  r.headers.set("X-Project-Id", "other-project");
  auth::apig_signer(test_key, "project-1").sign(r, a1_time());
  BOOST_TEST(header(r, "X-Project-Id") == "other-project");
}

BOOST_AUTO_TEST_CASE(host_header_omits_the_default_port_only) {
  auto r = a1_request();
  r.to = http::parse_origin("https://127.0.0.1:8443");
  auth::apig_signer(test_key, "").sign(r, a1_time());
  BOOST_TEST(header(r, "Host") == "127.0.0.1:8443");
}

BOOST_AUTO_TEST_CASE(content_sha256_header_replaces_the_body_hash) {
  auto r = a1_request();
  r.method = "PUT";
  r.body = "ignored for the signature";
  r.headers.set("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");
  BOOST_TEST(auth::apig_payload_hash(r) == "UNSIGNED-PAYLOAD");
  auth::apig_signer(test_key, "").sign(r, a1_time());
  const auto parsed = auth::parse_apig_authorization(header(r, "Authorization"));
  BOOST_REQUIRE(parsed.has_value());
  const auto canonical = auth::apig_canonical_request(r, parsed->signed_headers, "UNSIGNED-PAYLOAD");
  BOOST_TEST(parsed->signature ==
             auth::apig_signature("SecretKey", auth::apig_string_to_sign("20200608T023900Z", canonical)));
}

BOOST_AUTO_TEST_CASE(bodies_in_pieces_are_signed_as_unsigned_payload) {
  auto r = a1_request();
  r.method = "PUT";
  r.body_pieces = {http::body_piece{"head", std::nullopt}, http::body_piece{{}, http::file_body{"/nonexistent/file", 0, 1020}}};
  auth::apig_signer(test_key, "").sign(r, a1_time());
  BOOST_TEST(header(r, "X-Sdk-Content-Sha256") == "UNSIGNED-PAYLOAD");
  const auto parsed = auth::parse_apig_authorization(header(r, "Authorization"));
  BOOST_REQUIRE(parsed.has_value());
  // What the verifier sees: the same headers, the body bytes in memory.
  http::request received = r;
  received.body_pieces.clear();
  received.body = std::string(1024, 'x');
  BOOST_TEST(parsed->signature == auth::apig_expected_signature(received, parsed->signed_headers, "SecretKey"));
}

BOOST_AUTO_TEST_CASE(a_retry_is_re_signed_with_a_new_date) {
  auto r = a1_request();
  r.headers.erase("X-Sdk-Date");
  const auth::apig_signer signer(test_key, "");
  signer.sign(r, a1_time());
  const auto first = header(r, "Authorization");
  signer.sign(r, a1_time() + 42s);
  BOOST_TEST(header(r, "X-Sdk-Date") == "20200608T023942Z");
  BOOST_TEST(header(r, "Authorization") != first);
  const auto parsed = auth::parse_apig_authorization(header(r, "Authorization"));
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->signature == auth::apig_expected_signature(r, parsed->signed_headers, "SecretKey"));
  std::size_t authorization_fields = 0;
  for (const auto& f : r.headers) authorization_fields += http::iequals(f.name, "Authorization") ? 1u : 0u;
  BOOST_TEST(authorization_fields == 1u);
}

BOOST_AUTO_TEST_CASE(verifier_rejects_a_tampered_request) {
  auto r = a1_request();
  r.method = "POST";
  r.body = "{}";
  auth::apig_signer(test_key, "").sign(r, a1_time());
  const auto parsed = auth::parse_apig_authorization(header(r, "Authorization"));
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->signature == auth::apig_expected_signature(r, parsed->signed_headers, "SecretKey"));

  auto other_path = r;
  other_path.path = "/resources/x";
  auto other_query = r;
  other_query.query[0].value = "2";
  auto other_body = r;
  other_body.body = "{ }";
  auto other_date = r;
  other_date.headers.set("X-Sdk-Date", "20200608T023901Z");
  for (const auto* t : {&other_path, &other_query, &other_body, &other_date})
    BOOST_TEST(parsed->signature != auth::apig_expected_signature(*t, parsed->signed_headers, "SecretKey"));
  BOOST_TEST(parsed->signature != auth::apig_expected_signature(r, parsed->signed_headers, "OtherKey"));
}

BOOST_AUTO_TEST_CASE(verifier_works_from_the_decoded_request) {
  // Signed with a path and a query that need encoding; the verifier gets them decoded.
  http::request r;
  r.method = "GET";
  r.to = http::parse_origin("https://modelarts.example.com");
  r.path = "/v2/p/datasets/a b/\xE4\xB8\x80";
  r.query = {{"name", "x&y=z"}, {"flag", ""}};
  auth::apig_signer(test_key, "p").sign(r, a1_time());
  const auto parsed = auth::parse_apig_authorization(header(r, "Authorization"));
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(r.target() == "/v2/p/datasets/a%20b/%E4%B8%80?name=x%26y%3Dz&flag");
  BOOST_TEST(parsed->signature == auth::apig_expected_signature(r, parsed->signed_headers, "SecretKey"));
}

BOOST_AUTO_TEST_CASE(parse_authorization_accepts_the_signers_form) {
  const auto parsed = auth::parse_apig_authorization(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
      "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->access_key == "AccessKey");
  const std::vector<std::string> expected{"host", "x-sdk-date"};
  BOOST_TEST(parsed->signed_headers == expected, boost::test_tools::per_element());
  BOOST_TEST(parsed->signature == "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
  // Comma without space and another field order are accepted too.
  BOOST_TEST(auth::parse_apig_authorization(
                 "SDK-HMAC-SHA256 Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842,"
                 "Access=AK,SignedHeaders=x-sdk-date")
                 .has_value());
}

BOOST_AUTO_TEST_CASE(parse_authorization_rejects_malformed_headers) {
  const std::string sig = "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842";
  const std::string bad[] = {
      "",
      "SDK-HMAC-SHA256",
      "SDK-HMAC-SM3 Access=AK, SignedHeaders=host, Signature=" + sig,
      "SDK-HMAC-SHA256Access=AK, SignedHeaders=host, Signature=" + sig,
      "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host",
      "SDK-HMAC-SHA256 Access=AK, Signature=" + sig,
      "SDK-HMAC-SHA256 SignedHeaders=host, Signature=" + sig,
      "SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=" + sig,
      "SDK-HMAC-SHA256 Access=AK, Access=AK, SignedHeaders=host, Signature=" + sig,
      "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" + sig + ", Extra=1",
      "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;;x-sdk-date, Signature=" + sig,
      "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" + sig.substr(1),
      "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" + sig.substr(0, 63) + "G",
      "SDK-HMAC-SHA256 Access AK, SignedHeaders=host, Signature=" + sig,
      "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + sig,
  };
  for (const auto& h : bad) BOOST_TEST(!auth::parse_apig_authorization(h).has_value(), h);
}

BOOST_AUTO_TEST_CASE(format_and_parse_round_trip) {
  const auth::apig_authorization a{"AK", {"content-type", "host", "x-sdk-date"}, std::string(64, 'a')};
  const auto parsed = auth::parse_apig_authorization(auth::format_apig_authorization(a));
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->access_key == a.access_key);
  BOOST_TEST(parsed->signed_headers == a.signed_headers, boost::test_tools::per_element());
  BOOST_TEST(parsed->signature == a.signature);
}

BOOST_AUTO_TEST_CASE(the_secret_appears_nowhere_in_the_request) {
  const std::string secret = "Sup3rSecretValue-NeverShown";
  auto r = a1_request();
  r.method = "POST";
  r.body = "{}";
  auth::apig_signer({"AccessKey", secret, "token"}, "project").sign(r, a1_time());
  for (const auto& f : r.headers) {
    BOOST_TEST(f.name.find(secret) == std::string::npos);
    BOOST_TEST(f.value.find(secret) == std::string::npos);
  }
  const auto parsed = auth::parse_apig_authorization(header(r, "Authorization"));
  BOOST_REQUIRE(parsed.has_value());
  const auto canonical = auth::apig_canonical_request(r, parsed->signed_headers, auth::apig_payload_hash(r));
  BOOST_TEST(canonical.find(secret) == std::string::npos);
  BOOST_TEST(auth::apig_string_to_sign("20200608T023900Z", canonical).find(secret) == std::string::npos);
  BOOST_TEST(r.target().find(secret) == std::string::npos);
}
