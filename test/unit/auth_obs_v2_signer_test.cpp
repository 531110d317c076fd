// The OBS / S3 V2 header signature: published AWS vectors, OBS regression
// vectors, and string-to-sign construction from real requests.
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
const auth::access_key obs_key{"HCY8BGCN1YM5ZWYOK1MH", "9zYwf1uabSQY0JTnFqbUqG7vcfqYBaTdXde2GUcq", ""};
const std::string obs_date = "Tue, 04 Jun 2019 06:54:59 GMT";

auth::clock::time_point obs_time() {
  return auth::clock::time_point{sys_days{2019y / June / 4} + 6h + 54min + 59s};
}

std::string header(const http::request& r, std::string_view name) {
  return std::string(r.headers.get(name).value_or("<absent>"));
}

http::request request(std::string method, std::string host, std::string bucket, std::string path) {
  http::request r;
  r.method = std::move(method);
  r.to = http::parse_origin("https://" + host);
  r.bucket = std::move(bucket);
  r.path = std::move(path);
  return r;
}

/// Signs and returns the Authorization header.
std::string sign(http::request& r, const auth::access_key& key, auth::obs_dialect d) {
  auth::obs_v2_signer(key, d).sign(r, obs_time());
  return header(r, "Authorization");
}

} // namespace

// ---- signatures of given StringToSign (SIGNING.md, section B) ---------------

BOOST_AUTO_TEST_CASE(aws_v2_published_vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg", "bWq2s1WEIj+Ydj0vQ697zp+IXMU="},
      {"GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg", "qgk2+6Sv9/oM7G3qLEjTH1a1l1g="},
      {"PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/johnsmith/photos/puppy.jpg", "MyyxeRY7whkBe+bq8fHCL/2kKUg="},
      {"GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/johnsmith/", "htDYFYduRNen8P9ZfE/s9SuKy0U="},
      {"GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/johnsmith/?acl", "c2WLPFtWHVgbEmeEG93a4cG37dM="},
      {"PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
       "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n"
       "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n/static.johnsmith.net/db-backup.dat.gz",
       "ilyl83RwaSoYIEdixDQcA4OnAnc="}};
  for (const auto& [sts, signature] : vectors) BOOST_TEST(auth::obs_signature(aws_key.secret, sts) == signature);
}

BOOST_AUTO_TEST_CASE(obs_regression_vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"GET\n\n\nSat, 12 Oct 2015 08:12:38 GMT\n/bucket/object.txt", "Uc8VvZSAKs4xJ+mpPNEuLzYdFL4="},
      {"PUT\n\ntext/plain\nTue, 04 Jun 2019 06:54:59 GMT\n/bucket/object", "EK0lhYzSg1poFYrxwvri99DErpg="},
      {"PUT\nI5pU0r4+sgO9Emgl1KMQUg==\napplication/octet-stream\n\nx-obs-acl:public-read\n"
       "x-obs-date:Tue, 04 Jun 2019 06:54:59 GMT\nx-obs-meta-a:b\n/bucket/dir/obj",
       "HJGn2+u76LucTk0x5xfKni6QsGQ="},
      {"PUT\n\n\nTue, 04 Jun 2019 06:54:59 GMT\n/bucket/big.bin?partNumber=1&uploadId=000001648453845DBB78F2340DD460D8",
       "EFJyVpmGsiibanR6kgsjgmqzDnM="},
      {"POST\n\n\nTue, 04 Jun 2019 06:54:59 GMT\n/bucket/big.bin?uploads", "CdmQ9tPQPk+b3IAanroRvwWyvFQ="}};
  for (const auto& [sts, signature] : vectors) BOOST_TEST(auth::obs_signature(obs_key.secret, sts) == signature);
}

// ---- AWS vectors rebuilt from requests (dialect aws) ------------------------

