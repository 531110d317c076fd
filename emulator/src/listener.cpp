#include "listener.hpp"

#include "cloud_errors.hpp"
#include "emulator_state.hpp"
#include "router.hpp"
#include "wire_format.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <atomic>
#include <limits>
#include <thread>
#include <tuple>
#include <vector>

namespace modelarts::emulator {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// Bytes asked of the socket per read. Beast's own read loop would ask for
/// 512 bytes at a time from a fresh buffer; this is what makes uploads fast.
constexpr std::size_t read_chunk = 64 * 1024;
constexpr std::size_t header_limit = 64 * 1024;

using request_parser = beast::http::request_parser<beast::http::string_body>;
using two_buffers = std::array<asio::const_buffer, 2>;

/// A connection's bytes, TLS or plain, behind one interface so that the HTTP
/// session below is compiled once for both.
class byte_stream {
public:
  virtual ~byte_stream() = default;
  virtual asio::awaitable<std::tuple<error_code, std::size_t>> read_some(asio::mutable_buffer into) = 0;
  virtual asio::awaitable<error_code> write(two_buffers data) = 0;
  virtual tcp::socket& socket() = 0;
};

class plain_stream final : public byte_stream {
public:
  explicit plain_stream(tcp::socket s) : socket_(std::move(s)) {}
  asio::awaitable<std::tuple<error_code, std::size_t>> read_some(asio::mutable_buffer into) override {
    co_return co_await socket_.async_read_some(into, use_tuple);
  }
  asio::awaitable<error_code> write(two_buffers data) override {
    const auto [ec, n] = co_await asio::async_write(socket_, data, use_tuple);
    co_return ec;
  }
  tcp::socket& socket() override { return socket_; }

private:
  tcp::socket socket_;
};

class tls_stream final : public byte_stream {
public:
  tls_stream(tcp::socket s, asio::ssl::context& ssl) : stream_(std::move(s), ssl) {}
  asio::awaitable<error_code> handshake() {
    const auto [ec] = co_await stream_.async_handshake(asio::ssl::stream_base::server, use_tuple);
    co_return ec;
  }
  asio::awaitable<std::tuple<error_code, std::size_t>> read_some(asio::mutable_buffer into) override {
    co_return co_await stream_.async_read_some(into, use_tuple);
  }
  asio::awaitable<error_code> write(two_buffers data) override {
    const auto [ec, n] = co_await asio::async_write(stream_, data, use_tuple);
    co_return ec;
  }
  tcp::socket& socket() override { return stream_.next_layer(); }

private:
  asio::ssl::stream<tcp::socket> stream_;
};

/// Closes with FIN, or with RST when `reset` (what a crashed peer or a
/// middlebox dropping the connection looks like).
void close_socket(tcp::socket& s, bool reset) {
  error_code ignored;
  if (reset) {
    s.set_option(tcp::socket::linger(true, 0), ignored);
  } else {
    s.shutdown(tcp::socket::shutdown_both, ignored);
  }
  s.close(ignored);
}

struct connection_context {
  emulator_state& state;
  const router& routes;
  bool tls;
  std::uint16_t port;
};

enum class read_result { complete, closed, malformed };

/// Feeds the parser from the stream until it has the header (or the whole
/// message). Bytes past the message stay in `buffer` for the next request.
asio::awaitable<read_result> read_message_part(byte_stream& stream, beast::flat_buffer& buffer,
                                               request_parser& parser, bool header_only) {
  for (;;) {
    if (header_only ? parser.is_header_done() : parser.is_done()) co_return read_result::complete;
    if (buffer.size() > 0) {
      error_code ec;
      const auto used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (!ec && used > 0) continue;
      if (ec && ec != beast::http::error::need_more) co_return read_result::malformed;
    }
    const auto [ec, n] = co_await stream.read_some(buffer.prepare(read_chunk));
    if (ec) co_return parser.got_some() ? read_result::malformed : read_result::closed;
    buffer.commit(n);
  }
}

http::request to_request(beast::http::request<beast::http::string_body>& msg,
                         const connection_context& ctx) {
  http::request req;
  req.method = std::string(msg.method_string());
  parse_target(msg.target(), req);
  for (const auto& f : msg) req.headers.add(f.name_string(), f.value());
  req.to = origin_from_host(msg[beast::http::field::host], ctx.tls, ctx.port);
  req.body = std::move(msg.body());
  return req;
}

http::response answer(const router& routes, const http::request& req) {
  try {
    return routes.dispatch(req);
  } catch (const std::exception&) {
    return apig_error(500, "ModelArts.0001", "The emulator failed to handle the request.");
  }
}

asio::awaitable<void> write_bad_request(byte_stream& stream, const connection_context& ctx) {
  http::request none;
  auto res = apig_error(400, "APIG.0100", "The request is not valid HTTP/1.1.");
  finish_response(res, none, ctx.state.now(), false);
  const auto head = serialize_head(res);
  co_await stream.write({asio::buffer(head), asio::buffer(res.body)});
  close_socket(stream.socket(), false);
}

/// Serves requests on one connection until either side closes it.
asio::awaitable<void> serve_http(std::unique_ptr<byte_stream> stream, connection_context ctx) {
  static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
  beast::flat_buffer buffer;
  buffer.reserve(read_chunk);
  for (;;) {
    request_parser parser;
    parser.header_limit(header_limit);
    // OBS parts and objects are large; the emulator does not cap bodies.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());

    auto got = co_await read_message_part(*stream, buffer, parser, true);
    if (got == read_result::complete && beast::iequals(parser.get()[beast::http::field::expect], "100-continue")) {
      // Without this a client that waits for 100 (curl does) stalls a second.
      if (co_await stream->write({asio::buffer(continue_line), asio::const_buffer{}})) co_return;
    }
    if (got == read_result::complete) got = co_await read_message_part(*stream, buffer, parser, false);
    if (got == read_result::closed) co_return;
    if (got == read_result::malformed) {
      co_await write_bad_request(*stream, ctx);
      co_return;
    }

    auto& msg = parser.get();
    const bool keep_alive = msg.keep_alive();
    const http::request req = to_request(msg, ctx);
    ++ctx.state.count.requests;
    ctx.state.requests_seen.record(req.method, req.path);

    const auto hit = ctx.state.faults.pick(req.method, req.path);
    if (hit && hit->latency.count() > 0) {
      asio::steady_timer timer(co_await asio::this_coro::executor, hit->latency);
      co_await timer.async_wait(use_tuple);
    }
    if (hit && hit->drop_before_response) {
      close_socket(stream->socket(), false);
      co_return;
    }

    http::response res = hit && hit->status != 0 ? injected_error(*hit, req) : answer(ctx.routes, req);
    finish_response(res, req, ctx.state.now(), keep_alive);
    const std::string head = serialize_head(res);
    std::string_view body = req.method == "HEAD" ? std::string_view{} : std::string_view(res.body);

    if (hit && (hit->drop_mid_response || hit->truncate_body)) {
      body = body.substr(0, body.size() / 2);
      co_await stream->write({asio::buffer(head), asio::buffer(body)});
      close_socket(stream->socket(), hit->drop_mid_response);
      co_return;
    }
    const error_code ec = co_await stream->write({asio::buffer(head), asio::buffer(body)});
    if (ec || !keep_alive || (hit && hit->close_after_response)) {
      close_socket(stream->socket(), false);
      co_return;
    }
  }
}

asio::awaitable<void> serve_tls(tcp::socket socket, asio::ssl::context& ssl, connection_context ctx) {
  auto stream = std::make_unique<tls_stream>(std::move(socket), ssl);
  if (co_await stream->handshake()) co_return;
  co_await serve_http(std::move(stream), ctx);
}

asio::awaitable<void> accept_connections(tcp::acceptor& acceptor, asio::ssl::context* ssl,
                                         connection_context ctx) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (ec) {
      if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
      // Out of descriptors and the like: wait a little instead of spinning.
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(10));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    ++ctx.state.count.connections_accepted;
    if (ssl != nullptr) {
      asio::co_spawn(acceptor.get_executor(), serve_tls(std::move(socket), *ssl, ctx), asio::detached);
    } else {
      asio::co_spawn(acceptor.get_executor(),
                     serve_http(std::make_unique<plain_stream>(std::move(socket)), ctx), asio::detached);
    }
  }
}

