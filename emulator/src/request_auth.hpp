// Authentication of ModelArts (APIG-fronted) requests: an IAM token issued by
// this emulator, or an APIG `SDK-HMAC-SHA256` signature by a configured key.
#pragma once

#include "emulator_state.hpp"
#include "router.hpp"

#include "core/http_message.hpp"

#include <optional>

namespace modelarts::emulator {

/// nullopt when the request may proceed, else the answer refusing it (401 or
/// 403, counted in auth_failures). The answer never repeats a token, a
/// signature or a secret.
std::optional<http::response> authenticate_apig(emulator_state& state, const http::request& req);

/// Wraps a handler so that it runs only for authenticated requests.
handler require_apig_auth(emulator_state& state, handler inner);

} // namespace modelarts::emulator