BOOST_AUTO_TEST_CASE(aws_get_object_virtual_hosted) {
  auto r = request("GET", "johnsmith.s3.amazonaws.com", "johnsmith", "/photos/puppy.jpg");
  r.headers.set("Date", "Tue, 27 Mar 2007 19:36:42 +0000");
  BOOST_TEST(sign(r, aws_key, auth::obs_dialect::aws) == "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
  BOOST_TEST(header(r, "Date") == "Tue, 27 Mar 2007 19:36:42 +0000"); // the caller's date is kept
}

BOOST_AUTO_TEST_CASE(aws_put_object_with_content_type) {
  auto r = request("PUT", "johnsmith.s3.amazonaws.com", "johnsmith", "/photos/puppy.jpg");
  r.headers.set("Content-Type", "image/jpeg");
  r.headers.set("Content-Length", "94328");
  r.headers.set("Date", "Tue, 27 Mar 2007 21:15:45 +0000");
  BOOST_TEST(sign(r, aws_key, auth::obs_dialect::aws) == "AWS AKIAIOSFODNN7EXAMPLE:MyyxeRY7whkBe+bq8fHCL/2kKUg=");
}

BOOST_AUTO_TEST_CASE(aws_list_bucket_ordinary_parameters_are_not_signed) {
  auto r = request("GET", "johnsmith.s3.amazonaws.com", "johnsmith", "/");
  r.query = {{"prefix", "photos"}, {"max-keys", "50"}, {"marker", "puppy"}};
  r.headers.set("User-Agent", "Mozilla/5.0");
  r.headers.set("Date", "Tue, 27 Mar 2007 19:42:41 +0000");
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::aws) ==
             "GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/johnsmith/");
  BOOST_TEST(sign(r, aws_key, auth::obs_dialect::aws) == "AWS AKIAIOSFODNN7EXAMPLE:htDYFYduRNen8P9ZfE/s9SuKy0U=");
}

BOOST_AUTO_TEST_CASE(aws_acl_sub_resource) {
  auto r = request("GET", "johnsmith.s3.amazonaws.com", "johnsmith", "/");
  r.query = {{"acl", ""}};
  r.headers.set("Date", "Tue, 27 Mar 2007 19:44:46 +0000");
  BOOST_TEST(sign(r, aws_key, auth::obs_dialect::aws) == "AWS AKIAIOSFODNN7EXAMPLE:c2WLPFtWHVgbEmeEG93a4cG37dM=");
}

BOOST_AUTO_TEST_CASE(aws_custom_domain_with_merged_amz_headers) {
  auto r = request("PUT", "static.johnsmith.net:8080", "static.johnsmith.net", "/db-backup.dat.gz");
  r.headers.set("Host", "static.johnsmith.net:8080");
  r.headers.set("User-Agent", "curl/7.15.5");
  r.headers.set("Date", "Tue, 27 Mar 2007 21:06:08 +0000");
  r.headers.set("x-amz-acl", "public-read");
  r.headers.set("content-type", "application/x-download");
  r.headers.set("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw==");
  r.headers.add("X-Amz-Meta-ReviewedBy", "joe@johnsmith.net");
  r.headers.add("X-Amz-Meta-ReviewedBy", "jane@johnsmith.net");
  r.headers.set("X-Amz-Meta-FileChecksum", "0x02661779");
  r.headers.set("X-Amz-Meta-ChecksumAlgorithm", "crc32");
  r.headers.set("Content-Disposition", "attachment; filename=database.dat");
  r.headers.set("Content-Encoding", "gzip");
  r.headers.set("Content-Length", "5913339");
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::aws) ==
             "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
             "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n"
             "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n/static.johnsmith.net/db-backup.dat.gz");
  BOOST_TEST(sign(r, aws_key, auth::obs_dialect::aws) == "AWS AKIAIOSFODNN7EXAMPLE:ilyl83RwaSoYIEdixDQcA4OnAnc=");
}

// ---- OBS vectors rebuilt from requests (dialect obs) -----------------------

BOOST_AUTO_TEST_CASE(obs_get_object_doc_example) {
  auto r = request("GET", "bucket.obs.cn-north-4.myhuaweicloud.com", "bucket", "/object.txt");
  r.headers.set("Date", "Sat, 12 Oct 2015 08:12:38 GMT");
  BOOST_TEST(sign(r, obs_key, auth::obs_dialect::obs) == "OBS HCY8BGCN1YM5ZWYOK1MH:Uc8VvZSAKs4xJ+mpPNEuLzYdFL4=");
}

