#include "listener.hpp"

#include "cloud_errors.hpp"
#include "emulator_state.hpp"
#include "exchange.hpp"
#include "router.hpp"
#include "wire_format.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
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

/// Bytes asked of the socket per read while parsing heads. Beast's own read
/// loop would ask for 512 bytes at a time from a fresh buffer.
constexpr std::size_t read_chunk = 64 * 1024;
constexpr std::size_t header_limit = 64 * 1024;
/// Body pieces handed to a route, and file pieces sent: large, so that
/// hashing, file writes and TLS records work in big steps. An uploading
/// connection holds two (one filling, one being written).
constexpr std::size_t body_chunk = 1024 * 1024;

using request_parser = beast::http::request_parser<beast::http::buffer_body>;
using two_buffers = std::array<asio::const_buffer, 2>;
using read_outcome = std::tuple<error_code, std::size_t>;

/// A connection's bytes, TLS or plain, behind one interface so that the HTTP
/// session below is compiled once for both.
class byte_stream {
public:
  virtual ~byte_stream() = default;
  virtual asio::awaitable<read_outcome> read_some(asio::mutable_buffer into) = 0;
  /// Fills `into` completely, or fails.
  virtual asio::awaitable<error_code> read_exactly(asio::mutable_buffer into) = 0;
  virtual asio::awaitable<error_code> write(two_buffers data) = 0;
  virtual tcp::socket& socket() = 0;
};

