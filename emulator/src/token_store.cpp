#include "token_store.hpp"

#include "auth/crypto.hpp"

namespace modelarts::emulator {

std::string token_store::issue(token_record record) {
  // Real IAM tokens are long opaque strings (often starting "MII"); clients
  // must not parse them, so the emulator's carry nothing but randomness.
  std::string raw(48, '\0');
  auth::random_bytes(raw.data(), raw.size());
  std::string token = "MIIemu" + auth::hex_lower(raw);
  const std::lock_guard lock(mutex_);
  tokens_.insert_or_assign(token, std::move(record));
  return token;
}

token_status token_store::check(std::string_view token,
                                std::chrono::system_clock::time_point now) const {
  const std::lock_guard lock(mutex_);
  const auto it = tokens_.find(std::string(token));
  if (it == tokens_.end()) return token_status::unknown;
  if (it->second.revoked) return token_status::revoked;
  if (now >= it->second.expires_at) return token_status::expired;
  return token_status::valid;
}

void token_store::revoke_all() {
  const std::lock_guard lock(mutex_);
  for (auto& [token, record] : tokens_) record.revoked = true;
}

} // namespace modelarts::emulator
