// Building OBS requests without sending them: addressing, each operation's
// method, sub-resources and headers, how the configured signature signs them,
// user metadata, object heads, MD5s and ETag checks.
#include "auth/crypto.hpp"
#include "auth/signer.hpp"
#include "modelarts/error.hpp"
#include "obs/obs_request.hpp"
#include "obs/obs_signing.hpp"
#include "obs/operation_requests.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace obs = modelarts::obs;
namespace requests = modelarts::obs::requests;
namespace auth = modelarts::auth;
namespace http = modelarts::http;
using modelarts::client_options;
using modelarts::errc;
using modelarts::obs_addressing;
using modelarts::obs_signature;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

client_options region_options(obs_signature s = obs_signature::obs, obs_addressing a = obs_addressing::virtual_hosted) {
  client_options o;
  o.region = "cn-north-4";
  o.obs.signature = s;
  o.obs.addressing = a;
  return o;
}

std::string header(const http::request& r, std::string_view name) {
  return std::string(r.headers.get(name).value_or("<absent>"));
}

/// A file with known contents, removed at the end of the test.
struct temp_file {
  std::filesystem::path path;
  explicit temp_file(const std::string& contents) {
    path = std::filesystem::temp_directory_path() / ("obs_request_test_" + std::to_string(::getpid()) + ".bin");
    std::ofstream(path, std::ios::binary) << contents;
  }
  ~temp_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

template <class F>
boost::system::error_code code_of(F&& f) {
  try {
    f();
  } catch (const boost::system::system_error& e) {
    return e.code();
  }
  return {};
}

const auth::access_key obs_doc_key{"HCY8BGCN1YM5ZWYOK1MH", "9zYwf1uabSQY0JTnFqbUqG7vcfqYBaTdXde2GUcq", ""};

auth::clock::time_point june_2019() { return auth::clock::time_point{sys_days{2019y / June / 4} + 6h + 54min + 59s}; }

} // namespace

// ---- addressing ------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(addressing)

BOOST_AUTO_TEST_CASE(virtual_hosted_by_default) {
  const obs::request_factory f(region_options());
  const auto r = f.make("GET", "bucket", "dir/a b.txt");
  BOOST_TEST(r.to.scheme == "https");
  BOOST_TEST(r.to.host == "bucket.obs.cn-north-4.myhuaweicloud.com");
  BOOST_TEST(r.to.port == 443);
  BOOST_TEST(r.path == "/dir/a b.txt");
  BOOST_TEST(r.target() == "/dir/a%20b.txt");
  BOOST_TEST(r.bucket == "bucket");
  BOOST_TEST(header(r, "Host") == "<absent>");
  BOOST_TEST(header(r, "User-Agent") == "modelarts-cpp/0.1");
}

BOOST_AUTO_TEST_CASE(virtual_hosted_bucket_request_has_root_path) {
  const auto r = obs::request_factory(region_options()).make("PUT", "bucket");
  BOOST_TEST(r.path == "/");
  BOOST_TEST(r.to.host == "bucket.obs.cn-north-4.myhuaweicloud.com");
}

BOOST_AUTO_TEST_CASE(path_style_by_option) {
  const obs::request_factory f(region_options(obs_signature::obs, obs_addressing::path));
  const auto object = f.make("GET", "bucket", "dir/key");
  BOOST_TEST(object.to.host == "obs.cn-north-4.myhuaweicloud.com");
  BOOST_TEST(object.path == "/bucket/dir/key");
  BOOST_TEST(object.bucket == "bucket");
  BOOST_TEST(f.make("GET", "bucket").path == "/bucket");
}

BOOST_AUTO_TEST_CASE(service_requests_go_to_the_endpoint) {
  const auto r = requests::list_buckets(obs::request_factory(region_options()));
  BOOST_TEST(r.method == "GET");
  BOOST_TEST(r.to.host == "obs.cn-north-4.myhuaweicloud.com");
  BOOST_TEST(r.path == "/");
  BOOST_TEST(r.bucket == "");
}

BOOST_AUTO_TEST_CASE(ip_endpoint_falls_back_to_path_style) {
  auto o = region_options();
  o.endpoint.obs = "http://127.0.0.1:8080";
  const auto r = obs::request_factory(o).make("GET", "bucket", "key");
  BOOST_TEST(r.to.host == "127.0.0.1");
  BOOST_TEST(r.to.port == 8080);
  BOOST_TEST(r.path == "/bucket/key");
}

