#include <modelarts/credentials.hpp>
#include <modelarts/error.hpp>

#include "core/environment.hpp"
#include "core/profile_file.hpp"

#include <initializer_list>
#include <ostream>

namespace modelarts {
namespace {

/// The value of the first of `keys` present in a profile section.
std::string profile_value(const profile_section& section, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (auto it = section.find(key); it != section.end()) return it->second;
  }
  return {};
}

/// What a source offered but could not complete, for the "not found" message.
/// Names only, never values.
std::string partial_note(const credentials& c) {
  std::string note;
  auto add = [&](std::string_view what) {
    if (!note.empty()) note += "; ";
    note += what;
  };
  if (!c.access_key.empty() && c.secret_key.empty()) add("an AK without an SK");
  if (c.access_key.empty() && !c.secret_key.empty()) add("an SK without an AK");
  if (!c.user_name.empty() && c.password.empty()) add("a user name without a password");
  if (c.user_name.empty() && !c.password.empty()) add("a password without a user name");
  return note;
}

credentials from_section(const profile_section& s) {
  credentials c;
  c.access_key = profile_value(s, {"ak", "access_key"});
  c.secret_key = profile_value(s, {"sk", "secret_key"});
  c.security_token = profile_value(s, {"security_token"});
  c.project_id = profile_value(s, {"project_id"});
  c.domain_id = profile_value(s, {"domain_id"});
  c.user_name = profile_value(s, {"username", "user_name"});
  c.password = profile_value(s, {"password"});
  c.domain_name = profile_value(s, {"domain_name"});
  return c;
}

void take_if_empty(std::string& field, const std::string& value) {
  if (field.empty()) field = value;
}

} // namespace

std::ostream& operator<<(std::ostream& os, const secret&) { return os << "***"; }

credentials credentials::from_environment() {
  credentials c;
  auto read = [](const char* name) { return environment_value(name).value_or(std::string{}); };
  c.access_key = read("HUAWEICLOUD_SDK_AK");
  c.secret_key = read("HUAWEICLOUD_SDK_SK");
  c.security_token = read("HUAWEICLOUD_SDK_SECURITY_TOKEN");
  c.project_id = read("HUAWEICLOUD_SDK_PROJECT_ID");
  c.domain_id = read("HUAWEICLOUD_SDK_DOMAIN_ID");
  c.user_name = read("HUAWEICLOUD_SDK_USERNAME");
  c.password = read("HUAWEICLOUD_SDK_PASSWORD");
  c.domain_name = read("HUAWEICLOUD_SDK_DOMAIN_NAME");
  return c;
}

credentials credentials::from_profile_file(const std::filesystem::path& file, std::string_view profile) {
  const auto sections = read_profile_file(file);
  if (!sections) return {};
  const auto it = sections->find(profile);
  return it == sections->end() ? credentials{} : from_section(it->second);
}

std::filesystem::path credentials::default_profile_path() {
  if (auto file = environment_value("HUAWEICLOUD_SDK_CREDENTIALS_FILE")) return *file;
  if (auto home = environment_value("HOME")) return std::filesystem::path(*home) / ".huaweicloud" / "credentials";
  return {};
}

credentials credentials::resolve(const credentials& explicit_values, std::string_view profile) {
  const credentials env = from_environment();
  credentials result;

  // Pairs come whole from one source; the other fields field by field.
  auto merge = [&result](const credentials& source) {
    if (!result.has_access_key() && source.has_access_key()) {
      result.access_key = source.access_key;
      result.secret_key = source.secret_key;
      result.security_token = source.security_token;
    }
    if (!result.has_password() && source.has_password()) {
      result.user_name = source.user_name;
      result.password = source.password;
    }
    take_if_empty(result.project_id, source.project_id);
    take_if_empty(result.domain_id, source.domain_id);
    take_if_empty(result.domain_name, source.domain_name);
  };
  merge(explicit_values);
  merge(env);

  const std::filesystem::path file = default_profile_path();
  std::string profile_state = "not read, not needed";
  credentials from_file;
  if (result.empty() || result.project_id.empty()) {
    if (file.empty()) {
      profile_state = "no path: neither HUAWEICLOUD_SDK_CREDENTIALS_FILE nor HOME is set";
    } else if (const auto sections = read_profile_file(file); !sections) {
      profile_state = "file not found";
    } else if (const auto section = sections->find(profile); section == sections->end()) {
      profile_state = "no such section";
    } else {
      from_file = from_section(section->second);
      profile_state = "read";
      merge(from_file);
    }
  }
  if (!result.empty()) return result;

  std::string where =
      "no credentials: neither an access key pair (AK and SK) nor a user name and password "
      "was found in: the code's credentials";
  auto note = [&where](const credentials& c) {
    if (auto n = partial_note(c); !n.empty()) where += " (" + n + ")";
  };
  note(explicit_values);
  where += "; the environment (HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or "
           "HUAWEICLOUD_SDK_USERNAME and HUAWEICLOUD_SDK_PASSWORD)";
  note(env);
  where += "; the profile file " + (file.empty() ? std::string("(none)") : file.string()) + " [" +
           std::string(profile) + "] (" + profile_state + ")";
  note(from_file);
  throw boost::system::system_error(make_error_code(errc::credentials_missing), where);
}

std::ostream& operator<<(std::ostream& os, const credentials& c) {
  os << "credentials(";
  if (c.has_access_key()) {
    os << "access key " << c.access_key;
    if (!c.security_token.empty()) os << ", temporary";
  } else if (c.has_password()) {
    os << "password of user " << c.user_name;
    if (!c.domain_name.empty()) os << " in domain " << c.domain_name;
  } else {
    os << "none";
  }
  if (!c.project_id.empty()) os << ", project " << c.project_id;
  return os << ")";
}

} // namespace modelarts