BOOST_AUTO_TEST_CASE(obs_signer_sets_date_from_now) {
  auto r = request("PUT", "bucket.obs.cn-north-4.myhuaweicloud.com", "bucket", "/object");
  r.headers.set("Content-Type", "text/plain");
  BOOST_TEST(sign(r, obs_key, auth::obs_dialect::obs) == "OBS HCY8BGCN1YM5ZWYOK1MH:EK0lhYzSg1poFYrxwvri99DErpg=");
  BOOST_TEST(header(r, "Date") == obs_date);
}

BOOST_AUTO_TEST_CASE(obs_date_header_empties_the_date_line) {
  auto r = request("PUT", "bucket.obs.cn-north-4.myhuaweicloud.com", "bucket", "/dir/obj");
  r.headers.set("Content-MD5", "I5pU0r4+sgO9Emgl1KMQUg==");
  r.headers.set("Content-Type", "application/octet-stream");
  r.headers.set("x-obs-meta-a", "b");
  r.headers.set("X-Obs-Date", obs_date);
  r.headers.set("x-obs-acl", "public-read");
  BOOST_TEST(sign(r, obs_key, auth::obs_dialect::obs) == "OBS HCY8BGCN1YM5ZWYOK1MH:HJGn2+u76LucTk0x5xfKni6QsGQ=");
  BOOST_TEST(!r.headers.contains("Date")); // x-obs-date stands in for it
}

BOOST_AUTO_TEST_CASE(obs_upload_part_signs_sub_resources_only) {
  auto r = request("PUT", "bucket.obs.cn-north-4.myhuaweicloud.com", "bucket", "/big.bin");
  r.query = {{"uploadId", "000001648453845DBB78F2340DD460D8"}, {"foo", "bar"}, {"partNumber", "1"}};
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::obs) ==
             "PUT\n\n\n\n/bucket/big.bin?partNumber=1&uploadId=000001648453845DBB78F2340DD460D8");
  BOOST_TEST(sign(r, obs_key, auth::obs_dialect::obs) == "OBS HCY8BGCN1YM5ZWYOK1MH:EFJyVpmGsiibanR6kgsjgmqzDnM=");
}

BOOST_AUTO_TEST_CASE(obs_initiate_multipart_upload) {
  auto r = request("POST", "bucket.obs.cn-north-4.myhuaweicloud.com", "bucket", "/big.bin");
  r.query = {{"uploads", ""}};
  BOOST_TEST(sign(r, obs_key, auth::obs_dialect::obs) == "OBS HCY8BGCN1YM5ZWYOK1MH:CdmQ9tPQPk+b3IAanroRvwWyvFQ=");
}

BOOST_AUTO_TEST_CASE(path_style_request_signs_the_same_resource) {
  auto r = request("GET", "obs.cn-north-4.myhuaweicloud.com", "bucket", "/bucket/object.txt");
  r.headers.set("Date", "Sat, 12 Oct 2015 08:12:38 GMT");
  BOOST_TEST(sign(r, obs_key, auth::obs_dialect::obs) == "OBS HCY8BGCN1YM5ZWYOK1MH:Uc8VvZSAKs4xJ+mpPNEuLzYdFL4=");
}

BOOST_AUTO_TEST_CASE(service_level_request_without_bucket) {
  auto r = request("GET", "obs.cn-north-4.myhuaweicloud.com", "", "/");
  r.headers.set("Date", obs_date);
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::obs) == "GET\n\n\n" + obs_date + "\n/");
}

// ---- canonical pieces --------------------------------------------------------

