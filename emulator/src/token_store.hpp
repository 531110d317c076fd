// IAM tokens issued by the emulator: opaque random strings mapped to who they
// were issued for and until when.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace modelarts::emulator {

struct token_record {
  std::string user_name;
  std::string domain_name;
  std::string project_id;
  std::string project_name;
  std::chrono::system_clock::time_point issued_at;
  std::chrono::system_clock::time_point expires_at;
  bool revoked = false;
};

enum class token_status { valid, unknown, expired, revoked };

class token_store {
public:
  /// Stores the record under a fresh random token and returns the token.
  std::string issue(token_record record);
  [[nodiscard]] token_status check(std::string_view token,
                                   std::chrono::system_clock::time_point now) const;
  /// Every token issued so far becomes invalid.
  void revoke_all();

private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, token_record> tokens_;
};

} // namespace modelarts::emulator