class plain_stream final : public byte_stream {
public:
  explicit plain_stream(tcp::socket s) : socket_(std::move(s)) {}
  asio::awaitable<read_outcome> read_some(asio::mutable_buffer into) override {
    co_return co_await socket_.async_read_some(into, use_tuple);
  }
  asio::awaitable<error_code> read_exactly(asio::mutable_buffer into) override {
    const auto [ec, n] = co_await asio::async_read(socket_, into, use_tuple);
    co_return ec;
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
  asio::awaitable<read_outcome> read_some(asio::mutable_buffer into) override {
    co_return co_await stream_.async_read_some(into, use_tuple);
  }
  asio::awaitable<error_code> read_exactly(asio::mutable_buffer into) override {
    const auto [ec, n] = co_await asio::async_read(stream_, into, use_tuple);
    co_return ec;
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
  asio::thread_pool& workers;
  bool tls;
  std::uint16_t port;
};

enum class read_result { complete, closed, malformed };

/// Feeds the parser from the stream until it has the head. Bytes past the
/// head stay in `buffer` (the parser stops after the head).
asio::awaitable<read_result> read_head(byte_stream& stream, beast::flat_buffer& buffer, request_parser& parser) {
  for (;;) {
    if (parser.is_header_done()) co_return read_result::complete;
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

/// The body after a head, piece by piece. A Content-Length body is read
/// straight into the caller's buffer (after what the head's read left over);
/// a chunked one goes through the parser. Bytes past the body stay in the
/// connection's buffer for the next request.
class body_reader {
public:
  body_reader(byte_stream& stream, beast::flat_buffer& buffer, request_parser& parser)
      : stream_(stream), buffer_(buffer), parser_(parser) {
    if (parser.chunked()) {
      chunked_ = true;
    } else {
      remaining_ = parser.content_length().value_or(0);
    }
  }

  [[nodiscard]] bool has_more() const { return chunked_ ? !parser_.is_done() : remaining_ > 0; }
  [[nodiscard]] std::optional<std::uint64_t> declared_length() const {
    return chunked_ ? std::nullopt : std::optional<std::uint64_t>(remaining_ + received_);
  }
  [[nodiscard]] std::uint64_t received() const { return received_; }

  /// Fills `into` (all of it unless the body ends first); 0 at the end.
  asio::awaitable<read_outcome> read(asio::mutable_buffer into) {
    const auto [ec, n] = chunked_ ? co_await read_chunked(into) : co_await read_counted(into);
    received_ += n;
    co_return read_outcome{ec, n};
  }

private:
  asio::awaitable<read_outcome> read_counted(asio::mutable_buffer into) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(into.size(), remaining_));
    auto* out = static_cast<char*>(into.data());
    const auto buffered = std::min(want, buffer_.size());
    if (buffered > 0) {
      asio::buffer_copy(asio::buffer(out, buffered), buffer_.data());
      buffer_.consume(buffered);
    }
    if (buffered < want) {
      if (const auto ec = co_await stream_.read_exactly(asio::buffer(out + buffered, want - buffered)))
        co_return read_outcome{ec, buffered};
    }
    remaining_ -= want;
    co_return read_outcome{error_code{}, want};
  }

  asio::awaitable<read_outcome> read_chunked(asio::mutable_buffer into) {
    auto& body = parser_.get().body();
    body.data = into.data();
    body.size = into.size();
    error_code failure;
    while (body.size > 0 && !parser_.is_done()) {
      if (buffer_.size() > 0) {
        error_code ec;
        const auto used = parser_.put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec == beast::http::error::need_buffer) break;
        if (ec && ec != beast::http::error::need_more) {
          failure = ec;
          break;
        }
        if (!ec && used > 0) continue;
      }
      const auto [ec, n] = co_await stream_.read_some(buffer_.prepare(read_chunk));
      if (ec) {
        failure = ec;
        break;
      }
      buffer_.commit(n);
    }
    const std::size_t got = into.size() - body.size;
    body.data = nullptr;
    body.size = 0;
    co_return read_outcome{failure, got};
  }

  byte_stream& stream_;
  beast::flat_buffer& buffer_;
  request_parser& parser_;
  bool chunked_ = false;
  std::uint64_t remaining_ = 0;
  std::uint64_t received_ = 0;
};

/// How reading a body ended.
enum class body_end {
  complete, ///< all of it was read
  cut,      ///< the fault's byte limit was reached first
  broken,   ///< the connection failed or the framing was wrong
  refused,  ///< the consumer threw
};

asio::awaitable<read_outcome> read_piece(body_reader* body, asio::mutable_buffer into) {
  co_return co_await body->read(into);
}

asio::awaitable<void> write_piece(body_consumer* consumer, std::string_view piece) {
  consumer->write(piece);
  co_return;
}

/// Reads the body into `consumer` (or drops it when null), at most `limit`
/// bytes. With `workers`, each piece is written there while the next one is
/// read, so hashing and disk writes overlap the network.
asio::awaitable<body_end> transfer_body(body_reader& body, body_consumer* consumer, std::uint64_t limit,
                                        asio::thread_pool* workers, counters& count) {
  if (!body.has_more()) co_return body_end::complete;
  const auto declared = body.declared_length();
  const std::size_t piece_size =
      static_cast<std::size_t>(std::min<std::uint64_t>({body_chunk, declared.value_or(body_chunk), std::max<std::uint64_t>(limit, 1)}));
  std::vector<char> current(piece_size);
  std::vector<char> next(consumer != nullptr && workers != nullptr ? piece_size : 0);
  const auto want = [&](const std::vector<char>& v) {
    return static_cast<std::size_t>(std::min<std::uint64_t>(v.size(), limit - body.received()));
  };
  const auto executor = co_await asio::this_coro::executor;

  auto [ec, n] = co_await body.read(asio::buffer(current.data(), want(current)));
  for (;;) {
    count.body_bytes_received += n;
    if (ec) co_return body_end::broken;
    if (n == 0) break;
    const std::string_view piece(current.data(), n);
    const bool more = body.has_more() && body.received() < limit;
    try {
      if (consumer == nullptr) {
        if (!more) break;
        std::tie(ec, n) = co_await body.read(asio::buffer(current.data(), want(current)));
        continue;
      }
      if (workers == nullptr) {
        consumer->write(piece);
        if (!more) break;
        std::tie(ec, n) = co_await body.read(asio::buffer(current.data(), want(current)));
        continue;
      }
      if (!more) {
        co_await asio::co_spawn(workers->get_executor(), write_piece(consumer, piece), asio::use_awaitable);
        break;
      }
      auto [order, write_error, read_error, read_result] =
          co_await asio::experimental::make_parallel_group(
              asio::co_spawn(workers->get_executor(), write_piece(consumer, piece), asio::deferred),
              asio::co_spawn(executor, read_piece(&body, asio::buffer(next.data(), want(next))), asio::deferred))
              .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
      if (write_error) std::rethrow_exception(write_error);
      if (read_error) std::rethrow_exception(read_error);
      std::tie(ec, n) = read_result;
      current.swap(next);
    } catch (const std::exception&) {
      co_return body_end::refused;
    }
  }
  co_return body.has_more() ? body_end::cut : body_end::complete;
}

/// Sends the head and at most `body_limit` bytes of the body (none for HEAD).
/// Each file is let go (closed) once sent: a large multipart object is many
/// files, and they are not all held open at once.
asio::awaitable<error_code> write_reply(byte_stream& stream, const std::string& head, reply& r,
                                        bool send_body, std::uint64_t body_limit, counters& count) {
  const std::uint64_t to_send = send_body ? std::min(r.body_size(), body_limit) : 0;
  if (r.body_files.empty()) {
    const std::string_view body = std::string_view(r.message.body).substr(0, static_cast<std::size_t>(to_send));
    const auto ec = co_await stream.write({asio::buffer(head), asio::buffer(body)});
    if (!ec) count.body_bytes_sent += body.size();
    co_return ec;
  }
  std::vector<char> piece(static_cast<std::size_t>(std::clamp<std::uint64_t>(to_send, 1, body_chunk)));
  std::uint64_t sent = 0;
  bool head_sent = false;
  for (auto& segment : r.body_files) {
    std::uint64_t done = 0;
    while (done < segment.length && sent < to_send) {
      const auto n = static_cast<std::size_t>(
          std::min<std::uint64_t>({piece.size(), segment.length - done, to_send - sent}));
      std::size_t got = 0;
      try {
        got = segment.file->read_at(segment.offset + done, piece.data(), n);
      } catch (const std::exception&) {
        co_return make_error_code(boost::system::errc::io_error);
      }
      // A file shorter than its record would leave the answer short of its
      // Content-Length: fail the connection instead.
      if (got != n) co_return make_error_code(boost::system::errc::io_error);
      const auto ec = co_await stream.write(
          {head_sent ? asio::const_buffer{} : asio::buffer(head), asio::buffer(piece.data(), n)});
      if (ec) co_return ec;
      head_sent = true;
      done += n;
      sent += n;
      count.body_bytes_sent += n;
    }
    segment.file.reset();
  }
  if (!head_sent) co_return co_await stream.write({asio::buffer(head), asio::const_buffer{}});
  co_return error_code{};
}

http::request to_request(const request_parser::value_type& msg, const connection_context& ctx) {
  http::request req;
  req.method = std::string(msg.method_string());
  parse_target(msg.target(), req);
  for (const auto& f : msg) req.headers.add(f.name_string(), f.value());
  req.to = origin_from_host(msg[beast::http::field::host], ctx.tls, ctx.port);
  return req;
}

asio::awaitable<void> write_bad_request(byte_stream& stream, const connection_context& ctx) {
  http::request none;
  auto res = apig_error(400, "APIG.0100", "The request is not valid HTTP/1.1.");
  finish_response(res, none, new_request_id(), ctx.state.now(), false, res.body.size());
  const auto head = serialize_head(res);
  co_await stream.write({asio::buffer(head), asio::buffer(res.body)});
  close_socket(stream.socket(), false);
}

reply internal_error() {
  return {apig_error(500, "ModelArts.0001", "The emulator failed to handle the request."), {}};
}

/// Serves requests on one connection until either side closes it.
asio::awaitable<void> serve_http(std::unique_ptr<byte_stream> stream, connection_context ctx) {
  static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
  constexpr auto unlimited = std::numeric_limits<std::uint64_t>::max();
  beast::flat_buffer buffer;
  buffer.reserve(read_chunk);
  for (;;) {
    request_parser parser;
    parser.header_limit(header_limit);
    // OBS parts and objects are large; the emulator does not cap bodies.
    parser.body_limit(unlimited);

    const auto got = co_await read_head(*stream, buffer, parser);
    if (got == read_result::closed) co_return;
    if (got == read_result::malformed) {
      co_await write_bad_request(*stream, ctx);
      co_return;
    }

    const auto& msg = parser.get();
    bool keep_alive = msg.keep_alive();
    const bool expects_continue = beast::iequals(msg[beast::http::field::expect], "100-continue");
    const std::string_view target = msg.target();
    const http::request req = to_request(msg, ctx);
    const std::string request_id = new_request_id();
    body_reader body(*stream, buffer, parser);
    const incoming in{req, target.substr(0, target.find('?')), request_id, body.declared_length()};

    const route_match route = ctx.routes.find(req);
    ++ctx.state.count.requests;
    ctx.state.requests_seen.record(req.method, route.logged_path);
    const auto hit = ctx.state.faults.pick(req.method, route.logged_path);
    const std::uint64_t drop_after = hit && hit->drop_after_body_bytes ? *hit->drop_after_body_bytes : unlimited;

    // The route decides on the head; a fault with a status or a drop never
    // reaches it.
    std::optional<reply> answer;
    std::unique_ptr<body_consumer> consumer;
    if (hit && hit->status != 0) {
      answer = route.injected_error(*hit, in);
    } else if (!(hit && hit->drop_before_response)) {
      try {
        auto start = route.start(in);
        if (auto* r = std::get_if<reply>(&start)) {
          answer = std::move(*r);
        } else {
          consumer = std::move(std::get<std::unique_ptr<body_consumer>>(start));
        }
      } catch (const std::exception&) {
        answer = internal_error();
      }
    }

    if (body.has_more()) {
      const bool read_it = consumer || (hit && hit->drop_before_response) || !expects_continue;
      if (read_it) {
        // Without this a client that waits for 100 (curl does) stalls a second.
        if (expects_continue && co_await stream->write({asio::buffer(continue_line), asio::const_buffer{}})) co_return;
        const auto end = co_await transfer_body(body, consumer.get(), drop_after,
                                                route.body_on_workers ? &ctx.workers : nullptr, ctx.state.count);
        if (end == body_end::cut) {
          close_socket(stream->socket(), true);
          co_return;
        }
        if (end == body_end::broken) co_return;
        if (end == body_end::refused) {
          // The rest of the body is not worth reading: answer and close.
          consumer.reset();
          answer = internal_error();
          keep_alive = false;
        }
      } else {
        // The client waits for 100 before sending a body the answer
        // refuses: answer now and close, as servers do.
        keep_alive = false;
      }
    }
    if (consumer) {
      try {
        answer = consumer->finish();
      } catch (const std::exception&) {
        answer = internal_error();
      }
      consumer.reset();
    }

    if (hit && hit->latency.count() > 0) {
      asio::steady_timer timer(co_await asio::this_coro::executor, hit->latency);
      co_await timer.async_wait(use_tuple);
    }
    if (hit && hit->drop_before_response) {
      close_socket(stream->socket(), false);
      co_return;
    }

    reply& out = *answer;
    const bool send_body = req.method != "HEAD";
    finish_response(out.message, req, request_id, ctx.state.now(), keep_alive, out.body_size());
    const std::string head = serialize_head(out.message);

    const std::uint64_t body_size = send_body ? out.body_size() : 0;
    std::uint64_t limit = unlimited;
    bool cut_with_reset = false;
    if (hit && (hit->drop_mid_response || hit->truncate_body)) {
      limit = body_size / 2;
      cut_with_reset = hit->drop_mid_response;
    } else if (drop_after != unlimited) {
      limit = drop_after;
      cut_with_reset = true;
    }
    const error_code ec = co_await write_reply(*stream, head, out, send_body, limit, ctx.state.count);
    if (limit != unlimited) {
      close_socket(stream->socket(), cut_with_reset);
      co_return;
    }
    if (ec || !keep_alive || (hit && hit->close_after_response)) {
      close_socket(stream->socket(), ec.failed());
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

/// TLS contexts per server name (SNI), made on first use from the
/// settings' identity_for_name.
class tls_contexts {
public:
  explicit tls_contexts(tls_settings settings)
      : settings_(std::move(settings)), default_(make_tls_context(settings_.default_identity)) {
    if (!settings_.identity_for_name) return;
    // SSL_CTX_set_tlsext_servername_callback/_arg spelled out: the macros
    // hide C-style casts.
    SSL_CTX* native = default_.native_handle();
    SSL_CTX_callback_ctrl(native, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
                          reinterpret_cast<void (*)()>(&tls_contexts::on_server_name));
    SSL_CTX_ctrl(native, SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, this);
  }
  tls_contexts(const tls_contexts&) = delete;
  tls_contexts& operator=(const tls_contexts&) = delete;

  asio::ssl::context& default_context() { return default_; }

private:
  static int on_server_name(SSL* ssl, int*, void* arg) {
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (name == nullptr) return SSL_TLSEXT_ERR_OK;
    auto* self = static_cast<tls_contexts*>(arg);
    if (SSL_CTX* chosen = self->context_for(name)) SSL_set_SSL_CTX(ssl, chosen);
    return SSL_TLSEXT_ERR_OK;
  }

  SSL_CTX* context_for(std::string_view name) {
    // Names differing only in case are one name.
    std::string key(name);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    const std::lock_guard lock(mutex_);
    if (const auto it = by_name_.find(key); it != by_name_.end())
      return it->second ? it->second->native_handle() : nullptr;
    std::unique_ptr<asio::ssl::context> made;
    try {
      if (auto identity = settings_.identity_for_name(key))
        made = std::make_unique<asio::ssl::context>(make_tls_context(*identity));
    } catch (const std::exception&) {
      made.reset(); // the default certificate, which the client will refuse
    }
    // Bounded: a client inventing names must not grow this without end.
    if (by_name_.size() < 4096) {
      auto& slot = by_name_[key];
      slot = std::move(made);
      return slot ? slot->native_handle() : nullptr;
    }
    return nullptr;
  }

  tls_settings settings_;
  asio::ssl::context default_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<asio::ssl::context>, std::less<>> by_name_;
};

} // namespace

// stop() tears down in this order: network threads joined, workers joined,
// acceptor closed, then the io_context destroyed, which destroys the
// suspended sessions (and their body consumers) and so closes their sockets.
// The TLS contexts outlive them all.
struct listener::impl {
  std::optional<tls_contexts> tls;
  std::optional<asio::thread_pool> workers;
  std::optional<asio::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::atomic<bool> stopped{false};
};

listener::listener(emulator_state& state, const router& routes, std::optional<tls_settings> tls)
    : impl_(std::make_unique<impl>()) {
  const auto& settings = state.settings();
  if (tls) impl_->tls.emplace(std::move(*tls));
  auto& workers = impl_->workers.emplace(std::max(1U, settings.worker_threads));
  auto& io = impl_->io.emplace();
  auto& acceptor = impl_->acceptor.emplace(io);
  const tcp::endpoint where(asio::ip::make_address(settings.address), settings.port);
  acceptor.open(where.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(where);
  acceptor.listen(asio::socket_base::max_listen_connections);
  impl_->port = acceptor.local_endpoint().port();

  const connection_context ctx{state, routes, workers, impl_->tls.has_value(), impl_->port};
  asio::co_spawn(io, accept_connections(acceptor, impl_->tls ? &impl_->tls->default_context() : nullptr, ctx),
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
  impl_->workers->stop();
  impl_->workers->join();
  impl_->acceptor.reset();
  impl_->io.reset();
  impl_->workers.reset();
}

} // namespace modelarts::emulator
