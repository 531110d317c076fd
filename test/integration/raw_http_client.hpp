// A small blocking HTTP/1.1 client over plain TCP for tests that check the
// emulator itself, byte for byte, without the SDK in between. Kept out of
// emulator_fixture.hpp so the tests that use the SDK do not compile Beast.
#pragma once

#include "core/http_message.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <cstdint>
#include <limits>

namespace test_support::raw_http {

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
using beast_response = boost::beast::http::response<boost::beast::http::string_body>;
using response_parser = boost::beast::http::response_parser<boost::beast::http::string_body>;

/// The SDK's request as Beast writes it: Host from the origin unless set, the body's length.
inline beast_request to_beast(const modelarts::http::request& r) {
  beast_request msg;
  msg.method_string(r.method);
  msg.target(r.target());
  msg.version(11);
  if (!r.headers.contains("Host")) msg.set(boost::beast::http::field::host, r.to.host_header());
  for (const auto& f : r.headers) msg.insert(f.name, f.value);
  msg.body() = r.body;
  msg.prepare_payload();
  return msg;
}

/// One keep-alive connection to a plain-HTTP server on 127.0.0.1 (or a tunnel through it).
class plain_client {
public:
  explicit plain_client(std::uint16_t port) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  void send(const modelarts::http::request& r) { boost::beast::http::write(socket_, to_beast(r)); }
  /// Sends `r` and reads its answer (no body for HEAD).
  beast_response call(const modelarts::http::request& r) {
    send(r);
    return receive(r.method == "HEAD");
  }
  /// The next answer, whatever the size of its body.
  beast_response receive(bool head = false) {
    response_parser parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    parser.skip(head);
    boost::beast::http::read(socket_, buffer_, parser);
    return parser.release();
  }
  void read_header(response_parser& parser) { boost::beast::http::read_header(socket_, buffer_, parser); }
  void read_rest(response_parser& parser) { boost::beast::http::read(socket_, buffer_, parser); }
  /// Reads an answer expected to fail; the parser keeps what arrived.
  boost::system::error_code receive_failing(response_parser& parser) {
    boost::system::error_code ec;
    boost::beast::http::read(socket_, buffer_, parser, ec);
    return ec;
  }
  boost::asio::ip::tcp::socket& socket() { return socket_; }

private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_{io_};
  boost::beast::flat_buffer buffer_;
};

} // namespace test_support::raw_http
