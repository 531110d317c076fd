// Credentials: secrets that never print, the environment, profile files, and
// the order resolve() looks in.
#include <modelarts/credentials.hpp>
#include <modelarts/error.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

using modelarts::credentials;
using modelarts::errc;
using modelarts::secret;

namespace {

/// Distinctive enough that finding it in any output means a leak.
const std::string leak_marker = "S3CR3T-do-not-print-7f3a";

template <class T>
std::string printed(const T& value) {
  std::ostringstream os;
  os << value;
  return os.str();
}

/// Clears every variable credentials read (HOME included, so that the
/// developer's own ~/.huaweicloud/credentials is never seen) and restores the
/// environment afterwards. Also owns a scratch folder for profile files.
class isolated_environment {
public:
  isolated_environment() {
    for (const char* name : {"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN",
                             "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEICLOUD_SDK_DOMAIN_ID",
                             "HUAWEICLOUD_SDK_USERNAME", "HUAWEICLOUD_SDK_PASSWORD",
                             "HUAWEICLOUD_SDK_DOMAIN_NAME", "HUAWEICLOUD_SDK_CREDENTIALS_FILE", "HOME"}) {
      const char* value = std::getenv(name);
      saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
      ::unsetenv(name);
    }
    std::filesystem::create_directories(folder);
  }
  isolated_environment(const isolated_environment&) = delete;
  isolated_environment& operator=(const isolated_environment&) = delete;
  ~isolated_environment() {
    for (const auto& [name, value] : saved_) {
      if (value) ::setenv(name.c_str(), value->c_str(), 1);
      else ::unsetenv(name.c_str());
    }
    std::error_code ec;
    std::filesystem::remove_all(folder, ec);
  }

  static void set(const char* name, const std::string& value) { ::setenv(name, value.c_str(), 1); }

