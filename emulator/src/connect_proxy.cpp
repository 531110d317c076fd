// The test CONNECT proxy: Asio only (no Beast), one thread.
#include "modelarts/emulator/connect_proxy.hpp"

#include "auth/crypto.hpp"
#include "core/http_message.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <atomic>
#include <optional>
#include <thread>

namespace modelarts::emulator {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_request_head = 16 * 1024;

struct proxy_counters {
  std::atomic<std::uint64_t> tunnels{0};
  std::atomic<std::uint64_t> refusals{0};
};

struct connect_request {
  std::string method;
  std::string host;
  std::string port;
  std::string proxy_authorization;
};

/// Parses `CONNECT host:port HTTP/1.1` and the Proxy-Authorization header.
std::optional<connect_request> parse_head(std::string_view head) {
  connect_request out;
  const auto line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = line.find(' ', sp1 == std::string_view::npos ? sp1 : sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) return std::nullopt;
  out.method = std::string(line.substr(0, sp1));
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto colon = target.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view host = target.substr(0, colon);
    if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
    out.host = std::string(host);
    out.port = std::string(target.substr(colon + 1));
  }
  std::string_view rest = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
  while (!rest.empty()) {
    const auto end = rest.find("\r\n");
    const std::string_view field = rest.substr(0, end);
    const auto sep = field.find(':');
    if (sep != std::string_view::npos && http::iequals(field.substr(0, sep), "Proxy-Authorization")) {
      std::string_view value = field.substr(sep + 1);
      while (value.starts_with(' ') || value.starts_with('\t')) value.remove_prefix(1);
      out.proxy_authorization = std::string(value);
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 2);
  }
  return out;
}

asio::awaitable<void> reply_and_close(tcp::socket& client, std::string_view head) {
  co_await asio::async_write(client, asio::buffer(head), use_tuple);
  error_code ignored;
  client.shutdown(tcp::socket::shutdown_both, ignored);
  client.close(ignored);
}

/// Copies one direction until its source ends, then passes the end on.
asio::awaitable<void> pump(tcp::socket& from, tcp::socket& to) {
  std::array<char, 64 * 1024> chunk;
  for (;;) {
    const auto [read_error, n] = co_await from.async_read_some(asio::buffer(chunk), use_tuple);
    if (n > 0) {
      const auto [write_error, written] = co_await asio::async_write(to, asio::buffer(chunk.data(), n), use_tuple);
      if (write_error) break;
    }
    if (read_error) break;
  }
  error_code ignored;
  to.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> serve_client(tcp::socket client, std::optional<std::string> expected_authorization,
                                   proxy_counters& counters) {
  std::string head;
  const auto [read_error, head_size] =
      co_await asio::async_read_until(client, asio::dynamic_buffer(head, max_request_head), "\r\n\r\n", use_tuple);
  if (read_error) co_return;
  const auto request = parse_head(std::string_view(head).substr(0, head_size));
  if (!request) {
    co_await reply_and_close(client, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    co_return;
  }
  if (request->method != "CONNECT") {
    co_await reply_and_close(client, "HTTP/1.1 405 Method Not Allowed\r\nAllow: CONNECT\r\n"
                                     "Content-Length: 0\r\nConnection: close\r\n\r\n");
    co_return;
  }
  if (expected_authorization && request->proxy_authorization != *expected_authorization) {
    ++counters.refusals;
    co_await reply_and_close(client, "HTTP/1.1 407 Proxy Authentication Required\r\n"
                                     "Proxy-Authenticate: Basic realm=\"modelarts-emulator\"\r\n"
                                     "Content-Length: 0\r\nConnection: close\r\n\r\n");
    co_return;
  }

  const auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket upstream(executor);
  const auto [resolve_error, endpoints] = co_await resolver.async_resolve(request->host, request->port, use_tuple);
  bool connected = false;
  if (!resolve_error) {
    const auto [connect_error, peer] = co_await asio::async_connect(upstream, endpoints, use_tuple);
    connected = !connect_error;
  }
  if (!connected) {
    co_await reply_and_close(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    co_return;
  }
  error_code ignored;
  upstream.set_option(tcp::no_delay(true), ignored);
  client.set_option(tcp::no_delay(true), ignored);

  static constexpr std::string_view established = "HTTP/1.1 200 Connection established\r\n\r\n";
  if (const auto [ec, n] = co_await asio::async_write(client, asio::buffer(established), use_tuple); ec) co_return;
  ++counters.tunnels;
  // Bytes the client sent right behind the CONNECT head (a TLS ClientHello,
  // say) were read with it and belong to the tunnel.
  if (head.size() > head_size) {
    const auto [ec, n] = co_await asio::async_write(
        upstream, asio::buffer(head.data() + head_size, head.size() - head_size), use_tuple);
    if (ec) co_return;
  }
  co_await (pump(client, upstream) && pump(upstream, client));
}

asio::awaitable<void> accept_clients(tcp::acceptor& acceptor, std::optional<std::string> expected_authorization,
                                     proxy_counters& counters) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (ec) {
      if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
      continue;
    }
    asio::co_spawn(acceptor.get_executor(), serve_client(std::move(socket), expected_authorization, counters),
                   asio::detached);
  }
}

} // namespace

// stop() joins the thread, closes the acceptor, then destroys the io_context,
// which destroys the suspended tunnels and so closes their sockets.
struct connect_proxy::impl {
  std::optional<asio::io_context> io{std::in_place};
  std::optional<tcp::acceptor> acceptor{std::in_place, *io};
  proxy_counters counters;
  std::thread thread;
  std::uint16_t port = 0;
  std::atomic<bool> stopped{false};
};

connect_proxy::connect_proxy(std::optional<proxy_credentials> required) : impl_(std::make_unique<impl>()) {
  std::optional<std::string> expected;
  if (required) expected = "Basic " + auth::base64(required->user + ":" + required->password);
  const tcp::endpoint where(asio::ip::make_address_v4("127.0.0.1"), 0);
  auto& acceptor = *impl_->acceptor;
  acceptor.open(where.protocol());
  acceptor.bind(where);
  acceptor.listen();
  impl_->port = acceptor.local_endpoint().port();
  asio::co_spawn(*impl_->io, accept_clients(acceptor, std::move(expected), impl_->counters),
                 asio::detached);
  impl_->thread = std::thread([&io = *impl_->io] { io.run(); });
}

connect_proxy::~connect_proxy() { stop(); }

std::uint16_t connect_proxy::port() const { return impl_->port; }

std::string connect_proxy::endpoint() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

std::uint64_t connect_proxy::tunnels_opened() const { return impl_->counters.tunnels.load(); }

std::uint64_t connect_proxy::authentication_refusals() const { return impl_->counters.refusals.load(); }

void connect_proxy::stop() {
  if (impl_->stopped.exchange(true)) return;
  impl_->io->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->acceptor.reset();
  impl_->io.reset();
}

} // namespace modelarts::emulator