BOOST_AUTO_TEST_CASE(canonical_resource_encodes_the_key_and_sorts_sub_resources) {
  const std::vector<http::query_param> q{{"versionId", "v1"},
                                         {"response-content-disposition", "attachment; filename=a b.txt"},
                                         {"max-keys", "3"},
                                         {"acl", ""}};
  BOOST_TEST(auth::obs_canonical_resource("bucket", "/dir/a%20b.txt", q) ==
             "/bucket/dir/a%20b.txt?acl&response-content-disposition=attachment; filename=a b.txt&versionId=v1");
  BOOST_TEST(auth::obs_canonical_resource("", "/bucket", {}) == "/bucket");
  BOOST_TEST(auth::obs_canonical_resource("bucket", "", {}) == "/bucket/");
}

BOOST_AUTO_TEST_CASE(sub_resource_allow_list) {
  for (const char* name : {"acl", "append", "attname", "cors", "delete", "lifecycle", "location", "logging",
                           "notification", "partNumber", "policy", "position", "quota", "requestPayment",
                           "response-cache-control", "response-content-disposition",
                           "response-content-encoding", "response-content-language", "response-content-type",
                           "response-expires", "restore", "storageClass", "storagePolicy", "storageinfo",
                           "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions",
                           "website", "x-image-process", "x-obs-security-token", "PARTNUMBER"})
    BOOST_TEST(auth::is_obs_sub_resource(name), name);
  for (const char* name : {"foo", "prefix", "marker", "max-keys", "delimiter", "key-marker", "encoding-type", ""})
    BOOST_TEST(!auth::is_obs_sub_resource(name), name);
}

BOOST_AUTO_TEST_CASE(string_to_sign_from_the_wire_path) {
  // A verifier passes the path as received; here another client kept '!' unencoded.
  auto r = request("GET", "bucket.obs.example.com", "bucket", "/a!b");
  r.headers.set("Date", obs_date);
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::obs, "/a!b") == "GET\n\n\n" + obs_date + "\n/bucket/a!b");
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::obs) == "GET\n\n\n" + obs_date + "\n/bucket/a%21b");
}

BOOST_AUTO_TEST_CASE(dialects_sign_only_their_own_headers) {
  auto r = request("PUT", "bucket.obs.example.com", "bucket", "/o");
  r.headers.set("Date", obs_date);
  r.headers.set("x-obs-acl", "private");
  r.headers.set("x-amz-acl", "public-read");
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::obs) == "PUT\n\n\n" + obs_date + "\nx-obs-acl:private\n/bucket/o");
  BOOST_TEST(auth::obs_string_to_sign(r, auth::obs_dialect::aws) == "PUT\n\n\n" + obs_date + "\nx-amz-acl:public-read\n/bucket/o");
}

BOOST_AUTO_TEST_CASE(temporary_keys_sign_the_security_token) {
  auto r = request("GET", "bucket.obs.example.com", "bucket", "/o");
  const auth::access_key temporary{obs_key.id, obs_key.secret, "the-token"};
  auth::obs_v2_signer(temporary, auth::obs_dialect::obs).sign(r, obs_time());
  BOOST_TEST(header(r, "x-obs-security-token") == "the-token");
  const auto sts = auth::obs_string_to_sign(r, auth::obs_dialect::obs);
  BOOST_TEST(sts == "GET\n\n\n" + obs_date + "\nx-obs-security-token:the-token\n/bucket/o");
  BOOST_TEST(header(r, "Authorization") == "OBS " + obs_key.id + ":" + auth::obs_signature(obs_key.secret, sts));

  auto a = request("GET", "bucket.s3.example.com", "bucket", "/o");
  auth::obs_v2_signer(temporary, auth::obs_dialect::aws).sign(a, obs_time());
  BOOST_TEST(header(a, "x-amz-security-token") == "the-token");
}

BOOST_AUTO_TEST_CASE(a_retry_is_re_signed_with_a_new_date) {
  const auth::obs_v2_signer signer(obs_key, auth::obs_dialect::obs);
  auto r = request("GET", "bucket.obs.example.com", "bucket", "/o");
  signer.sign(r, obs_time());
  const auto first = header(r, "Authorization");
  signer.sign(r, obs_time() + 1min);
  BOOST_TEST(header(r, "Date") == "Tue, 04 Jun 2019 06:55:59 GMT");
  BOOST_TEST(header(r, "Authorization") != first);

  auto with_obs_date = request("GET", "bucket.obs.example.com", "bucket", "/o");
  with_obs_date.headers.set("x-obs-date", obs_date);
  signer.sign(with_obs_date, obs_time());
  signer.sign(with_obs_date, obs_time() + 1min);
  BOOST_TEST(header(with_obs_date, "x-obs-date") == "Tue, 04 Jun 2019 06:55:59 GMT");
  BOOST_TEST(!with_obs_date.headers.contains("Date"));
}

