// The only SDK file that instantiates Beast's HTTP parser and Asio.SSL streams.
// Requests are formatted by hand (they are simple) so that only the response
// parser is a Beast template, instantiated once for TCP and once for TLS.
#include "http/connection.hpp"

#include "http/transport_error.hpp"
#include "modelarts/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <array>
#include <memory>
#include <optional>
#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace modelarts::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::size_t read_buffer_reserve = 64 * 1024; // Beast reads capacity−size per recv
constexpr std::size_t body_chunk_size = 64 * 1024;
constexpr std::size_t file_chunk_size = 256 * 1024;
constexpr std::size_t small_body_size = 8 * 1024; // copied behind the head: one write, one TLS record
constexpr std::size_t max_error_body = 1024 * 1024;  // error answers are small; keep them bounded

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

std::string format_request_head(const request& req) {
  if (has_line_break(req.method) || req.method.find(' ') != std::string::npos)
    throw std::invalid_argument("HTTP method contains a space or line break");
  std::string head;
  head.reserve(512);
  head += req.method;
  head += ' ';
  head += req.target();
  head += " HTTP/1.1\r\n";
  if (!req.headers.contains("host")) {
    head += "Host: ";
    head += req.to.host_header();
    head += "\r\n";
  }
  for (const auto& f : req.headers) {
    if (iequals(f.name, "content-length") || iequals(f.name, "transfer-encoding")) continue;
    if (has_line_break(f.name) || has_line_break(f.value) || f.name.find(':') != std::string::npos)
      throw std::invalid_argument("header " + f.name + " contains a line break or colon");
    head += f.name;
    head += ": ";
    head += f.value;
    head += "\r\n";
  }
  const auto size = req.body_size();
  if (size > 0 || req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
    head += "Content-Length: ";
    head += std::to_string(size);
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

/// The request's own body source failed (a file missing, unreadable, or
/// shorter than announced): the caller's problem, reported as itself and
/// never retried as if the network had failed.
class body_source_error : public boost::system::system_error {
public:
  using boost::system::system_error::system_error;
};

/// An open file descriptor that closes itself.
class file_handle {
public:
  explicit file_handle(const std::filesystem::path& p) : fd_(::open(p.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) throw body_source_error(error_code(errno, boost::system::system_category()), "open " + p.string());
  }
  ~file_handle() { ::close(fd_); }
  file_handle(const file_handle&) = delete;
  file_handle& operator=(const file_handle&) = delete;

  std::size_t read_at(char* out, std::size_t n, std::uint64_t offset) const {
    for (;;) {
      const auto got = ::pread(fd_, out, n, static_cast<off_t>(offset));
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR)
        throw body_source_error(error_code(errno, boost::system::system_category()), "read body file");
    }
  }

private:
  int fd_;
};

error_code map_error(const error_code& ec) {
  if (ec == beast::error::timeout) return make_error_code(errc::attempt_timeout);
  if (ec == bhttp::error::partial_message) return make_error_code(errc::truncated_body);
  if (ec == bhttp::error::body_limit) return make_error_code(errc::body_too_large);
  return ec;
}

/// What an exchange's deadline timer shares with its handler, which may run
/// after the exchange (or the connection) is gone.
struct deadline_watch {
  std::uint64_t exchange = 0; ///< the exchange being watched; a handler for another one does nothing
  bool expired = false;       ///< the deadline closed the socket during this exchange
  bool alive = true;          ///< false once the connection is destroyed
};

template <class Stream>
class basic_connection final : public connection {
public:
  explicit basic_connection(Stream&& s)
      : stream_(std::move(s)), deadline_timer_(stream_.get_executor()),
        watch_(std::make_shared<deadline_watch>()) {
    buffer_.reserve(read_buffer_reserve);
  }
  ~basic_connection() override {
    watch_->alive = false;
    deadline_timer_.cancel();
    close();
  }

  asio::awaitable<response> exchange(const request& req, const exchange_limits& limits) override {
    keep_alive_ = false;
    header_received_ = false;
    attempt_stage stage = attempt_stage::sending;
    std::uint64_t received = 0;
    const bool reused = exchanges_ > 0;
    try {
      watch_deadline(limits.deadline);
      co_await send(req);
      stage = attempt_stage::receiving;
      auto res = co_await receive(req, limits, received);
      end_watch();
      ++exchanges_;
      co_return res;
    } catch (const transport_error&) {
      end_watch();
      throw;
    } catch (const body_source_error&) {
      end_watch(); // keep_alive_ is false: a half-sent request closes the connection
      throw;
    } catch (const boost::system::system_error& e) {
      const bool expired = watch_->expired;
      end_watch();
      auto ec = expired ? make_error_code(errc::attempt_timeout) : map_error(e.code());
      // The peer closed (with or without TLS close_notify) after the header
      // announced a body: that body is truncated, whatever the stream reports.
      if (header_received_ && (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated))
        ec = make_error_code(errc::truncated_body);
      throw transport_error(ec, stage, reused, received + buffer_.size(),
                            std::string(stage == attempt_stage::sending ? "sending" : "receiving") +
                                " " + req.method + " " + req.to.host_header() + ": " + ec.message());
    } catch (...) {
      end_watch(); // a sink's own failure: the caller closes this connection
      throw;
    }
  }

  // Bytes already read beyond the answer belong to no request: such a
  // connection cannot carry another one.
  bool reusable() const override { return keep_alive_ && buffer_.size() == 0 && lowest_socket().is_open(); }

  bool idle_and_alive() const override {
    auto& socket = lowest_socket();
    if (!socket.is_open() || buffer_.size() != 0) return false;
    char probe = 0;
    const auto n = ::recv(socket.native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

  std::uint64_t exchanges() const override { return exchanges_; }

  void close() noexcept override {
    error_code ignored;
    auto& s = lowest_socket();
    if (s.is_open()) {
      s.shutdown(tcp::socket::shutdown_both, ignored);
      s.close(ignored);
    }
    keep_alive_ = false;
  }

private:
  // One timer per exchange, not per operation: a tcp_stream expiry arms and
  // cancels its timer around every read and write, and TLS moves data one
  // 16 KiB record per operation, so on a large body that bookkeeping (timer
  // queue updates, a timerfd syscall, a posted cancellation) cost more than
  // the send itself. The stream itself never expires after the handshake.
  void watch_deadline(steady_time deadline) {
    watch_->expired = false;
    deadline_timer_.expires_at(deadline);
    deadline_timer_.async_wait([this, watch = watch_, exchange = watch_->exchange](const error_code& ec) {
      if (ec || !watch->alive || watch->exchange != exchange) return;
      watch->expired = true;
      close(); // the exchange's pending read or write ends with an error
    });
  }

  void end_watch() {
    ++watch_->exchange;
    deadline_timer_.cancel();
  }

  // Beast offers no const access to the lowest layer; nothing here mutates it.
  tcp::socket& lowest_socket() const {
    return beast::get_lowest_layer(const_cast<Stream&>(stream_)).socket();
  }

  asio::awaitable<void> send(const request& req) {
    std::string head = format_request_head(req);
    if (!req.has_body_pieces()) {
      // A multi-buffer write through Beast 1.81's ssl_stream sends only the
      // first buffer when the sequence exceeds one TLS record (its flat_stream
      // coalescing), so the body is never handed over in the same sequence:
      // small bodies join the head, large ones get a write of their own.
      if (req.body.size() <= small_body_size) {
        head += req.body;
        co_await asio::async_write(stream_, asio::buffer(head), asio::use_awaitable);
      } else {
        co_await asio::async_write(stream_, asio::buffer(head), asio::use_awaitable);
        co_await asio::async_write(stream_, asio::buffer(req.body), asio::use_awaitable);
      }
      co_return;
    }
    // Every file is opened before anything is written: a missing one costs no connection.
    const auto& pieces = req.body_pieces;
    std::vector<std::optional<file_handle>> files(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i)
      if (pieces[i].file) files[i].emplace(pieces[i].file->path);
    std::size_t next = 0;
    if (!pieces.front().file && pieces.front().bytes.size() <= small_body_size) {
      head += pieces.front().bytes; // a multipart form's first heading: one write, one TLS record
      next = 1;
    }
    co_await asio::async_write(stream_, asio::buffer(head), asio::use_awaitable);
    std::vector<char> chunk;
    for (; next < pieces.size(); ++next) {
      const auto& piece = pieces[next];
      if (piece.file)
        co_await send_file_range(*files[next], *piece.file, chunk);
      else if (!piece.bytes.empty())
        co_await asio::async_write(stream_, asio::buffer(piece.bytes), asio::use_awaitable);
    }
  }

  asio::awaitable<void> send_file_range(const file_handle& file, const file_body& range, std::vector<char>& chunk) {
    if (chunk.size() < file_chunk_size && chunk.size() < range.length)
      chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(file_chunk_size, range.length)));
    std::uint64_t offset = range.offset;
    std::uint64_t left = range.length;
    while (left > 0) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), left));
      const auto got = file.read_at(chunk.data(), want, offset);
      if (got == 0)
        throw body_source_error(make_error_code(errc::object_changed),
                                "body file " + range.path.string() + " became shorter after the request was prepared");
      co_await asio::async_write(stream_, asio::buffer(chunk.data(), got), asio::use_awaitable);
      offset += got;
      left -= got;
    }
  }

  asio::awaitable<response> receive(const request& req, const exchange_limits& limits, std::uint64_t& received) {
    // An interim 1xx answer (an unsolicited 100 Continue) precedes the real
    // one; reading it as the answer would hand the real one to the next caller.
    std::optional<bhttp::response_parser<bhttp::buffer_body>> reader;
    for (;;) {
      reader.emplace();
      reader->body_limit(boost::none); // enforced below, where sinks are known
      reader->header_limit(64 * 1024);
      if (req.method == "HEAD") reader->skip(true);
      co_await bhttp::async_read_header(stream_, buffer_, *reader, asio::use_awaitable);
      header_received_ = true;
      const auto status = reader->get().result_int();
      if (status < 100 || status >= 200 || status == 101) break;
    }
    auto& parser = *reader;

    response res;
    const auto& head = parser.get();
    res.status = head.result_int();
    for (const auto& f : head) res.headers.add(f.name_string(), f.value());

    const bool to_sink = limits.sink != nullptr && *limits.sink && res.status >= 200 && res.status < 300;
    const std::size_t limit = res.status < 300 ? limits.max_body : std::min(limits.max_body, max_error_body);
    // HEAD, 204 and 304 announce a length they do not send.
    const bool has_body = req.method != "HEAD" && res.status != 204 && res.status != 304;
    if (!to_sink && has_body) {
      if (const auto announced = parser.content_length(); announced && *announced > limit)
        throw boost::system::system_error(make_error_code(errc::body_too_large),
                                          "response body of " + std::to_string(*announced) + " bytes");
    }

    if (chunk_.empty()) chunk_.resize(body_chunk_size);
    while (!parser.is_done()) {
      parser.get().body().data = chunk_.data();
      parser.get().body().size = chunk_.size();
      auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, parser, asio::as_tuple(asio::use_awaitable));
      (void)n;
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) throw boost::system::system_error(ec);
      const std::size_t got = chunk_.size() - parser.get().body().size;
      received += got;
      if (got == 0) continue;
      const std::string_view piece(chunk_.data(), got);
      if (to_sink) {
        if (!(*limits.sink)(piece))
          throw boost::system::system_error(make_error_code(errc::sink_aborted));
      } else {
        if (res.body.size() + got > limit)
          throw boost::system::system_error(make_error_code(errc::body_too_large),
                                            "response body beyond " + std::to_string(limit) + " bytes");
        res.body.append(piece);
      }
    }
    keep_alive_ = parser.keep_alive();
    co_return res;
  }

  Stream stream_;
  asio::steady_timer deadline_timer_;
  std::shared_ptr<deadline_watch> watch_;
  beast::flat_buffer buffer_;
  std::vector<char> chunk_;
  bool keep_alive_ = false;
  bool header_received_ = false;
  std::uint64_t exchanges_ = 0;
};