BOOST_AUTO_TEST_CASE(dotted_bucket_over_https_falls_back_to_path_style) {
  BOOST_TEST(obs::request_factory(region_options()).make("GET", "my.bucket", "k").path == "/my.bucket/k");
  auto plain = region_options();
  plain.endpoint.obs = "http://obs.example.internal";
  const auto r = obs::request_factory(plain).make("GET", "my.bucket", "k");
  BOOST_TEST(r.to.host == "my.bucket.obs.example.internal");
  BOOST_TEST(r.path == "/k");
}

BOOST_AUTO_TEST_CASE(pinned_endpoint_keeps_the_connection_and_names_bucket_in_host_header) {
  auto o = region_options();
  o.endpoint.obs = "https://obs.private.example:8443";
  o.host_overrides["obs.private.example"] = "10.0.0.5";
  const auto r = obs::request_factory(o).make("GET", "bucket", "k");
  BOOST_TEST(r.to.host == "obs.private.example");
  BOOST_TEST(r.to.port == 8443);
  BOOST_TEST(header(r, "Host") == "bucket.obs.private.example:8443");
  BOOST_TEST(r.path == "/k");
}

BOOST_AUTO_TEST_CASE(pinned_bucket_host_is_connected_to_directly) {
  auto o = region_options();
  o.endpoint.obs = "https://obs.private.example";
  o.host_overrides["obs.private.example"] = "10.0.0.5";
  o.host_overrides["bucket.obs.private.example"] = "10.0.0.6";
  const auto r = obs::request_factory(o).make("GET", "bucket", "k");
  BOOST_TEST(r.to.host == "bucket.obs.private.example");
  BOOST_TEST(header(r, "Host") == "<absent>");
}

BOOST_AUTO_TEST_CASE(localhost_endpoint_keeps_the_connection) {
  auto o = region_options();
  o.endpoint.obs = "https://localhost:40123";
  const auto r = obs::request_factory(o).make("GET", "bucket", "k");
  BOOST_TEST(r.to.host == "localhost");
  BOOST_TEST(header(r, "Host") == "bucket.localhost:40123");
}

