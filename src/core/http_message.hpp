// The request and response model shared by the transport, the signers and the
// service clients. Deliberately free of Beast: every file that builds or signs a
// request includes this, and only src/http/*.cpp pays for Beast.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modelarts::http {

/// Header fields in insertion order; names compare case-insensitively.
class header_list {
public:
  struct field {
    std::string name;
    std::string value;
  };

  /// Replaces every field of that name with one field.
  void set(std::string_view name, std::string_view value);
  /// Appends a field, keeping any existing one of the same name.
  void add(std::string_view name, std::string_view value);
  void erase(std::string_view name);
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const;
  [[nodiscard]] bool contains(std::string_view name) const { return get(name).has_value(); }

  [[nodiscard]] auto begin() const { return fields_.begin(); }
  [[nodiscard]] auto end() const { return fields_.end(); }
  [[nodiscard]] std::size_t size() const { return fields_.size(); }

private:
  std::vector<field> fields_;
};

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

/// Where a request goes: `scheme://host[:port]`. The port is always explicit.
struct origin {
  std::string scheme; // "https" or "http"
  std::string host;   // a name or an IP literal, no brackets
  std::uint16_t port = 443;

  [[nodiscard]] bool is_tls() const { return scheme == "https"; }
  /// The Host header value: the port is omitted when it is the scheme's default.
  [[nodiscard]] std::string host_header() const;
  friend bool operator==(const origin&, const origin&) = default;
};

/// Parses `https://host[:port][/base/path]`; throws std::invalid_argument with
/// the reason on anything else. The base path (without a trailing slash) goes
/// to *base_path when given.
origin parse_origin(std::string_view url, std::string* base_path = nullptr);

/// A query parameter, decoded. Signers and the wire encoder both work from this.
struct query_param {
  std::string key;
  std::string value;
};

/// A file range read at send time, never loaded whole.
struct file_body {
  std::filesystem::path path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

/// One piece of a body sent in pieces: bytes the caller keeps alive until
/// the exchange ends (a co_await on it), or a file range.
struct body_piece {
  std::string_view bytes;        // used when file is empty
  std::optional<file_body> file;

  [[nodiscard]] std::uint64_t size() const { return file ? file->length : bytes.size(); }
};

struct request {
  std::string method = "GET";
  origin to;
  /// The decoded path, starting with '/'. The transport percent-encodes each
  /// segment for the wire; signers canonicalise from the same decoded form.
  std::string path = "/";
  std::vector<query_param> query;
  header_list headers;
  std::string body; // used when body_pieces is empty
  /// A body written piece by piece, in order, and never gathered in memory:
  /// file ranges and borrowed buffers (multipart forms, upload parts).
  /// Signers cannot hash it up front: they sign it as an unsigned payload.
  std::vector<body_piece> body_pieces;
  /// OBS: the bucket this request addresses (virtual-hosted or path-style);
  /// V2 signers put it into the canonical resource. Empty elsewhere.
  std::string bucket;

  /// Safe to send twice (GET, HEAD, PUT of the same bytes, DELETE...).
  /// A request that is not idempotent is retried only when it provably never
  /// reached the server.
  bool idempotent = true;

  [[nodiscard]] bool has_body_pieces() const { return !body_pieces.empty(); }
  [[nodiscard]] std::uint64_t body_size() const;
  /// path + '?' + encoded query, as written on the request line.
  [[nodiscard]] std::string target() const;
};

/// Receives a response body in pieces instead of it being kept in memory.
/// Returning false aborts the transfer (the connection is then closed).
using body_sink = std::function<bool(std::string_view chunk)>;

struct response {
  unsigned status = 0;
  header_list headers;
  std::string body; // empty when the body went to a sink
};

} // namespace modelarts::http