bool bypasses_proxy(const std::string& host, const std::vector<std::string>& no_proxy) {
  for (auto entry : no_proxy) {
    if (entry == "*") return true;
    while (!entry.empty() && entry.front() == '.') entry.erase(entry.begin());
    if (entry.empty()) continue;
    if (iequals(host, entry)) return true;
    if (host.size() > entry.size() && host[host.size() - entry.size() - 1] == '.' &&
        iequals(std::string_view(host).substr(host.size() - entry.size()), entry))
      return true;
  }
  return false;
}

asio::awaitable<tcp::resolver::results_type> resolve(const std::string& host, std::uint16_t port,
                                                     const connect_settings& settings) {
  std::string target = host;
  if (auto it = settings.host_overrides.find(host); it != settings.host_overrides.end()) target = it->second;
  tcp::resolver resolver(co_await asio::this_coro::executor);
  error_code ec;
  const auto address = asio::ip::make_address(target, ec);
  if (!ec) co_return tcp::resolver::results_type::create(tcp::endpoint(address, port), host, std::to_string(port));
  co_return co_await resolver.async_resolve(target, std::to_string(port), asio::use_awaitable);
}

asio::awaitable<void> open_tunnel(beast::tcp_stream& s, const origin& to, const connect_settings& settings) {
  const bool ipv6 = to.host.find(':') != std::string::npos;
  const std::string authority = (ipv6 ? "[" + to.host + "]" : to.host) + ":" + std::to_string(to.port);
  std::string connect_request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
  if (!settings.proxy_authorization.empty())
    connect_request += "Proxy-Authorization: " + settings.proxy_authorization + "\r\n";
  connect_request += "\r\n";
  co_await asio::async_write(s, asio::buffer(connect_request), asio::use_awaitable);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::buffer_body> parser;
  parser.skip(true); // a 2xx answer to CONNECT has no body
  co_await bhttp::async_read_header(s, buffer, parser, asio::use_awaitable);
  const auto status = parser.get().result_int();
  if (status < 200 || status >= 300)
    throw boost::system::system_error(make_error_code(errc::proxy_error),
                                      "proxy answered " + std::to_string(status) + " to CONNECT " + to.host);
  // The tunnel starts right after the proxy's header: anything already read
  // past it would be lost to the TLS handshake.
  if (buffer.size() != 0)
    throw boost::system::system_error(make_error_code(errc::proxy_error),
                                      "proxy sent data after its answer to CONNECT " + to.host);
}

} // namespace