  /// Writes a profile file and points HUAWEICLOUD_SDK_CREDENTIALS_FILE at it.
  std::filesystem::path profile(std::string_view text, std::string_view name = "credentials") const {
    const auto path = folder / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  void use_profile(const std::filesystem::path& path) const {
    set("HUAWEICLOUD_SDK_CREDENTIALS_FILE", path.string());
  }

  const std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                       ("modelarts-core-credentials-test-" + std::to_string(::getpid()));

private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

/// The exception's message when `f` throws system_error with `code`; fails otherwise.
template <class F>
std::string failure_message(F&& f, errc code) {
  try {
    f();
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == code), "code was " << e.code().message());
    return e.what();
  }
  BOOST_FAIL("no exception");
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(printing)

BOOST_AUTO_TEST_CASE(a_secret_prints_stars) {
  BOOST_TEST(printed(secret(leak_marker)) == "***");
}

BOOST_AUTO_TEST_CASE(a_secret_reveals_its_value_only_when_asked) {
  const secret s = leak_marker;
  BOOST_TEST(s.reveal() == leak_marker);
  BOOST_TEST(!s.empty());
  BOOST_TEST(secret().empty());
}

BOOST_AUTO_TEST_CASE(access_key_credentials_print_kind_key_and_project) {
  credentials c;
  c.access_key = "AK3XAMPLE";
  c.secret_key = leak_marker;
  c.project_id = "0a1b2c";
  BOOST_TEST(printed(c) == "credentials(access key AK3XAMPLE, project 0a1b2c)");
}

BOOST_AUTO_TEST_CASE(temporary_keys_say_so_without_the_token) {
  credentials c;
  c.access_key = "AK3XAMPLE";
  c.secret_key = leak_marker;
  c.security_token = leak_marker;
  BOOST_TEST(printed(c) == "credentials(access key AK3XAMPLE, temporary)");
}

BOOST_AUTO_TEST_CASE(password_credentials_print_user_and_domain) {
  credentials c;
  c.user_name = "alice";
  c.password = leak_marker;
  c.domain_name = "acme";
  BOOST_TEST(printed(c) == "credentials(password of user alice in domain acme)");
}

BOOST_AUTO_TEST_CASE(empty_credentials_print_none) {
  BOOST_TEST(printed(credentials{}) == "credentials(none)");
}

BOOST_AUTO_TEST_CASE(no_secret_is_ever_printed) {
  credentials c;
  c.access_key = "AK3XAMPLE";
  c.secret_key = leak_marker + "-sk";
  c.security_token = leak_marker + "-token";
  c.user_name = "alice";
  c.password = leak_marker + "-password";
  c.domain_name = "acme";
  BOOST_TEST(printed(c).find(leak_marker) == std::string::npos);
  c.access_key.clear(); // now printed as password credentials
  BOOST_TEST(printed(c).find("alice") != std::string::npos);
  BOOST_TEST(printed(c).find(leak_marker) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(environment, isolated_environment)

BOOST_AUTO_TEST_CASE(reads_every_variable) {
  set("HUAWEICLOUD_SDK_AK", "AK1");
  set("HUAWEICLOUD_SDK_SK", "SK1");
  set("HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKEN1");
  set("HUAWEICLOUD_SDK_PROJECT_ID", "P1");
  set("HUAWEICLOUD_SDK_DOMAIN_ID", "D1");
  set("HUAWEICLOUD_SDK_USERNAME", "alice");
  set("HUAWEICLOUD_SDK_PASSWORD", "PW1");
  set("HUAWEICLOUD_SDK_DOMAIN_NAME", "acme");
  const auto c = credentials::from_environment();
  BOOST_TEST(c.access_key == "AK1");
  BOOST_TEST(c.secret_key.reveal() == "SK1");
  BOOST_TEST(c.security_token.reveal() == "TOKEN1");
  BOOST_TEST(c.project_id == "P1");
  BOOST_TEST(c.domain_id == "D1");
  BOOST_TEST(c.user_name == "alice");
  BOOST_TEST(c.password.reveal() == "PW1");
  BOOST_TEST(c.domain_name == "acme");
}

BOOST_AUTO_TEST_CASE(nothing_set_gives_empty_credentials) {
  const auto c = credentials::from_environment();
  BOOST_TEST(c.empty());
  BOOST_TEST(c.project_id.empty());
}

BOOST_AUTO_TEST_CASE(default_profile_path_from_its_variable) {
  set("HOME", "/home/someone");
  set("HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/etc/modelarts/credentials");
  BOOST_TEST(credentials::default_profile_path() == std::filesystem::path("/etc/modelarts/credentials"));
}

BOOST_AUTO_TEST_CASE(default_profile_path_under_home) {
  set("HOME", "/home/someone");
  BOOST_TEST(credentials::default_profile_path() ==
             std::filesystem::path("/home/someone/.huaweicloud/credentials"));
}

BOOST_AUTO_TEST_CASE(no_default_profile_path_without_home) {
  BOOST_TEST(credentials::default_profile_path().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(profile_file, isolated_environment)

BOOST_AUTO_TEST_CASE(reads_the_default_section) {
  const auto path = profile("[default]\nak = AK1\nsk = SK1\nsecurity_token = T1\nproject_id = P1\n"
                            "domain_id = D1\nusername = alice\npassword = PW1\ndomain_name = acme\n");
  const auto c = credentials::from_profile_file(path);
  BOOST_TEST(c.access_key == "AK1");
  BOOST_TEST(c.secret_key.reveal() == "SK1");
  BOOST_TEST(c.security_token.reveal() == "T1");
  BOOST_TEST(c.project_id == "P1");
  BOOST_TEST(c.domain_id == "D1");
  BOOST_TEST(c.user_name == "alice");
  BOOST_TEST(c.password.reveal() == "PW1");
  BOOST_TEST(c.domain_name == "acme");
}

BOOST_AUTO_TEST_CASE(reads_only_the_named_section) {
  const auto path = profile("[default]\nak = AK-default\nsk = SK-default\n\n[prod]\nak = AK-prod\n");
  const auto c = credentials::from_profile_file(path, "prod");
  BOOST_TEST(c.access_key == "AK-prod");
  BOOST_TEST(c.secret_key.empty());
}

BOOST_AUTO_TEST_CASE(skips_comments_and_blank_lines) {
  const auto path = profile("# my keys\n; old style comment\n\n[default]\n  # indented comment\n"
                            "ak = AK1\n\n;sk = commented-out\nsk = SK1\n");
  const auto c = credentials::from_profile_file(path);
  BOOST_TEST(c.access_key == "AK1");
  BOOST_TEST(c.secret_key.reveal() == "SK1");
}

BOOST_AUTO_TEST_CASE(accepts_any_spacing) {
  const auto path = profile("  [ default ]  \nak=AK1\n\tsk\t=\tSK1\t\nproject_id   =    P1   \n");
  const auto c = credentials::from_profile_file(path);
  BOOST_TEST(c.access_key == "AK1");
  BOOST_TEST(c.secret_key.reveal() == "SK1");
  BOOST_TEST(c.project_id == "P1");
}

BOOST_AUTO_TEST_CASE(accepts_upper_case_keys) {
  const auto path = profile("[default]\nAK = AK1\nSK = SK1\nProject_Id = P1\n");
  const auto c = credentials::from_profile_file(path);
  BOOST_TEST(c.access_key == "AK1");
  BOOST_TEST(c.secret_key.reveal() == "SK1");
  BOOST_TEST(c.project_id == "P1");
}

BOOST_AUTO_TEST_CASE(accepts_crlf_a_bom_and_quoted_values) {
  const auto path = profile("\xEF\xBB\xBF[default]\r\nak = \"AK1\"\r\nsk = 'SK1'\r\n");
  const auto c = credentials::from_profile_file(path);
  BOOST_TEST(c.access_key == "AK1");
  BOOST_TEST(c.secret_key.reveal() == "SK1");
}

BOOST_AUTO_TEST_CASE(a_hash_inside_a_value_is_part_of_it) {
  const auto path = profile("[default]\nusername = alice\npassword = pa#ss;word=1\n");
  BOOST_TEST(credentials::from_profile_file(path).password.reveal() == "pa#ss;word=1");
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_ignored) {
  const auto path = profile("[default]\nregion = cn-north-4\nak = AK1\n");
  BOOST_TEST(credentials::from_profile_file(path).access_key == "AK1");
}

BOOST_AUTO_TEST_CASE(a_missing_file_gives_empty_credentials) {
  const auto c = credentials::from_profile_file(folder / "does-not-exist");
  BOOST_TEST(c.empty());
  BOOST_TEST(c.project_id.empty());
}

BOOST_AUTO_TEST_CASE(a_missing_section_gives_empty_credentials) {
  const auto path = profile("[default]\nak = AK1\nsk = SK1\n");
  BOOST_TEST(credentials::from_profile_file(path, "staging").empty());
}

BOOST_AUTO_TEST_CASE(a_malformed_line_names_file_and_line_but_not_its_text) {
  const auto path = profile("[default]\nak = AK1\n" + leak_marker + "\nsk = SK1\n");
  const std::string what =
      failure_message([&] { (void)credentials::from_profile_file(path); }, errc::invalid_configuration);
  BOOST_TEST(what.find(path.string() + ":3:") != std::string::npos, "message: " << what);
  BOOST_TEST(what.find(leak_marker) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unterminated_section_header_is_malformed) {
  const auto path = profile("[default\nak = AK1\n");
  const std::string what =
      failure_message([&] { (void)credentials::from_profile_file(path); }, errc::invalid_configuration);
  BOOST_TEST(what.find(":1:") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_key_before_any_section_is_malformed) {
  const auto path = profile("sk = " + leak_marker + "\n[default]\n");
  const std::string what =
      failure_message([&] { (void)credentials::from_profile_file(path); }, errc::invalid_configuration);
  BOOST_TEST(what.find(":1:") != std::string::npos);
  BOOST_TEST(what.find(leak_marker) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_key_with_spaces_is_malformed_and_not_echoed) {
  const auto path = profile("[default]\nmy " + leak_marker + " = x\n");
  const std::string what =
      failure_message([&] { (void)credentials::from_profile_file(path); }, errc::invalid_configuration);
  BOOST_TEST(what.find(":2:") != std::string::npos);
  BOOST_TEST(what.find(leak_marker) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_folder_is_not_a_profile_file) {
  (void)failure_message([&] { (void)credentials::from_profile_file(folder); }, errc::invalid_configuration);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(resolution, isolated_environment)

BOOST_AUTO_TEST_CASE(code_wins_over_environment_and_profile) {
  set("HUAWEICLOUD_SDK_AK", "AK-env");
  set("HUAWEICLOUD_SDK_SK", "SK-env");
  set("HUAWEICLOUD_SDK_PROJECT_ID", "P-env");
  use_profile(profile("[default]\nak = AK-file\nsk = SK-file\nproject_id = P-file\n"));
  credentials code;
  code.access_key = "AK-code";
  code.secret_key = "SK-code";
  code.project_id = "P-code";
  const auto c = credentials::resolve(code);
  BOOST_TEST(c.access_key == "AK-code");
  BOOST_TEST(c.secret_key.reveal() == "SK-code");
  BOOST_TEST(c.project_id == "P-code");
}

BOOST_AUTO_TEST_CASE(environment_wins_over_profile) {
  set("HUAWEICLOUD_SDK_AK", "AK-env");
  set("HUAWEICLOUD_SDK_SK", "SK-env");
  set("HUAWEICLOUD_SDK_PROJECT_ID", "P-env");
  use_profile(profile("[default]\nak = AK-file\nsk = SK-file\nproject_id = P-file\n"));
  const auto c = credentials::resolve();
  BOOST_TEST(c.access_key == "AK-env");
  BOOST_TEST(c.secret_key.reveal() == "SK-env");
  BOOST_TEST(c.project_id == "P-env");
}

BOOST_AUTO_TEST_CASE(profile_is_used_when_nothing_else_is_set) {
  use_profile(profile("[default]\nak = AK-file\nsk = SK-file\nproject_id = P-file\n"));
  const auto c = credentials::resolve();
  BOOST_TEST(c.access_key == "AK-file");
  BOOST_TEST(c.project_id == "P-file");
}

BOOST_AUTO_TEST_CASE(profile_under_home_is_the_default) {
  std::filesystem::create_directories(folder / ".huaweicloud");
  std::ofstream(folder / ".huaweicloud" / "credentials") << "[default]\nak = AK-home\nsk = SK-home\n";
  set("HOME", folder.string());
  BOOST_TEST(credentials::resolve().access_key == "AK-home");
}

BOOST_AUTO_TEST_CASE(a_named_profile_section) {
  use_profile(profile("[default]\nak = AK-default\nsk = SK-default\n[prod]\nak = AK-prod\nsk = SK-prod\n"));
  BOOST_TEST(credentials::resolve({}, "prod").access_key == "AK-prod");
}

BOOST_AUTO_TEST_CASE(other_fields_are_filled_field_by_field) {
  set("HUAWEICLOUD_SDK_DOMAIN_ID", "D-env");
  use_profile(profile("[default]\nproject_id = P-file\ndomain_id = D-file\ndomain_name = acme\n"));
  credentials code;
  code.access_key = "AK-code";
  code.secret_key = "SK-code";
  const auto c = credentials::resolve(code);
  BOOST_TEST(c.access_key == "AK-code");
  BOOST_TEST(c.project_id == "P-file");
  BOOST_TEST(c.domain_id == "D-env");
  BOOST_TEST(c.domain_name == "acme");
}

BOOST_AUTO_TEST_CASE(the_security_token_comes_with_its_key_pair) {
  set("HUAWEICLOUD_SDK_AK", "AK-temporary");
  set("HUAWEICLOUD_SDK_SK", "SK-temporary");
  set("HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKEN-env");
  credentials code;
  code.access_key = "AK-permanent";
  code.secret_key = "SK-permanent";
  code.project_id = "P";
  const auto c = credentials::resolve(code);
  BOOST_TEST(c.access_key == "AK-permanent");
  BOOST_TEST(c.security_token.empty());
}

BOOST_AUTO_TEST_CASE(an_incomplete_pair_is_skipped_for_a_complete_one) {
  set("HUAWEICLOUD_SDK_AK", "AK-env");
  set("HUAWEICLOUD_SDK_SK", "SK-env");
  set("HUAWEICLOUD_SDK_PROJECT_ID", "P");
  credentials code;
  code.access_key = "AK-code-without-sk";
  const auto c = credentials::resolve(code);
  BOOST_TEST(c.access_key == "AK-env");
  BOOST_TEST(c.secret_key.reveal() == "SK-env");
}

BOOST_AUTO_TEST_CASE(user_and_password_from_the_environment) {
  set("HUAWEICLOUD_SDK_USERNAME", "alice");
  set("HUAWEICLOUD_SDK_PASSWORD", "PW-env");
  set("HUAWEICLOUD_SDK_DOMAIN_NAME", "acme");
  set("HUAWEICLOUD_SDK_PROJECT_ID", "P");
  const auto c = credentials::resolve();
  BOOST_TEST(c.has_password());
  BOOST_TEST(!c.has_access_key());
  BOOST_TEST(c.user_name == "alice");
  BOOST_TEST(c.domain_name == "acme");
}

BOOST_AUTO_TEST_CASE(a_complete_code_setting_never_reads_the_profile) {
  use_profile(profile("this line is not ini\n"));
  credentials code;
  code.access_key = "AK-code";
  code.secret_key = "SK-code";
  code.project_id = "P-code";
  BOOST_CHECK_NO_THROW((void)credentials::resolve(code));
}

BOOST_AUTO_TEST_CASE(a_malformed_profile_is_reported_when_needed) {
  use_profile(profile("this line is not ini\n"));
  (void)failure_message([] { (void)credentials::resolve(); }, errc::invalid_configuration);
}

BOOST_AUTO_TEST_CASE(nothing_found_lists_where_it_looked) {
  const auto path = folder / "absent-credentials";
  use_profile(path);
  const std::string what = failure_message([] { (void)credentials::resolve(); }, errc::credentials_missing);
  BOOST_TEST(what.find("code") != std::string::npos);
  BOOST_TEST(what.find("HUAWEICLOUD_SDK_AK") != std::string::npos);
  BOOST_TEST(what.find("HUAWEICLOUD_SDK_USERNAME") != std::string::npos);
  BOOST_TEST(what.find(path.string()) != std::string::npos);
  BOOST_TEST(what.find("file not found") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(nothing_found_names_half_pairs_without_their_values) {
  set("HUAWEICLOUD_SDK_SK", leak_marker);
  use_profile(profile("[default]\nusername = alice\npassword =\n"));
  credentials code;
  code.password = leak_marker;
  const std::string what = failure_message([&] { (void)credentials::resolve(code); }, errc::credentials_missing);
  BOOST_TEST(what.find("an SK without an AK") != std::string::npos, "message: " << what);
  BOOST_TEST(what.find("a password without a user name") != std::string::npos);
  BOOST_TEST(what.find("a user name without a password") != std::string::npos);
  BOOST_TEST(what.find(leak_marker) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