BOOST_AUTO_TEST_CASE(parse_authorization) {
  const auto obs = auth::parse_obs_authorization("OBS HCY8BGCN1YM5ZWYOK1MH:Uc8VvZSAKs4xJ+mpPNEuLzYdFL4=");
  BOOST_REQUIRE(obs.has_value());
  BOOST_TEST((obs->dialect == auth::obs_dialect::obs));
  BOOST_TEST(obs->access_key == "HCY8BGCN1YM5ZWYOK1MH");
  BOOST_TEST(obs->signature == "Uc8VvZSAKs4xJ+mpPNEuLzYdFL4=");
  const auto aws = auth::parse_obs_authorization("AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
  BOOST_REQUIRE(aws.has_value());
  BOOST_TEST((aws->dialect == auth::obs_dialect::aws));
  for (const char* bad : {"", "OBS", "OBS :sig", "OBS ak:", "OBS aksig", "obs ak:sig", "Bearer ak:sig",
                          "OBS ak:si:g", "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request"})
    BOOST_TEST(!auth::parse_obs_authorization(bad).has_value(), bad);
}

// ---- presigned URLs -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(aws_presigned_url_published_example) {
  const auto url = auth::obs_presigned_url(aws_key, auth::obs_dialect::aws, "GET",
                                           http::parse_origin("https://s3.amazonaws.com"), "johnsmith",
                                           "photos/puppy.jpg", auth::clock::time_point{1175139620s}, true);
  BOOST_TEST(url == "https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE"
                    "&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D");
}

BOOST_AUTO_TEST_CASE(obs_presigned_url_path_style_with_token) {
  const auth::access_key temporary{obs_key.id, obs_key.secret, "tok"};
  const auto url = auth::obs_presigned_url(temporary, auth::obs_dialect::obs, "GET",
                                           http::parse_origin("http://127.0.0.1:9000"), "bucket", "dir/a b.txt",
                                           auth::clock::time_point{1560000000s}, false);
  const auto sts = std::string("GET\n\n\n1560000000\n/bucket/dir/a%20b.txt?x-obs-security-token=tok");
  const auto expected_sig = auth::obs_signature(obs_key.secret, sts);
  http::request shape;
  shape.path = "/bucket/dir/a b.txt";
  shape.query = {{"AccessKeyId", obs_key.id}, {"Expires", "1560000000"}, {"x-obs-security-token", "tok"},
                 {"Signature", expected_sig}};
  BOOST_TEST(url == "http://127.0.0.1:9000" + shape.target());
}

BOOST_AUTO_TEST_CASE(the_secret_appears_nowhere_in_the_request_or_url) {
  const std::string secret = "Sup3rSecretValue-NeverShown";
  for (const auto d : {auth::obs_dialect::obs, auth::obs_dialect::aws}) {
    auto r = request("PUT", "bucket.obs.example.com", "bucket", "/o");
    r.query = {{"uploads", ""}};
    auth::obs_v2_signer({"AK", secret, "token"}, d).sign(r, obs_time());
    for (const auto& f : r.headers) BOOST_TEST(f.value.find(secret) == std::string::npos);
    BOOST_TEST(auth::obs_string_to_sign(r, d).find(secret) == std::string::npos);
    const auto url = auth::obs_presigned_url({"AK", secret, "token"}, d, "GET",
                                             http::parse_origin("https://obs.example.com"), "bucket", "o",
                                             obs_time() + 1h, true);
    BOOST_TEST(url.find(secret) == std::string::npos);
    BOOST_TEST(url.find(http::uri_encode(secret)) == std::string::npos);
  }
}
