// obs_path::parse: every accepted spelling of a bucket and key, and the
// names and forms it refuses.
#include <modelarts/obs/obs_types.hpp>

#include "obs/obs_request.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

using modelarts::obs::obs_path;

namespace {

obs_path parse(const std::string& s) { return obs_path::parse(s); }

/// The message of the std::invalid_argument that parsing `s` throws ("" when none).
std::string refusal(const std::string& s) {
  try {
    (void)obs_path::parse(s);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(obs_urls)

BOOST_AUTO_TEST_CASE(obs_scheme_gives_bucket_and_key) {
  const auto p = parse("obs://bucket-name/dir1/file1.txt");
  BOOST_TEST(p.bucket == "bucket-name");
  BOOST_TEST(p.key == "dir1/file1.txt");
  BOOST_TEST(!p.is_folder());
  BOOST_TEST(p.str() == "obs://bucket-name/dir1/file1.txt");
}

BOOST_AUTO_TEST_CASE(trailing_slash_is_a_folder) {
  const auto p = parse("obs://bucket-name/dir1/");
  BOOST_TEST(p.key == "dir1/");
  BOOST_TEST(p.is_folder());
}

BOOST_AUTO_TEST_CASE(bucket_alone_has_empty_key) {
  BOOST_TEST(parse("obs://bucket-name").key == "");
  BOOST_TEST(parse("obs://bucket-name/").key == "");
  BOOST_TEST(parse("obs://bucket-name").is_folder());
}

BOOST_AUTO_TEST_CASE(scheme_is_case_insensitive) {
  BOOST_TEST(parse("OBS://bucket-name/k").bucket == "bucket-name");
  BOOST_TEST(parse("S3://bucket-name/k").key == "k");
}

BOOST_AUTO_TEST_CASE(s3_scheme_is_accepted) {
  const auto p = parse("s3://my.data-1/a/b.bin");
  BOOST_TEST(p.bucket == "my.data-1");
  BOOST_TEST(p.key == "a/b.bin");
}

BOOST_AUTO_TEST_CASE(absolute_path_names_bucket_first) {
  const auto p = parse("/bucket-name/dir/x y.txt");
  BOOST_TEST(p.bucket == "bucket-name");
  BOOST_TEST(p.key == "dir/x y.txt");
}

BOOST_AUTO_TEST_CASE(keys_of_obs_urls_are_taken_literally) {
  BOOST_TEST(parse("obs://bucket-name/100%25.txt").key == "100%25.txt");
}

BOOST_AUTO_TEST_CASE(virtual_hosted_https_url) {
  const auto p = parse("https://modelarts-training-log-cn-north-4.obs.cn-north-4.myhuaweicloud.com:443/66ff/worker-0/"
                       "job.log?AWSAccessKeyId=GFGTBKOZENDD83QEMZMV&Expires=1641896599&Signature=x%3D");
  BOOST_TEST(p.bucket == "modelarts-training-log-cn-north-4");
  BOOST_TEST(p.key == "66ff/worker-0/job.log");
}

BOOST_AUTO_TEST_CASE(https_url_keys_are_percent_decoded) {
  BOOST_TEST(parse("https://bucket-name.obs.cn-north-4.myhuaweicloud.com/a%20b/%E4%B8%AD.txt").key ==
             "a b/\xE4\xB8\xAD.txt");
}

BOOST_AUTO_TEST_CASE(path_style_https_url) {
  const auto p = parse("https://obs.cn-north-4.myhuaweicloud.com/bucket-name/dir/file");
  BOOST_TEST(p.bucket == "bucket-name");
  BOOST_TEST(p.key == "dir/file");
}

BOOST_AUTO_TEST_CASE(dotted_bucket_in_virtual_hosted_url) {
  BOOST_TEST(parse("https://logs.example.com.obs.cn-north-4.myhuaweicloud.com/k").bucket == "logs.example.com");
}

BOOST_AUTO_TEST_CASE(s3_host_names) {
  BOOST_TEST(parse("https://examplebucket.s3.amazonaws.com/test.txt").bucket == "examplebucket");
  BOOST_TEST(parse("http://s3.us-east-1.amazonaws.com/examplebucket/test.txt").key == "test.txt");
}

BOOST_AUTO_TEST_CASE(host_without_obs_label_is_refused) {
  BOOST_TEST(refusal("https://example.com/bucket/key").find("cannot tell the bucket") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_bucket_is_refused) {
  BOOST_TEST(refusal("obs://").find("names no bucket") != std::string::npos);
  BOOST_TEST(refusal("obs:///key").find("names no bucket") != std::string::npos);
  BOOST_TEST(refusal("/").find("names no bucket") != std::string::npos);
  BOOST_TEST(refusal("").find("empty") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(relative_paths_and_other_schemes_are_refused) {
  BOOST_TEST(refusal("bucket-name/key").find("not an OBS path") != std::string::npos);
  BOOST_TEST(refusal("gs://bucket-name/key").find("not an OBS path") != std::string::npos);
  BOOST_TEST(refusal("file:///tmp/x").find("not an OBS path") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_bucket_names_are_refused) {
  BOOST_TEST(refusal("obs://ab/k").find("3 to 63") != std::string::npos);
  BOOST_TEST(refusal("obs://" + std::string(64, 'a') + "/k").find("3 to 63") != std::string::npos);
  BOOST_TEST(refusal("obs://Upper-Case/k").find("lower-case") != std::string::npos);
  BOOST_TEST(refusal("obs://under_score/k").find("lower-case") != std::string::npos);
  BOOST_TEST(refusal("obs://-start/k").find("start and end") != std::string::npos);
  BOOST_TEST(refusal("obs://end-/k").find("start and end") != std::string::npos);
  BOOST_TEST(refusal("obs://a..b/k").find("'..'") != std::string::npos);
  BOOST_TEST(refusal("obs://a.-b/k").find("'..'") != std::string::npos);
  BOOST_TEST(refusal("obs://192.168.1.1/k").find("IP address") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(overlong_key_is_refused) {
  BOOST_TEST(refusal("obs://bucket-name/" + std::string(1025, 'k')).find("1,024") != std::string::npos);
  BOOST_TEST(parse("obs://bucket-name/" + std::string(1024, 'k')).key.size() == 1024u);
}

BOOST_AUTO_TEST_CASE(bucket_name_rules) {
  using modelarts::obs::bucket_name_problem;
  BOOST_TEST(bucket_name_problem("abc").empty());
  BOOST_TEST(bucket_name_problem("a-b.c1").empty());
  BOOST_TEST(bucket_name_problem("1234").empty());
  BOOST_TEST(!bucket_name_problem("a-.b").empty());
  BOOST_TEST(!bucket_name_problem("a b").empty());
}

BOOST_AUTO_TEST_SUITE_END()
