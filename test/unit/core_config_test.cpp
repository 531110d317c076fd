// client_options: endpoint defaults, the environment, validation.
#include <modelarts/config.hpp>
#include <modelarts/error.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

using modelarts::client_options;
using modelarts::errc;
using namespace std::chrono_literals;

namespace {

/// Clears every variable client_options reads for the length of a test, and
/// puts the process environment back as it was afterwards.
class clean_environment {
public:
  clean_environment() {
    for (const char* name : {"MODELARTS_REGION", "MODELARTS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID",
                             "MODELARTS_ENDPOINT", "MODELARTS_IAM_ENDPOINT", "MODELARTS_OBS_ENDPOINT",
                             "MODELARTS_CA_FILE", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"}) {
      const char* value = std::getenv(name);
      saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
      ::unsetenv(name);
    }
  }
  clean_environment(const clean_environment&) = delete;
  clean_environment& operator=(const clean_environment&) = delete;
  ~clean_environment() {
    for (const auto& [name, value] : saved_) {
      if (value) ::setenv(name.c_str(), value->c_str(), 1);
      else ::unsetenv(name.c_str());
    }
  }
  static void set(const char* name, const char* value) { ::setenv(name, value, 1); }

private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

client_options valid_options() {
  client_options o;
  o.region = "cn-north-4";
  return o;
}

/// validate() throws invalid_configuration with a message naming `field`.
void check_rejected(const client_options& o, const std::string& field) {
  try {
    o.validate();
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == errc::invalid_configuration));
    BOOST_TEST(std::string(e.what()).find(field) != std::string::npos,
               "message '" << e.what() << "' does not name " << field);
    return;
  }
  BOOST_FAIL("validate() accepted an invalid " << field);
}

std::string validation_message(const client_options& o) {
  try {
    o.validate();
  } catch (const boost::system::system_error& e) {
    return e.what();
  }
  return {};
}

/// A folder of its own under the temp directory, removed at the end of the test.
struct scratch_folder {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("modelarts-core-config-test-" + std::to_string(::getpid()));
  scratch_folder() { std::filesystem::create_directories(path); }
  ~scratch_folder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(endpoints)

BOOST_AUTO_TEST_CASE(default_from_the_region) {
  const auto o = valid_options();
  BOOST_TEST(o.modelarts_endpoint() == "https://modelarts.cn-north-4.myhuaweicloud.com");
  BOOST_TEST(o.iam_endpoint() == "https://iam.cn-north-4.myhuaweicloud.com");
  BOOST_TEST(o.obs_endpoint() == "https://obs.cn-north-4.myhuaweicloud.com");
}

BOOST_AUTO_TEST_CASE(a_configured_endpoint_wins_over_the_region) {
  auto o = valid_options();
  o.endpoint.modelarts = "http://127.0.0.1:8443";
  o.endpoint.iam = "https://iam.example.test";
  o.endpoint.obs = "https://obs.example.test:9000";
  BOOST_TEST(o.modelarts_endpoint() == "http://127.0.0.1:8443");
  BOOST_TEST(o.iam_endpoint() == "https://iam.example.test");
  BOOST_TEST(o.obs_endpoint() == "https://obs.example.test:9000");
}

BOOST_AUTO_TEST_CASE(trailing_slashes_are_dropped) {
  auto o = valid_options();
  o.endpoint.modelarts = "https://modelarts.example.test//";
  BOOST_TEST(o.modelarts_endpoint() == "https://modelarts.example.test");
}

BOOST_AUTO_TEST_CASE(without_region_or_endpoint_the_getter_names_the_field) {
  client_options o;
  o.endpoint.modelarts = "https://modelarts.example.test";
  BOOST_TEST(o.modelarts_endpoint() == "https://modelarts.example.test");
  BOOST_CHECK_EXCEPTION((void)o.obs_endpoint(), boost::system::system_error,
                        [](const boost::system::system_error& e) {
                          return e.code() == errc::invalid_configuration &&
                                 std::string(e.what()).find("endpoint.obs") != std::string::npos;
                        });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(environment, clean_environment)

BOOST_AUTO_TEST_CASE(fills_every_field_from_its_variable) {
  set("MODELARTS_REGION", "ap-southeast-1");
  set("MODELARTS_PROJECT_ID", "0a1b2c");
  set("MODELARTS_ENDPOINT", "http://localhost:8080");
  set("MODELARTS_IAM_ENDPOINT", "https://iam.example.test");
  set("MODELARTS_OBS_ENDPOINT", "https://obs.example.test");
  set("MODELARTS_CA_FILE", "/etc/ssl/private-ca.pem");
  set("HTTPS_PROXY", "http://proxy.example.test:3128");
  set("NO_PROXY", "localhost,.internal.example.test");
  const auto o = client_options::from_environment();
  BOOST_TEST(o.region == "ap-southeast-1");
  BOOST_TEST(o.project_id == "0a1b2c");
  BOOST_TEST(o.endpoint.modelarts == "http://localhost:8080");
  BOOST_TEST(o.endpoint.iam == "https://iam.example.test");
  BOOST_TEST(o.endpoint.obs == "https://obs.example.test");
  BOOST_TEST(o.tls.ca_file == std::filesystem::path("/etc/ssl/private-ca.pem"));
  BOOST_TEST(o.proxy.url == "http://proxy.example.test:3128");
  BOOST_TEST(o.proxy.no_proxy == (std::vector<std::string>{"localhost", ".internal.example.test"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_variables_leave_the_defaults) {
  const auto o = client_options::from_environment();
  BOOST_TEST(o.region.empty());
  BOOST_TEST(o.project_id.empty());
  BOOST_TEST(o.endpoint.modelarts.empty());
  BOOST_TEST(o.tls.ca_file.empty());
  BOOST_TEST(o.proxy.url.empty());
  BOOST_TEST(o.proxy.no_proxy.empty());
}

BOOST_AUTO_TEST_CASE(values_set_in_code_win) {
  set("MODELARTS_REGION", "ap-southeast-1");
  set("MODELARTS_PROJECT_ID", "from-env");
  set("MODELARTS_ENDPOINT", "http://env.example.test");
  set("HTTPS_PROXY", "http://env-proxy:3128");
  set("NO_PROXY", "env.example.test");
  client_options o;
  o.region = "cn-north-4";
  o.project_id = "from-code";
  o.endpoint.modelarts = "https://code.example.test";
  o.proxy.url = "http://code-proxy:3128";
  o.proxy.no_proxy = {"code.example.test"};
  o.apply_environment();
  BOOST_TEST(o.region == "cn-north-4");
  BOOST_TEST(o.project_id == "from-code");
  BOOST_TEST(o.endpoint.modelarts == "https://code.example.test");
  BOOST_TEST(o.proxy.url == "http://code-proxy:3128");
  BOOST_TEST(o.proxy.no_proxy == (std::vector<std::string>{"code.example.test"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(project_id_falls_back_to_the_sdk_variable) {
  set("HUAWEICLOUD_SDK_PROJECT_ID", "sdk-project");
  BOOST_TEST(client_options::from_environment().project_id == "sdk-project");
}

BOOST_AUTO_TEST_CASE(modelarts_project_id_wins_over_the_sdk_variable) {
  set("HUAWEICLOUD_SDK_PROJECT_ID", "sdk-project");
  set("MODELARTS_PROJECT_ID", "modelarts-project");
  BOOST_TEST(client_options::from_environment().project_id == "modelarts-project");
}

BOOST_AUTO_TEST_CASE(an_empty_variable_counts_as_unset) {
  set("MODELARTS_PROJECT_ID", "");
  set("HUAWEICLOUD_SDK_PROJECT_ID", "sdk-project");
  set("MODELARTS_REGION", "");
  const auto o = client_options::from_environment();
  BOOST_TEST(o.project_id == "sdk-project");
  BOOST_TEST(o.region.empty());
}

BOOST_AUTO_TEST_CASE(lower_case_proxy_variables_are_read) {
  set("https_proxy", "http://lower:3128");
  set("no_proxy", "a.test");
  const auto o = client_options::from_environment();
  BOOST_TEST(o.proxy.url == "http://lower:3128");
  BOOST_TEST(o.proxy.no_proxy == (std::vector<std::string>{"a.test"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(upper_case_proxy_variables_win) {
  set("https_proxy", "http://lower:3128");
  set("HTTPS_PROXY", "http://upper:3128");
  set("no_proxy", "lower.test");
  set("NO_PROXY", "upper.test");
  const auto o = client_options::from_environment();
  BOOST_TEST(o.proxy.url == "http://upper:3128");
  BOOST_TEST(o.proxy.no_proxy == (std::vector<std::string>{"upper.test"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_proxy_without_scheme_is_http) {
  set("HTTPS_PROXY", "proxy.example.test:3128");
  BOOST_TEST(client_options::from_environment().proxy.url == "http://proxy.example.test:3128");
}

BOOST_AUTO_TEST_CASE(no_proxy_items_are_trimmed_and_empty_ones_dropped) {
  set("NO_PROXY", " a.test , ,b.test,, *  ");
  BOOST_TEST(client_options::from_environment().proxy.no_proxy ==
                 (std::vector<std::string>{"a.test", "b.test", "*"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(environment_endpoints_feed_the_getters) {
  set("MODELARTS_REGION", "cn-north-4");
  set("MODELARTS_OBS_ENDPOINT", "http://127.0.0.1:9000");
  const auto o = client_options::from_environment();
  BOOST_TEST(o.obs_endpoint() == "http://127.0.0.1:9000");
  BOOST_TEST(o.modelarts_endpoint() == "https://modelarts.cn-north-4.myhuaweicloud.com");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(defaults_with_a_region_are_valid) {
  BOOST_CHECK_NO_THROW(valid_options().validate());
}

BOOST_AUTO_TEST_CASE(an_endpoint_without_a_region_is_valid) {
  client_options o;
  o.endpoint.modelarts = "http://127.0.0.1:8080/base";
  BOOST_CHECK_NO_THROW(o.validate());
}

BOOST_AUTO_TEST_CASE(no_region_and_no_endpoint) {
  check_rejected(client_options{}, "region");
}

BOOST_AUTO_TEST_CASE(a_region_that_cannot_be_part_of_a_host_name) {
  auto o = valid_options();
  o.region = "cn north/4";
  check_rejected(o, "region");
}

BOOST_AUTO_TEST_CASE(an_endpoint_without_scheme) {
  auto o = valid_options();
  o.endpoint.modelarts = "modelarts.cn-north-4.myhuaweicloud.com";
  check_rejected(o, "endpoint.modelarts");
}

BOOST_AUTO_TEST_CASE(an_endpoint_with_another_scheme) {
  auto o = valid_options();
  o.endpoint.iam = "ftp://iam.example.test";
  check_rejected(o, "endpoint.iam");
}

BOOST_AUTO_TEST_CASE(an_endpoint_with_a_bad_port) {
  auto o = valid_options();
  o.endpoint.obs = "https://obs.example.test:99999";
  check_rejected(o, "endpoint.obs");
}

BOOST_AUTO_TEST_CASE(zero_max_connections) {
  auto o = valid_options();
  o.pool.max_connections = 0;
  check_rejected(o, "pool.max_connections");
}

BOOST_AUTO_TEST_CASE(zero_max_attempts) {
  auto o = valid_options();
  o.retry.max_attempts = 0;
  check_rejected(o, "retry.max_attempts");
}

BOOST_AUTO_TEST_CASE(zero_attempt_timeout) {
  auto o = valid_options();
  o.timeout.attempt = 0ms;
  check_rejected(o, "timeout.attempt");
}

BOOST_AUTO_TEST_CASE(negative_total_timeout) {
  auto o = valid_options();
  o.timeout.total = -1s;
  check_rejected(o, "timeout.total");
}

BOOST_AUTO_TEST_CASE(zero_connect_timeout) {
  auto o = valid_options();
  o.pool.connect_timeout = 0ms;
  check_rejected(o, "pool.connect_timeout");
}

BOOST_AUTO_TEST_CASE(zero_idle_timeout) {
  auto o = valid_options();
  o.pool.idle_timeout = 0ms;
  check_rejected(o, "pool.idle_timeout");
}

BOOST_AUTO_TEST_CASE(negative_backoff) {
  auto o = valid_options();
  o.retry.initial_backoff = -5ms;
  check_rejected(o, "retry.initial_backoff");
}

BOOST_AUTO_TEST_CASE(initial_backoff_above_max_backoff) {
  auto o = valid_options();
  o.retry.initial_backoff = 30s;
  o.retry.max_backoff = 1s;
  check_rejected(o, "retry.initial_backoff");
}

BOOST_AUTO_TEST_CASE(a_budget_that_is_not_a_number) {
  auto o = valid_options();
  o.retry.budget_tokens = std::numeric_limits<double>::quiet_NaN();
  check_rejected(o, "retry.budget_tokens");
}

BOOST_AUTO_TEST_CASE(a_ca_file_that_does_not_exist) {
  auto o = valid_options();
  o.tls.ca_file = "/nonexistent/modelarts-test/ca.pem";
  check_rejected(o, "tls.ca_file");
  BOOST_TEST(validation_message(o).find("/nonexistent/modelarts-test/ca.pem") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_ca_file_that_is_a_folder) {
  const scratch_folder folder;
  auto o = valid_options();
  o.tls.ca_file = folder.path;
  check_rejected(o, "tls.ca_file");
}

BOOST_AUTO_TEST_CASE(a_ca_file_that_exists_is_valid) {
  const scratch_folder folder;
  const auto file = folder.path / "ca.pem";
  std::ofstream(file) << "-----BEGIN CERTIFICATE-----\n";
  auto o = valid_options();
  o.tls.ca_file = file;
  BOOST_CHECK_NO_THROW(o.validate());
}

BOOST_AUTO_TEST_CASE(a_proxy_with_user_and_password_is_valid) {
  auto o = valid_options();
  o.proxy.url = "http://user:pa55@proxy.example.test:3128";
  BOOST_CHECK_NO_THROW(o.validate());
}

BOOST_AUTO_TEST_CASE(a_bad_proxy_is_named_without_its_password) {
  auto o = valid_options();
  o.proxy.url = "socks5://user:S3CR3T-do-not-print-7f3a@proxy.example.test:1080";
  check_rejected(o, "proxy.url");
  BOOST_TEST(validation_message(o).find("S3CR3T-do-not-print-7f3a") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_host_override_that_is_not_an_address) {
  auto o = valid_options();
  o.host_overrides["obs.cn-north-4.myhuaweicloud.com"] = "not-an-ip";
  check_rejected(o, "host_overrides[obs.cn-north-4.myhuaweicloud.com]");
}

BOOST_AUTO_TEST_CASE(host_overrides_to_ipv4_and_ipv6_are_valid) {
  auto o = valid_options();
  o.host_overrides["obs.cn-north-4.myhuaweicloud.com"] = "10.0.0.7";
  o.host_overrides["modelarts.cn-north-4.myhuaweicloud.com"] = "fd00::7";
  BOOST_CHECK_NO_THROW(o.validate());
}

BOOST_AUTO_TEST_CASE(a_user_agent_with_a_line_break) {
  auto o = valid_options();
  o.user_agent = "tool/1.0\r\nX-Injected: 1";
  check_rejected(o, "user_agent");
}

BOOST_AUTO_TEST_SUITE_END()