asio::ssl::context make_tls_context(const tls_identity& identity) {
  asio::ssl::context ssl(asio::ssl::context::tls_server);
  ssl.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  ssl.use_certificate_chain(asio::buffer(identity.certificate_chain_pem));
  ssl.use_private_key(asio::buffer(identity.private_key_pem), asio::ssl::context::pem);
  return ssl;
}

} // namespace

// stop() tears down in this order: threads joined, acceptor closed, then the
// io_context destroyed, which destroys the suspended sessions and so closes
// their sockets. The TLS context outlives them all.
struct listener::impl {
  std::optional<asio::ssl::context> ssl;
  std::optional<asio::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::atomic<bool> stopped{false};
};

listener::listener(emulator_state& state, const router& routes, const std::optional<tls_identity>& tls)
    : impl_(std::make_unique<impl>()) {
  const auto& settings = state.settings();
  if (tls) impl_->ssl.emplace(make_tls_context(*tls));
  auto& io = impl_->io.emplace();
  auto& acceptor = impl_->acceptor.emplace(io);
  const tcp::endpoint where(asio::ip::make_address(settings.address), settings.port);
  acceptor.open(where.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(where);
  acceptor.listen(asio::socket_base::max_listen_connections);
  impl_->port = acceptor.local_endpoint().port();

  const connection_context ctx{state, routes, tls.has_value(), impl_->port};
  asio::co_spawn(io, accept_connections(acceptor, impl_->ssl ? &*impl_->ssl : nullptr, ctx),
                 asio::detached);
  const unsigned threads = std::max(1U, settings.threads);
  for (unsigned i = 0; i < threads; ++i) impl_->threads.emplace_back([&io] { io.run(); });
}

listener::~listener() { stop(); }

std::uint16_t listener::port() const { return impl_->port; }

void listener::stop() {
  if (impl_->stopped.exchange(true)) return;
  impl_->io->stop();
  for (auto& t : impl_->threads) t.join();
  impl_->acceptor.reset();
  impl_->io.reset();
}

} // namespace modelarts::emulator
