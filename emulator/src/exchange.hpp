// What a route makes of one request, free of Beast: it sees the head first,
// then either answers at once or takes the body piece by piece (so an object
// upload streams to disk), and its answer may stream from files (so a
// download never sits in memory).
#pragma once

#include "core/http_message.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace modelarts::emulator {

/// A file an answer reads from, opened on first read and closed with the
/// object. `keep_alive` is held as long as the object: e.g. what keeps a
/// stored object's file from being deleted while it is being sent. Not for
/// concurrent use (one answer is written by one coroutine).
class readable_file {
public:
  explicit readable_file(std::filesystem::path path, std::shared_ptr<const void> keep_alive = {});
  ~readable_file();
  readable_file(const readable_file&) = delete;
  readable_file& operator=(const readable_file&) = delete;

  /// Reads up to `size` bytes at `offset`; fewer only at the end of the
  /// file. Throws std::system_error when the file cannot be opened or read.
  std::size_t read_at(std::uint64_t offset, char* into, std::size_t size);

private:
  std::filesystem::path path_;
  std::shared_ptr<const void> keep_alive_;
  int fd_ = -1;
};

/// A byte range of a file.
struct file_segment {
  std::shared_ptr<readable_file> file;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

/// An answer: status, headers and a small body in `message`, or a body that
/// streams from `body_files` in order (then `message.body` is empty and
/// Content-Length is the segments' total).
struct reply {
  http::response message;
  std::vector<file_segment> body_files;

  [[nodiscard]] std::uint64_t body_size() const {
    if (body_files.empty()) return message.body.size();
    std::uint64_t total = 0;
    for (const auto& s : body_files) total += s.length;
    return total;
  }
};

/// Takes a request body in order, then makes the answer. Destroyed without
/// finish() when the body never completes (the client went away, a fault cut
/// it): the destructor must undo whatever write() started (temporary files).
class body_consumer {
public:
  virtual ~body_consumer() = default;
  /// The next piece of the body. Throwing abandons the request with a 500.
  virtual void write(std::string_view chunk) = 0;
  /// The whole body has arrived (possibly empty).
  virtual reply finish() = 0;
};

/// A route's decision on seeing the head: an answer now (a body, if any, is
/// discarded unread where possible), or the consumer of the body.
using route_start = std::variant<reply, std::unique_ptr<body_consumer>>;

/// A request head as routes see it: decoded (`head`; its body is empty) plus
/// what only the wire form has.
struct incoming {
  const http::request& head;
  /// The path exactly as on the request line (still percent-encoded, no
  /// query): V2 signatures are computed over it.
  std::string_view wire_path;
  /// The id this answer will carry (X-Request-Id and the services' own
  /// request-id headers and error bodies).
  std::string_view request_id;
  /// Declared body size: Content-Length, or nullopt for a chunked body.
  std::optional<std::uint64_t> content_length;
};

} // namespace modelarts::emulator
