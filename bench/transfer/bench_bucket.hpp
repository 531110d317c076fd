// The benchmark's bucket on the emulator, seen through the SDK: created,
// presigned for curl, and read back to check what each side stored. The
// client is configured from the environment (the emulator's env file).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace modelarts::bench {

struct stored_object {
  std::uint64_t size = 0;
  std::string etag;
};

class bench_bucket {
public:
  explicit bench_bucket(std::string name);
  ~bench_bucket();
  bench_bucket(const bench_bucket&) = delete;
  bench_bucket& operator=(const bench_bucket&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  /// `obs://<bucket>/<key>`.
  [[nodiscard]] std::string url_of(std::string_view key) const;

  void create();
  /// A presigned URL (valid for an hour) for `method` on `key`.
  [[nodiscard]] std::string presigned(std::string_view method, std::string_view key) const;
  /// Nothing when the object does not exist.
  [[nodiscard]] std::optional<stored_object> head(const std::string& key);
  /// Every object under `prefix`, by key.
  [[nodiscard]] std::map<std::string, stored_object> list(const std::string& prefix);
  void remove(const std::string& key);

private:
  struct state;
  std::string name_;
  std::unique_ptr<state> state_;
};

} // namespace modelarts::bench