asio::awaitable<std::unique_ptr<connection>> connection::open(const origin& to, const connect_settings& settings,
                                                              steady_time deadline) {
  const bool via_proxy = to.is_tls() && settings.proxy && !bypasses_proxy(to.host, settings.no_proxy);
  const origin& first_hop = via_proxy ? *settings.proxy : to;
  try {
    auto executor = co_await asio::this_coro::executor;
    beast::tcp_stream stream(executor);
    stream.expires_at(std::min(deadline, std::chrono::steady_clock::now() + settings.connect_timeout));
    const auto endpoints = co_await resolve(first_hop.host, first_hop.port, settings);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    stream.socket().set_option(tcp::no_delay(true));
    if (via_proxy) co_await open_tunnel(stream, to, settings);

    if (!to.is_tls()) {
      stream.expires_never();
      co_return std::make_unique<basic_connection<beast::tcp_stream>>(std::move(stream));
    }
    if (!settings.tls)
      throw boost::system::system_error(make_error_code(errc::invalid_configuration), "no TLS context");
    beast::ssl_stream<beast::tcp_stream> tls(std::move(stream), *settings.tls);
    error_code ec;
    const bool is_ip = (asio::ip::make_address(to.host, ec), !ec);
    // SSL_set_tlsext_host_name() is a macro with a C cast; call what it expands to.
    if (!is_ip && SSL_ctrl(tls.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                           const_cast<char*>(to.host.c_str())) != 1)
      throw boost::system::system_error(error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()),
                                        "set SNI");
    if (settings.verify_peer) {
      tls.set_verify_mode(asio::ssl::verify_peer);
      tls.set_verify_callback(asio::ssl::host_name_verification(to.host));
    } else {
      tls.set_verify_mode(asio::ssl::verify_none);
    }
    co_await tls.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    beast::get_lowest_layer(tls).expires_never();
    co_return std::make_unique<basic_connection<beast::ssl_stream<beast::tcp_stream>>>(std::move(tls));
  } catch (const boost::system::system_error& e) {
    const auto ec = map_error(e.code());
    throw transport_error(ec, attempt_stage::connecting, false, 0,
                          "connect to " + to.host_header() + (via_proxy ? " through the proxy" : "") + ": " +
                              std::string(e.what()));
  }
}

} // namespace modelarts::http
