// Turns client_options into what connections need: a TLS context, proxy, overrides.
#pragma once

#include "http/connection.hpp"
#include "modelarts/config.hpp"

#include <memory>

namespace modelarts::http {

/// Throws system_error(errc::invalid_configuration) for an unreadable CA file
/// or an unusable proxy URL.
std::shared_ptr<const connect_settings> make_connect_settings(const client_options& options);

} // namespace modelarts::http
