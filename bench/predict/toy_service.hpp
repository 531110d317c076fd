// The service the predict benchmark sends its predictions to: a model
// published and deployed on the emulator through the SDK.
#pragma once

#include <modelarts/client.hpp>

#include <boost/asio/awaitable.hpp>

#include <string>

namespace modelarts::bench {

struct deployed_service {
  std::string service_id;
  std::string access_address; ///< `https://localhost:PORT/v1/infers/<id>`
};

/// Creates a model, waits until it is published, deploys it and waits until
/// the service runs.
boost::asio::awaitable<deployed_service> deploy_toy_service(client sdk);

/// The IAM token the client authenticates with (password credentials), for
/// the libcurl side to send the same X-Auth-Token.
boost::asio::awaitable<std::string> current_token(client sdk);

} // namespace modelarts::bench
