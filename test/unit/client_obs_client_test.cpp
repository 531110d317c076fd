// obs_client without a network: what needs AK/SK refuses a password-only
// client, and presigned URLs have the shape the configuration asks for.
#include <modelarts/client.hpp>
#include <modelarts/error.hpp>
#include <modelarts/obs/obs_client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <exception>
#include <string>
#include <type_traits>

namespace asio = boost::asio;
using modelarts::client_options;
using modelarts::credentials;
using modelarts::errc;
using modelarts::obs_addressing;
using modelarts::obs_signature;
using namespace std::chrono_literals;

namespace {

client_options options(obs_signature s = obs_signature::obs, obs_addressing a = obs_addressing::virtual_hosted) {
  client_options o;
  o.region = "cn-north-4";
  o.project_id = "0123456789abcdef0123456789abcdef";
  o.obs.signature = s;
  o.obs.addressing = a;
  return o;
}

credentials access_key() {
  credentials c;
  c.access_key = "HCY8BGCN1YM5ZWYOK1MH";
  c.secret_key = "9zYwf1uabSQY0JTnFqbUqG7vcfqYBaTdXde2GUcq";
  return c;
}

credentials password_only() {
  credentials c;
  c.user_name = "alice";
  c.password = "not-a-real-password";
  c.domain_name = "acme";
  return c;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

BOOST_AUTO_TEST_SUITE(obs_client_offline)

BOOST_AUTO_TEST_CASE(password_only_client_cannot_call_obs) {
  asio::io_context io;
  const modelarts::client c(io.get_executor(), options(), password_only());
  std::exception_ptr failure;
  asio::co_spawn(io, c.obs().head_object("bucket", "key"), [&](std::exception_ptr e, modelarts::obs::object_head) {
    failure = e;
  });
  io.run();
  BOOST_REQUIRE(failure);
  try {
    std::rethrow_exception(failure);
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == make_error_code(errc::credentials_missing)));
    BOOST_TEST(contains(e.what(), "AK/SK"));
    BOOST_TEST(!contains(e.what(), "not-a-real-password"));
  }
  BOOST_CHECK_EXCEPTION((void)c.obs().presigned_url("GET", "bucket", "key", 60s), boost::system::system_error,
                        [](const auto& e) { return e.code() == make_error_code(errc::credentials_missing); });
}

BOOST_AUTO_TEST_CASE(bad_arguments_fail_where_the_call_is_awaited) {
  asio::io_context io;
  const modelarts::client c(io.get_executor(), options(), access_key());
  std::exception_ptr failure;
  asio::co_spawn(io, c.obs().delete_object("Not_A_Bucket", "key"), [&](std::exception_ptr e) { failure = e; });
  io.run();
  BOOST_REQUIRE(failure);
  BOOST_CHECK_THROW(std::rethrow_exception(failure), std::invalid_argument);
}

// g++ 12 destroys an aggregate temporary twice when it is created inside a
// co_await expression: the option structs must stay non-aggregates so that
// default arguments and `{}` are safe in coroutines.
static_assert(!std::is_aggregate_v<modelarts::obs::put_options>);
static_assert(!std::is_aggregate_v<modelarts::obs::get_options>);
static_assert(!std::is_aggregate_v<modelarts::obs::list_objects_request>);

BOOST_AUTO_TEST_CASE(option_temporaries_in_co_await_expressions_are_safe) {
  asio::io_context io;
  const modelarts::client c(io.get_executor(), options(), access_key());
  int refused = 0;
  auto calls = [](modelarts::obs_client o, int& count) -> asio::awaitable<void> {
    try {
      (void)co_await o.get_object("Not_A_Bucket", "k");
    } catch (const std::invalid_argument&) {
      ++count;
    }
    try {
      (void)co_await o.put_object("Not_A_Bucket", "k", "x", {});
    } catch (const std::invalid_argument&) {
      ++count;
    }
    try {
      (void)co_await o.list_objects("Not_A_Bucket", {});
    } catch (const std::invalid_argument&) {
      ++count;
    }
  };
  std::exception_ptr failure;
  asio::co_spawn(io, calls(c.obs(), refused), [&](std::exception_ptr e) { failure = e; });
  io.run();
  BOOST_TEST(!failure);
  BOOST_TEST(refused == 3);
}

BOOST_AUTO_TEST_CASE(obs_presigned_url_is_virtual_hosted) {
  asio::io_context io;
  const modelarts::client c(io.get_executor(), options(), access_key());
  const auto url = c.obs().presigned_url("GET", "bucket", "dir/a b.txt", 3600s);
  BOOST_TEST(url.starts_with("https://bucket.obs.cn-north-4.myhuaweicloud.com/dir/a%20b.txt?AccessKeyId=HCY8BGCN1YM5ZWYOK1MH&Expires="));
  BOOST_TEST(contains(url, "&Signature="));
  BOOST_TEST(!contains(url, "9zYwf1uabSQY0JTnFqbUqG7vcfqYBaTdXde2GUcq"));
}

BOOST_AUTO_TEST_CASE(v2_presigned_url_in_path_style) {
  asio::io_context io;
  const modelarts::client c(io.get_executor(), options(obs_signature::v2, obs_addressing::path), access_key());
  const auto url = c.obs().presigned_url("PUT", "bucket", "k", 60s);
  BOOST_TEST(url.starts_with("https://obs.cn-north-4.myhuaweicloud.com/bucket/k?AWSAccessKeyId=HCY8BGCN1YM5ZWYOK1MH&Expires="));
}

BOOST_AUTO_TEST_CASE(v4_presigned_url_names_the_bucket_host) {
  asio::io_context io;
  auto o = options(obs_signature::v4);
  o.endpoint.obs = "https://localhost:40123"; // requests connect to localhost; the URL names the bucket's host
  const modelarts::client c(io.get_executor(), o, access_key());
  const auto url = c.obs().presigned_url("GET", "bucket", "k", 600s);
  BOOST_TEST(url.starts_with("https://bucket.localhost:40123/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=HCY8BGCN1YM5ZWYOK1MH%2F"));
  BOOST_TEST(contains(url, "%2Fcn-north-4%2Fs3%2Faws4_request&X-Amz-Date="));
  BOOST_TEST(contains(url, "&X-Amz-Expires=600&X-Amz-SignedHeaders=host&X-Amz-Signature="));
}

BOOST_AUTO_TEST_CASE(presigned_url_checks_its_arguments) {
  asio::io_context io;
  const modelarts::client c(io.get_executor(), options(), access_key());
  BOOST_CHECK_THROW((void)c.obs().presigned_url("GET", "bucket", "k", 0s), std::invalid_argument);
  BOOST_CHECK_THROW((void)c.obs().presigned_url("GET", "B", "k", 60s), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