BOOST_AUTO_TEST_CASE(bad_bucket_names_are_refused_before_building) {
  const obs::request_factory f(region_options());
  BOOST_CHECK_THROW((void)f.make("GET", "Bad_Bucket", "k"), std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::head_object(f, "bucket", ""), std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::head_object(f, "bucket", std::string(1025, 'k')), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(unusable_endpoints_are_configuration_errors) {
  client_options none;
  none.endpoint.modelarts = "https://modelarts.example";
  BOOST_TEST(code_of([&] { obs::request_factory f(none); }) == make_error_code(errc::invalid_configuration));
  auto with_path = region_options();
  with_path.endpoint.obs = "https://obs.example/prefix";
  BOOST_TEST(code_of([&] { obs::request_factory f(with_path); }) == make_error_code(errc::invalid_configuration));
}

BOOST_AUTO_TEST_CASE(header_prefix_follows_the_signature) {
  BOOST_TEST(obs::request_factory(region_options(obs_signature::obs)).header_prefix() == "x-obs-");
  BOOST_TEST(obs::request_factory(region_options(obs_signature::v2)).header_prefix() == "x-amz-");
  BOOST_TEST(obs::request_factory(region_options(obs_signature::v4)).header_prefix() == "x-amz-");
}

BOOST_AUTO_TEST_SUITE_END()

// ---- operations --------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(operations)

BOOST_AUTO_TEST_CASE(create_bucket_with_and_without_location) {
  const obs::request_factory f(region_options());
  const auto plain = requests::create_bucket(f, "bucket", "");
  BOOST_TEST(plain.method == "PUT");
  BOOST_TEST(plain.body == "");
  BOOST_TEST(header(plain, "Content-Type") == "<absent>");
  const auto located = requests::create_bucket(f, "bucket", "cn-north-4");
  BOOST_TEST(located.body.find("<Location>cn-north-4</Location>") != std::string::npos);
  BOOST_TEST(header(located, "Content-Type") == "application/xml");
  const auto s3 = requests::create_bucket(obs::request_factory(region_options(obs_signature::v4)), "bucket", "us-east-1");
  BOOST_TEST(s3.body.find("<LocationConstraint>us-east-1</LocationConstraint>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bucket_requests) {
  const obs::request_factory f(region_options());
  BOOST_TEST(requests::delete_bucket(f, "bucket").method == "DELETE");
  BOOST_TEST(requests::head_bucket(f, "bucket").method == "HEAD");
  const auto location = requests::bucket_location(f, "bucket");
  BOOST_TEST(location.method == "GET");
  BOOST_TEST(location.target() == "/?location");
}

BOOST_AUTO_TEST_CASE(put_object_sends_type_metadata_and_md5) {
  const obs::request_factory f(region_options());
  obs::put_options options;
  options.content_type = "text/plain";
  options.user_metadata = {{"owner", "alice"}, {"note", "caf\xC3\xA9"}};
  const auto put = requests::put_object(f, "bucket", "k.txt", "hello", options);
  BOOST_TEST(put.request.method == "PUT");
  BOOST_TEST(put.request.body == "hello");
  BOOST_TEST(put.request.idempotent);
  BOOST_TEST(header(put.request, "Content-Type") == "text/plain");
  BOOST_TEST(header(put.request, "Content-MD5") == "XUFAKrxLKna5cZ2REBfFkg==");
  BOOST_TEST(put.expected_md5_hex == "5d41402abc4b2a76b9719d911017c592");
  BOOST_TEST(header(put.request, "x-obs-meta-owner") == "alice");
  BOOST_TEST(header(put.request, "x-obs-meta-note") == "=?UTF-8?B?Y2Fmw6k=?=");
}

BOOST_AUTO_TEST_CASE(put_object_without_md5) {
  obs::put_options options;
  options.verify_md5 = false;
  const auto put = requests::put_object(obs::request_factory(region_options()), "bucket", "k", "x", options);
  BOOST_TEST(header(put.request, "Content-MD5") == "<absent>");
  BOOST_TEST(put.expected_md5_hex == "");
}

BOOST_AUTO_TEST_CASE(s3_dialects_use_amz_metadata_headers) {
  obs::put_options options;
  options.user_metadata = {{"owner", "alice"}};
  const auto put = requests::put_object(obs::request_factory(region_options(obs_signature::v4)), "bucket", "k", "x", options);
  BOOST_TEST(header(put.request, "x-amz-meta-owner") == "alice");
  BOOST_TEST(header(put.request, "x-obs-meta-owner") == "<absent>");
}

BOOST_AUTO_TEST_CASE(metadata_names_must_be_tokens) {
  obs::put_options options;
  options.user_metadata = {{"bad name", "x"}};
  BOOST_CHECK_THROW((void)requests::put_object(obs::request_factory(region_options()), "bucket", "k", "x", options),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(put_object_from_file_streams_the_range) {
  const temp_file file("0123456789");
  const auto put = requests::put_object_from_file(obs::request_factory(region_options()), "bucket", "k", file.path, 2, 5, {});
  BOOST_REQUIRE(put.request.body_pieces.size() == 1u);
  BOOST_REQUIRE(put.request.body_pieces[0].file.has_value());
  BOOST_TEST(put.request.body_pieces[0].file->offset == 2u);
  BOOST_TEST(put.request.body_pieces[0].file->length == 5u);
  BOOST_TEST(put.request.body_size() == 5u);
  BOOST_TEST(put.request.body == "");
  const auto md5 = obs::md5_of("23456");
  BOOST_TEST(header(put.request, "Content-MD5") == md5.base64);
  BOOST_TEST(put.expected_md5_hex == md5.hex);
  BOOST_CHECK_THROW((void)requests::put_object_from_file(obs::request_factory(region_options()), "bucket", "k",
                                                         file.path, 6, 5, {}),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(get_object_with_range_and_if_match) {
  const obs::request_factory f(region_options());
  obs::get_options options;
  options.range = obs::byte_range{0, 9};
  options.if_match = "\"abc\"";
  const auto r = requests::get_object(f, "bucket", "k", options);
  BOOST_TEST(r.method == "GET");
  BOOST_TEST(header(r, "Range") == "bytes=0-9");
  BOOST_TEST(header(r, "If-Match") == "\"abc\"");
  options.range = obs::byte_range{100, std::nullopt};
  options.if_match = "abc";
  const auto open_ended = requests::get_object(f, "bucket", "k", options);
  BOOST_TEST(header(open_ended, "Range") == "bytes=100-");
  BOOST_TEST(header(open_ended, "If-Match") == "\"abc\"");
  BOOST_TEST(header(requests::get_object(f, "bucket", "k", {}), "Range") == "<absent>");
  options.range = obs::byte_range{10, 9};
  BOOST_CHECK_THROW((void)requests::get_object(f, "bucket", "k", options), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(delete_objects_is_an_idempotent_post_with_md5) {
  const auto r = requests::delete_objects(obs::request_factory(region_options()), "bucket", {"a", "b/c"});
  BOOST_TEST(r.method == "POST");
  BOOST_TEST(r.idempotent);
  BOOST_TEST(r.target() == "/?delete");
  BOOST_TEST(header(r, "Content-MD5") == obs::md5_of(r.body).base64);
  BOOST_TEST(header(r, "Content-Type") == "application/xml");
  BOOST_TEST(r.body.find("<Key>b/c</Key>") != std::string::npos);
  BOOST_CHECK_THROW((void)requests::delete_objects(obs::request_factory(region_options()), "bucket", {}),
                    std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::delete_objects(obs::request_factory(region_options()), "bucket",
                                                   std::vector<std::string>(1001, "k")),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(copy_object_names_an_encoded_source) {
  const auto r = requests::copy_object(obs::request_factory(region_options()), "src-bucket", "dir/a b+c.txt", "bucket", "copy");
  BOOST_TEST(r.method == "PUT");
  BOOST_TEST(r.path == "/copy");
  BOOST_TEST(header(r, "x-obs-copy-source") == "/src-bucket/dir/a%20b%2Bc.txt");
  const auto s3 = requests::copy_object(obs::request_factory(region_options(obs_signature::v2)), "src-bucket", "k", "bucket", "copy");
  BOOST_TEST(header(s3, "x-amz-copy-source") == "/src-bucket/k");
  BOOST_CHECK_THROW((void)requests::copy_object(obs::request_factory(region_options()), "Bad", "k", "bucket", "copy"),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(list_objects_query) {
  const obs::request_factory f(region_options());
  obs::list_objects_request request;
  request.prefix = "dir/";
  request.delimiter = "/";
  request.marker = "dir/a b";
  request.max_keys = 10;
  const auto r = requests::list_objects(f, "bucket", request);
  BOOST_TEST(r.target() == "/?prefix=dir%2F&delimiter=%2F&marker=dir%2Fa%20b&max-keys=10&encoding-type=url");
  BOOST_TEST(requests::list_objects(f, "bucket", {}).target() == "/?max-keys=1000&encoding-type=url");
  request.max_keys = 0;
  BOOST_CHECK_THROW((void)requests::list_objects(f, "bucket", request), std::invalid_argument);
  request.max_keys = 1001;
  BOOST_CHECK_THROW((void)requests::list_objects(f, "bucket", request), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(initiate_is_a_post_that_is_not_retried_blindly) {
  obs::put_options options;
  options.content_type = "application/zip";
  options.user_metadata = {{"a", "b"}};
  const auto r = requests::initiate_multipart_upload(obs::request_factory(region_options()), "bucket", "big.bin", options);
  BOOST_TEST(r.method == "POST");
  BOOST_TEST(!r.idempotent);
  BOOST_TEST(r.target() == "/big.bin?uploads");
  BOOST_TEST(header(r, "Content-Type") == "application/zip");
  BOOST_TEST(header(r, "x-obs-meta-a") == "b");
}

BOOST_AUTO_TEST_CASE(upload_part_streams_a_file_range_with_its_md5) {
  const temp_file file("abcdefghij");
  const auto up = requests::upload_part(obs::request_factory(region_options()), "bucket", "big.bin", "UP1", 3, file.path,
                                        5, 5, true);
  BOOST_TEST(up.request.method == "PUT");
  BOOST_TEST(up.request.idempotent);
  BOOST_TEST(up.request.target() == "/big.bin?partNumber=3&uploadId=UP1");
  BOOST_REQUIRE(up.request.body_pieces.size() == 1u);
  BOOST_REQUIRE(up.request.body_pieces[0].file.has_value());
  BOOST_TEST(up.request.body_pieces[0].file->offset == 5u);
  BOOST_TEST(header(up.request, "Content-MD5") == obs::md5_of("fghij").base64);
  BOOST_TEST(up.expected_md5_hex == obs::md5_of("fghij").hex);
  const obs::request_factory f(region_options());
  BOOST_CHECK_THROW((void)requests::upload_part(f, "bucket", "big.bin", "UP1", 0, file.path, 0, 1, true), std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part(f, "bucket", "big.bin", "UP1", 10001, file.path, 0, 1, true),
                    std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part(f, "bucket", "big.bin", "", 1, file.path, 0, 1, true), std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part(f, "bucket", "big.bin", "UP1", 1, file.path, 8, 3, true),
                    std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part(f, "bucket", "big.bin", "UP1", 1, file.path.string() + ".missing", 0, 1,
                                                true),
                    std::filesystem::filesystem_error);
}

BOOST_AUTO_TEST_CASE(upload_part_from_memory_carries_the_body_and_its_md5) {
  const obs::request_factory f(region_options());
  const auto up = requests::upload_part(f, "bucket", "big.bin", "UP1", 2, std::string("fghij"), true);
  BOOST_TEST(up.request.method == "PUT");
  BOOST_TEST(up.request.idempotent);
  BOOST_TEST(up.request.target() == "/big.bin?partNumber=2&uploadId=UP1");
  BOOST_TEST(!up.request.has_body_pieces());
  BOOST_TEST(up.request.body == "fghij");
  BOOST_TEST(header(up.request, "Content-MD5") == obs::md5_of("fghij").base64);
  BOOST_TEST(up.expected_md5_hex == obs::md5_of("fghij").hex);

  const auto unchecked = requests::upload_part(f, "bucket", "big.bin", "UP1", 2, std::string("x"), false);
  BOOST_TEST(header(unchecked.request, "Content-MD5") == "<absent>");
  BOOST_TEST(unchecked.expected_md5_hex.empty());
  BOOST_CHECK_THROW((void)requests::upload_part(f, "bucket", "big.bin", "UP1", 0, std::string("x"), true),
                    std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part(f, "bucket", "big.bin", "", 1, std::string("x"), true),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(upload_part_copy_names_the_source_its_range_and_version) {
  const obs::request_factory f(region_options());
  const auto r = requests::upload_part_copy(f, "bucket", "big copy", "UP1", 4, "src-bucket", "dir/a b+c.bin",
                                            obs::byte_range{100, 199}, "\"0123abcd\"");
  BOOST_TEST(r.method == "PUT");
  BOOST_TEST(r.idempotent);
  BOOST_TEST(r.target() == "/big%20copy?partNumber=4&uploadId=UP1");
  BOOST_TEST(r.body.empty());
  BOOST_TEST(header(r, "x-obs-copy-source") == "/src-bucket/dir/a%20b%2Bc.bin");
  BOOST_TEST(header(r, "x-obs-copy-source-range") == "bytes=100-199");
  BOOST_TEST(header(r, "x-obs-copy-source-if-match") == "\"0123abcd\"");

  // AWS signatures speak x-amz-; no range copies the whole source, no ETag sends no condition.
  const auto s3 = requests::upload_part_copy(obs::request_factory(region_options(obs_signature::v4)), "bucket", "k",
                                             "UP1", 1, "src-bucket", "s", std::nullopt, "");
  BOOST_TEST(header(s3, "x-amz-copy-source") == "/src-bucket/s");
  BOOST_TEST(header(s3, "x-amz-copy-source-range") == "<absent>");
  BOOST_TEST(header(s3, "x-amz-copy-source-if-match") == "<absent>");
  BOOST_TEST(header(s3, "x-obs-copy-source") == "<absent>");

  BOOST_CHECK_THROW((void)requests::upload_part_copy(f, "bucket", "k", "UP1", 1, "src-bucket", "s",
                                                     obs::byte_range{5, std::nullopt}, ""),
                    std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part_copy(f, "bucket", "k", "UP1", 1, "src-bucket", "s",
                                                     obs::byte_range{9, 3}, ""),
                    std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part_copy(f, "bucket", "k", "UP1", 10001, "src-bucket", "s", std::nullopt, ""),
                    std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part_copy(f, "bucket", "k", "UP1", 1, "Bad_Bucket", "s", std::nullopt, ""),
                    std::invalid_argument);
  BOOST_CHECK_THROW((void)requests::upload_part_copy(f, "bucket", "k", "UP1", 1, "src-bucket", "", std::nullopt, ""),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(list_parts_query_with_marker) {
  const obs::request_factory f(region_options());
  BOOST_TEST(requests::list_parts(f, "bucket", "big.bin", "UP1", 0).target() == "/big.bin?uploadId=UP1&max-parts=1000");
  BOOST_TEST(requests::list_parts(f, "bucket", "big.bin", "UP1", 7).target() ==
             "/big.bin?uploadId=UP1&max-parts=1000&part-number-marker=7");
}

BOOST_AUTO_TEST_CASE(complete_sorts_parts_and_is_not_idempotent) {
  const auto r = requests::complete_multipart_upload(obs::request_factory(region_options()), "bucket", "big.bin", "UP1",
                                                     {{2, "e2", 5}, {1, "e1", 5}});
  BOOST_TEST(r.method == "POST");
  BOOST_TEST(!r.idempotent);
  BOOST_TEST(r.target() == "/big.bin?uploadId=UP1");
  BOOST_TEST(r.body.find("<PartNumber>1</PartNumber>") < r.body.find("<PartNumber>2</PartNumber>"));
  BOOST_TEST(r.body.find("<ETag>&quot;e1&quot;</ETag>") != std::string::npos);
  BOOST_CHECK_THROW((void)requests::complete_multipart_upload(obs::request_factory(region_options()), "bucket", "big.bin",
                                                              "UP1", {}),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(abort_and_list_uploads) {
  const obs::request_factory f(region_options());
  const auto abort = requests::abort_multipart_upload(f, "bucket", "big.bin", "UP1");
  BOOST_TEST(abort.method == "DELETE");
  BOOST_TEST(abort.target() == "/big.bin?uploadId=UP1");
  BOOST_TEST(requests::list_multipart_uploads(f, "bucket", "", "", "").target() ==
             "/?uploads&max-uploads=1000&encoding-type=url");
  BOOST_TEST(requests::list_multipart_uploads(f, "bucket", "p/", "k", "u").target() ==
             "/?uploads&max-uploads=1000&encoding-type=url&prefix=p%2F&key-marker=k&upload-id-marker=u");
}

BOOST_AUTO_TEST_SUITE_END()

// ---- signing -----------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(signing)

// SIGNING.md section B's OBS vectors, reproduced from requests the operations
// build: the canonical resource is path-style in both addressings.
BOOST_AUTO_TEST_CASE(upload_part_matches_the_obs_vector_in_both_addressings) {
  const temp_file file("part bytes");
  for (const auto addressing : {obs_addressing::virtual_hosted, obs_addressing::path}) {
    const auto options = region_options(obs_signature::obs, addressing);
    auto up = requests::upload_part(obs::request_factory(options), "bucket", "big.bin",
                                    "000001648453845DBB78F2340DD460D8", 1, file.path, 0, 4, false);
    up.request.query.push_back({"foo", "bar"}); // not a sub-resource: not signed
    obs::make_signer(options, obs_doc_key)->sign(up.request, june_2019());
    BOOST_TEST(header(up.request, "Authorization") == "OBS HCY8BGCN1YM5ZWYOK1MH:EFJyVpmGsiibanR6kgsjgmqzDnM=");
  }
}

BOOST_AUTO_TEST_CASE(initiate_matches_the_obs_vector) {
  const auto options = region_options();
  auto r = requests::initiate_multipart_upload(obs::request_factory(options), "bucket", "big.bin", {});
  obs::make_signer(options, obs_doc_key)->sign(r, june_2019());
  BOOST_TEST(header(r, "Authorization") == "OBS HCY8BGCN1YM5ZWYOK1MH:CdmQ9tPQPk+b3IAanroRvwWyvFQ=");
}

BOOST_AUTO_TEST_CASE(get_object_matches_the_obs_documentation_example) {
  const auto options = region_options();
  auto r = requests::get_object(obs::request_factory(options), "bucket", "object.txt", {});
  // The documentation's date has the wrong weekday; a caller's Date is signed as given.
  r.headers.set("Date", "Sat, 12 Oct 2015 08:12:38 GMT");
  obs::make_signer(options, obs_doc_key)->sign(r, june_2019());
  BOOST_TEST(header(r, "Authorization") == "OBS HCY8BGCN1YM5ZWYOK1MH:Uc8VvZSAKs4xJ+mpPNEuLzYdFL4=");
}

BOOST_AUTO_TEST_CASE(pinned_endpoint_requests_sign_the_bucket_from_the_host_header) {
  auto options = region_options();
  options.endpoint.obs = "https://localhost:40123";
  auto r = requests::head_object(obs::request_factory(options), "bucket", "dir/obj");
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::obs).ends_with("\n/bucket/dir/obj"));
}

BOOST_AUTO_TEST_CASE(sub_resources_and_metadata_enter_the_string_to_sign) {
  const obs::request_factory f(region_options());
  obs::put_options options;
  options.user_metadata = {{"Owner", "alice"}};
  auto put = requests::put_object(f, "bucket", "dir/obj", "x", options);
  put.request.headers.set("Date", "Tue, 04 Jun 2019 06:54:59 GMT");
  const auto md5 = header(put.request, "Content-MD5");
  BOOST_TEST(auth::obs_string_to_sign(put.request, auth::obs_dialect::obs) ==
             "PUT\n" + md5 + "\n\nTue, 04 Jun 2019 06:54:59 GMT\nx-obs-meta-owner:alice\n/bucket/dir/obj");
  auto del = requests::delete_objects(f, "bucket", {"k"});
  BOOST_TEST(auth::obs_string_to_sign(del, auth::obs_dialect::obs).ends_with("\n/bucket/?delete"));
  auto list = requests::list_parts(f, "bucket", "k", "U", 5);
  BOOST_TEST(auth::obs_string_to_sign(list, auth::obs_dialect::obs).ends_with("\n/bucket/k?uploadId=U"));
}

BOOST_AUTO_TEST_CASE(v2_signature_uses_the_aws_scheme) {
  const auto options = region_options(obs_signature::v2);
  auto r = requests::head_bucket(obs::request_factory(options), "bucket");
  obs::make_signer(options, obs_doc_key)->sign(r, june_2019());
  BOOST_TEST(header(r, "Authorization").starts_with("AWS HCY8BGCN1YM5ZWYOK1MH:"));
}

BOOST_AUTO_TEST_CASE(v4_signature_scopes_the_region_and_signs_the_bucket_host) {
  auto options = region_options(obs_signature::v4);
  auto r = requests::get_object(obs::request_factory(options), "bucket", "k", {});
  obs::make_signer(options, obs_doc_key)->sign(r, june_2019());
  const auto authorization = header(r, "Authorization");
  BOOST_TEST(authorization.starts_with("AWS4-HMAC-SHA256 Credential=HCY8BGCN1YM5ZWYOK1MH/20190604/cn-north-4/s3/aws4_request"));
  BOOST_TEST(header(r, "Host") == "bucket.obs.cn-north-4.myhuaweicloud.com");
  BOOST_TEST(header(r, "x-amz-date") == "20190604T065459Z");
  options.obs.region_for_v4 = "us-east-1";
  auto other = requests::get_object(obs::request_factory(options), "bucket", "k", {});
  obs::make_signer(options, obs_doc_key)->sign(other, june_2019());
  BOOST_TEST(header(other, "Authorization").find("/20190604/us-east-1/s3/") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(v4_presigned_url_matches_the_aws_example) {
  // AWS's published query-string example (GET /test.txt, 24 h, 2013-05-24).
  const auth::access_key key{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
  const auto url = obs::v4_presigned_url(key, "us-east-1", "GET", "https", "examplebucket.s3.amazonaws.com", "/test.txt",
                                         auth::clock::time_point{sys_days{2013y / May / 24}}, 86400s);
  BOOST_TEST(url ==
             "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
             "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
             "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
             "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  BOOST_CHECK_THROW((void)obs::v4_presigned_url(key, "us-east-1", "GET", "https", "h", "/k", auth::clock::now(),
                                                std::chrono::seconds(7 * 24 * 3600 + 1)),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- metadata, heads, digests ----------------------------------------------------------

BOOST_AUTO_TEST_SUITE(headers_and_digests)

BOOST_AUTO_TEST_CASE(metadata_values_round_trip) {
  for (const std::string value : {"plain ascii", "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87", " padded ", "tab\there",
                                  "=?UTF-8?B?looks-encoded?=", ""}) {
    BOOST_TEST(obs::decode_metadata_value(obs::encode_metadata_value(value)) == value);
  }
  BOOST_TEST(obs::encode_metadata_value("plain ascii") == "plain ascii");
}

BOOST_AUTO_TEST_CASE(rfc2047_values_from_the_service_are_decoded) {
  BOOST_TEST(obs::decode_metadata_value("=?UTF-8?B?SMOpbGxvIFdvcmxkIQ==?=") == "H\xC3\xA9llo World!");
  BOOST_TEST(obs::decode_metadata_value("=?utf-8?b?SMOpbGxvIFdvcmxkIQ==?=") == "H\xC3\xA9llo World!");
  BOOST_TEST(obs::decode_metadata_value("=?UTF-8?B?not base64!?=") == "=?UTF-8?B?not base64!?=");
  BOOST_TEST(obs::decode_metadata_value("=?ISO-8859-1?B?SGk=?=") == "=?ISO-8859-1?B?SGk=?=");
}

BOOST_AUTO_TEST_CASE(metadata_is_read_from_both_prefixes) {
  http::header_list h;
  h.add("X-Obs-Meta-Owner", "alice");
  h.add("x-amz-meta-note", "=?UTF-8?B?Y2Fmw6k=?=");
  h.add("x-obs-meta-list", "a");
  h.add("x-obs-meta-list", "b");
  h.add("x-obs-request-id", "not metadata");
  const auto meta = obs::metadata_from_headers(h);
  BOOST_TEST(meta.size() == 3u);
  BOOST_TEST(meta.at("owner") == "alice");
  BOOST_TEST(meta.at("note") == "caf\xC3\xA9");
  BOOST_TEST(meta.at("list") == "a,b");
}

BOOST_AUTO_TEST_CASE(head_from_a_whole_object_answer) {
  http::header_list h;
  h.add("Content-Length", "434234");
  h.add("ETag", "\"fba9dede5f27731c9771645a39863328\"");
  h.add("Content-Type", "text/plain");
  h.add("Last-Modified", "Sun, 1 Jan 2006 12:00:00 GMT");
  h.add("x-obs-meta-family", "Muller");
  const auto head = obs::head_from_headers(h);
  BOOST_TEST(head.size == 434234u);
  BOOST_TEST(head.etag == "fba9dede5f27731c9771645a39863328");
  BOOST_TEST(head.content_type == "text/plain");
  BOOST_TEST(head.last_modified == "Sun, 1 Jan 2006 12:00:00 GMT");
  BOOST_TEST(head.user_metadata.at("family") == "Muller");
}

BOOST_AUTO_TEST_CASE(head_from_a_ranged_answer_has_the_whole_size) {
  http::header_list h;
  h.add("Content-Length", "10");
  h.add("Content-Range", "bytes 0-9/443");
  BOOST_TEST(obs::head_from_headers(h).size == 443u);
  http::header_list bad;
  bad.add("Content-Length", "ten");
  BOOST_TEST(code_of([&] { (void)obs::head_from_headers(bad); }) == make_error_code(errc::malformed_response));
}

BOOST_AUTO_TEST_CASE(md5_of_a_file_range_is_that_of_the_bytes) {
  std::string contents;
  for (int i = 0; i < 300000; ++i) contents += static_cast<char>('a' + i % 26);
  const temp_file file(contents);
  const auto range = obs::md5_of_file_range(file.path, 1000, 250000);
  const auto expected = obs::md5_of(std::string_view(contents).substr(1000, 250000));
  BOOST_TEST(range.hex == expected.hex);
  BOOST_TEST(range.base64 == expected.base64);
  BOOST_TEST(obs::md5_of("").hex == "d41d8cd98f00b204e9800998ecf8427e");
  BOOST_CHECK_THROW((void)obs::md5_of_file_range(file.path, 299999, 2), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(upload_etag_checks_plain_md5s) {
  const std::string md5 = "5d41402abc4b2a76b9719d911017c592";
  http::header_list same;
  same.add("ETag", "\"5D41402ABC4B2A76B9719D911017C592\"");
  BOOST_TEST(obs::upload_etag(same, md5, "put object") == "5D41402ABC4B2A76B9719D911017C592");

  http::header_list other;
  other.add("ETag", "\"00000000000000000000000000000000\"");
  BOOST_TEST(code_of([&] { (void)obs::upload_etag(other, md5, "put object"); }) ==
             make_error_code(errc::checksum_mismatch));
  BOOST_TEST(obs::upload_etag(other, "", "put object") == "00000000000000000000000000000000");

  http::header_list multipart;
  multipart.add("ETag", "\"3858f62230ac3c915f300c664312c11f-9\"");
  BOOST_TEST(obs::upload_etag(multipart, md5, "put object") == "3858f62230ac3c915f300c664312c11f-9");

  http::header_list kms;
  kms.add("ETag", "\"00000000000000000000000000000000\"");
  kms.add("x-obs-server-side-encryption", "kms");
  BOOST_TEST(obs::upload_etag(kms, md5, "put object") == "00000000000000000000000000000000");

  const http::header_list none;
  BOOST_TEST(code_of([&] { (void)obs::upload_etag(none, md5, "put object"); }) ==
             make_error_code(errc::malformed_response));
}

BOOST_AUTO_TEST_SUITE_END()
