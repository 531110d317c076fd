// Credentials: AK/SK (optionally temporary, with a security token) or an IAM
// user's password, and where they are looked up.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace modelarts {

/// A string that never prints itself. `operator<<` writes `***`; read the
/// value only where it is used (`reveal()`).
class secret {
public:
  secret() = default;
  secret(std::string value) : value_(std::move(value)) {}
  secret(const char* value) : value_(value) {}

  [[nodiscard]] const std::string& reveal() const noexcept { return value_; }
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }
  friend bool operator==(const secret&, const secret&) = default;

private:
  std::string value_;
};

std::ostream& operator<<(std::ostream& os, const secret& s);

/// What the SDK authenticates with. Either `access_key`+`secret_key` (APIG
/// request signing; add `security_token` for temporary keys) or
/// `user_name`+`password`+`domain_name` (an IAM token, cached and refreshed).
/// When both are present, AK/SK wins.
struct credentials {
  std::string access_key;
  secret secret_key;
  secret security_token;

  std::string user_name;   ///< IAM user name
  secret password;
  std::string domain_name; ///< the account the IAM user belongs to

  std::string project_id;
  std::string domain_id;

  [[nodiscard]] bool has_access_key() const { return !access_key.empty() && !secret_key.empty(); }
  [[nodiscard]] bool has_password() const { return !user_name.empty() && !password.empty(); }
  [[nodiscard]] bool empty() const { return !has_access_key() && !has_password(); }

  /// `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`,
  /// `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_DOMAIN_ID`,
  /// `HUAWEICLOUD_SDK_USERNAME`, `HUAWEICLOUD_SDK_PASSWORD`, `HUAWEICLOUD_SDK_DOMAIN_NAME`.
  /// An empty variable counts as unset.
  static credentials from_environment();

  /// The INI profile file (`[default]` section unless `profile` names another)
  /// with keys ak, sk, security_token, project_id, domain_id, username,
  /// password, domain_name, in any case (`AK`, `Sk`...). `key = value` lines,
  /// whole-line comments starting with '#' or ';'; unknown keys are ignored.
  /// A missing file, or a file without that section, gives empty credentials;
  /// a line that cannot be parsed throws
  /// `boost::system::system_error(invalid_configuration)` naming the file and
  /// line number, never the line's text.
  static credentials from_profile_file(const std::filesystem::path& file,
                                       std::string_view profile = "default");

  /// `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `$HOME/.huaweicloud/credentials`
  /// (empty when neither variable is set).
  static std::filesystem::path default_profile_path();

  /// Looks in the code's `explicit_values` first, then the environment, then
  /// the profile file (`default_profile_path()`, section `profile`):
  /// - an access key pair comes whole from the first source that has both AK
  ///   and SK, and the security token only from that same source, so that a
  ///   temporary token is never paired with another source's key;
  /// - likewise the user name and password;
  /// - project_id, domain_id and domain_name field by field.
  /// The profile file is read only when code and environment leave no usable
  /// pair or no project id. Throws `system_error(credentials_missing)`, with a
  /// message listing where it looked, when the result can authenticate
  /// neither way; a malformed profile file throws as `from_profile_file` does.
  static credentials resolve(const credentials& explicit_values = {},
                             std::string_view profile = "default");
};

/// Prints the kind of credentials, the AK (or user name) and the project id,
/// e.g. `credentials(access key AK3XAMPLE, temporary, project 0a1b)`; never a
/// secret key, password or token.
std::ostream& operator<<(std::ostream& os, const credentials& c);

} // namespace modelarts
