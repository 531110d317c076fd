// client_options::obs: the environment variables and validation.
#include <modelarts/config.hpp>
#include <modelarts/error.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using modelarts::client_options;
using modelarts::errc;
using modelarts::obs_addressing;
using modelarts::obs_signature;

namespace {

/// Clears the variables client_options reads for the length of a test and
/// puts the environment back afterwards.
class clean_environment {
public:
  clean_environment() {
    for (const char* name : {"MODELARTS_REGION", "MODELARTS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID",
                             "MODELARTS_ENDPOINT", "MODELARTS_IAM_ENDPOINT", "MODELARTS_OBS_ENDPOINT",
                             "MODELARTS_CA_FILE", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy",
                             "MODELARTS_OBS_SIGNATURE", "MODELARTS_OBS_ADDRESSING"}) {
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

/// The message of the invalid_configuration error `f` throws, or "<no error>".
template <class F>
std::string configuration_error(F&& f) {
  try {
    f();
  } catch (const boost::system::system_error& e) {
    if (e.code() != make_error_code(errc::invalid_configuration)) return "<other error>";
    return e.what();
  }
  return "<no error>";
}

} // namespace

BOOST_AUTO_TEST_SUITE(obs_options)

BOOST_AUTO_TEST_CASE(defaults_are_obs_signature_and_virtual_hosting) {
  const clean_environment env;
  const auto o = client_options::from_environment();
  BOOST_TEST((o.obs.signature == obs_signature::obs));
  BOOST_TEST((o.obs.addressing == obs_addressing::virtual_hosted));
  BOOST_TEST(o.obs.region_for_v4.empty());
}

BOOST_AUTO_TEST_CASE(environment_chooses_signature_and_addressing) {
  const clean_environment env;
  clean_environment::set("MODELARTS_OBS_SIGNATURE", "v4");
  clean_environment::set("MODELARTS_OBS_ADDRESSING", "path");
  auto o = client_options::from_environment();
  BOOST_TEST((o.obs.signature == obs_signature::v4));
  BOOST_TEST((o.obs.addressing == obs_addressing::path));
  clean_environment::set("MODELARTS_OBS_SIGNATURE", " V2 ");
  clean_environment::set("MODELARTS_OBS_ADDRESSING", "Virtual");
  o = client_options::from_environment();
  BOOST_TEST((o.obs.signature == obs_signature::v2));
  BOOST_TEST((o.obs.addressing == obs_addressing::virtual_hosted));
  clean_environment::set("MODELARTS_OBS_SIGNATURE", "obs");
  BOOST_TEST((client_options::from_environment().obs.signature == obs_signature::obs));
}

BOOST_AUTO_TEST_CASE(values_set_in_code_are_kept) {
  const clean_environment env;
  clean_environment::set("MODELARTS_OBS_SIGNATURE", "v4");
  clean_environment::set("MODELARTS_OBS_ADDRESSING", "virtual");
  client_options o;
  o.obs.signature = obs_signature::v2;
  o.obs.addressing = obs_addressing::path;
  o.apply_environment();
  BOOST_TEST((o.obs.signature == obs_signature::v2));
  BOOST_TEST((o.obs.addressing == obs_addressing::path));
}

BOOST_AUTO_TEST_CASE(unknown_values_are_configuration_errors) {
  const clean_environment env;
  clean_environment::set("MODELARTS_OBS_SIGNATURE", "v3");
  BOOST_TEST(configuration_error([] { (void)client_options::from_environment(); }).find("MODELARTS_OBS_SIGNATURE") !=
             std::string::npos);
  ::unsetenv("MODELARTS_OBS_SIGNATURE");
  clean_environment::set("MODELARTS_OBS_ADDRESSING", "dns");
  BOOST_TEST(configuration_error([] { (void)client_options::from_environment(); }).find("MODELARTS_OBS_ADDRESSING") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(v4_needs_a_region) {
  client_options o;
  o.endpoint.obs = "http://127.0.0.1:8080";
  o.obs.signature = obs_signature::v4;
  BOOST_TEST(configuration_error([&] { o.validate(); }).find("obs.region_for_v4") != std::string::npos);
  o.obs.region_for_v4 = "us-east-1";
  BOOST_TEST(configuration_error([&] { o.validate(); }) == "<no error>");
  o.obs.region_for_v4.clear();
  o.region = "cn-north-4";
  BOOST_TEST(configuration_error([&] { o.validate(); }) == "<no error>");
}

BOOST_AUTO_TEST_CASE(v4_region_must_fit_a_credential_scope) {
  client_options o;
  o.region = "cn-north-4";
  o.obs.region_for_v4 = "us east/1";
  BOOST_TEST(configuration_error([&] { o.validate(); }).find("obs.region_for_v4") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
