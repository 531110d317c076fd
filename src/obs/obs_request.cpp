#include "obs/obs_request.hpp"

#include "auth/crypto.hpp"
#include "modelarts/error.hpp"
#include "obs/obs_xml.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace modelarts::obs {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_ip_address(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t";
  const auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

[[noreturn]] void malformed(std::string_view what, const std::string& reason) {
  throw boost::system::system_error(make_error_code(errc::malformed_response), std::string(what) + ": " + reason);
}

std::uint64_t header_number(std::string_view text, std::string_view field) {
  text = trim(text);
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size())
    malformed("object head", std::string(field) + " is not a number");
  return value;
}

constexpr std::string_view encoded_word_prefix = "=?utf-8?b?";
constexpr std::string_view encoded_word_suffix = "?=";

/// What a server or signer would alter: bytes outside printable ASCII, white
/// space at either end (trimmed), or text that reads back as an encoded word.
bool needs_encoding(std::string_view value) {
  if (std::any_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u >= 0x7F;
      }))
    return true;
  if (!value.empty() && (value.front() == ' ' || value.back() == ' ')) return true;
  return value.starts_with("=?") && value.ends_with("?=");
}

} // namespace

// ---- names ---------------------------------------------------------------------

std::string bucket_name_problem(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return "bucket name must have 3 to 63 characters";
  for (char c : name)
    if (!is_lower_alnum(c) && c != '-' && c != '.')
      return "bucket name may hold only lower-case letters, digits, '-' and '.'";
  if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back()))
    return "bucket name must start and end with a letter or digit";
  if (name.find("..") != std::string_view::npos || name.find(".-") != std::string_view::npos ||
      name.find("-.") != std::string_view::npos)
    return "bucket name must not hold '..', '.-' or '-.'";
  unsigned char buf[4];
  if (::inet_pton(AF_INET, std::string(name).c_str(), buf) == 1) return "bucket name must not be an IP address";
  return {};
}

void check_bucket_name(std::string_view name) {
  if (auto problem = bucket_name_problem(name); !problem.empty())
    throw std::invalid_argument(problem + ": '" + std::string(name) + "'");
}

void check_object_key(std::string_view key) {
  if (key.empty()) throw std::invalid_argument("object key is empty");
  if (key.size() > 1024) throw std::invalid_argument("object key is longer than 1,024 bytes");
}

// ---- addressing ------------------------------------------------------------------

request_factory::request_factory(const client_options& options)
    : addressing_(options.obs.addressing), signature_(options.obs.signature),
      host_overrides_(options.host_overrides), user_agent_(options.user_agent) {
  const auto url = options.obs_endpoint(); // throws invalid_configuration when neither set nor derivable
  auto invalid = [&](const std::string& reason) {
    return boost::system::system_error(make_error_code(errc::invalid_configuration),
                                       "OBS endpoint '" + url + "': " + reason);
  };
  std::string base_path;
  try {
    endpoint_ = http::parse_origin(url, &base_path);
  } catch (const std::invalid_argument& e) {
    throw invalid(e.what());
  }
  // OBS and S3 servers serve buckets from the root; a path could not take
  // part in virtual-hosted requests or presigned URLs consistently.
  if (!base_path.empty()) throw invalid("a path after the host is not supported");
}

bucket_address request_factory::address(std::string_view bucket) const {
  bucket_address a;
  a.to = endpoint_;
  if (bucket.empty()) return a;
  const bool dotted_over_tls = endpoint_.is_tls() && bucket.find('.') != std::string_view::npos;
  if (addressing_ == obs_addressing::path || is_ip_address(endpoint_.host) || dotted_over_tls) {
    a.path_prefix = "/" + std::string(bucket);
    return a;
  }
  a.virtual_hosted = true;
  const std::string bucket_host = std::string(bucket) + "." + endpoint_.host;
  const bool endpoint_pinned = host_overrides_.contains(endpoint_.host) || http::iequals(endpoint_.host, "localhost");
  if (endpoint_pinned && !host_overrides_.contains(bucket_host)) {
    http::origin named = endpoint_;
    named.host = bucket_host;
    a.host_header = named.host_header();
  } else {
    a.to.host = bucket_host;
  }
  return a;
}

http::request request_factory::make(std::string method, std::string_view bucket, std::string_view key) const {
  if (!bucket.empty()) check_bucket_name(bucket);
  const auto a = address(bucket);
  http::request req;
  req.method = std::move(method);
  req.to = a.to;
  req.path = a.path_prefix;
  // Path style names a bucket as `/bucket`; everything else needs the '/'.
  if (!key.empty() || a.virtual_hosted || bucket.empty()) {
    req.path += '/';
    req.path += key;
  }
  req.bucket = std::string(bucket);
  req.idempotent = req.method != "POST";
  if (!a.host_header.empty()) req.headers.set("Host", a.host_header);
  req.headers.set("User-Agent", user_agent_);
  return req;
}

std::string_view request_factory::header_prefix() const {
  return signature_ == obs_signature::obs ? "x-obs-" : "x-amz-";
}

// ---- metadata ------------------------------------------------------------------------

std::string encode_metadata_value(std::string_view value) {
  if (!needs_encoding(value)) return std::string(value);
  return "=?UTF-8?B?" + auth::base64(value) + "?=";
}

std::string decode_metadata_value(std::string_view value) {
  const auto t = trim(value);
  if (t.size() < encoded_word_prefix.size() + encoded_word_suffix.size() ||
      lower(t.substr(0, encoded_word_prefix.size())) != encoded_word_prefix || !t.ends_with(encoded_word_suffix))
    return std::string(value);
  const auto payload =
      t.substr(encoded_word_prefix.size(), t.size() - encoded_word_prefix.size() - encoded_word_suffix.size());
  try {
    return auth::base64_decode(payload);
  } catch (const std::invalid_argument&) {
    return std::string(value);
  }
}

void add_metadata_headers(http::header_list& headers, const metadata& meta, std::string_view header_prefix) {
  for (const auto& [name, value] : meta) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char))
      throw std::invalid_argument("metadata name '" + name + "' is not an HTTP token (letters, digits, -_.!#$%&'*+^`|~)");
    headers.add(std::string(header_prefix) + "meta-" + name, encode_metadata_value(value));
  }
}

metadata metadata_from_headers(const http::header_list& headers) {
  metadata meta;
  for (const auto& f : headers) {
    const auto name = lower(f.name);
    std::string_view rest;
    for (std::string_view prefix : {"x-obs-meta-", "x-amz-meta-"})
      if (name.starts_with(prefix)) rest = std::string_view(name).substr(prefix.size());
    if (rest.empty()) continue;
    auto [it, inserted] = meta.try_emplace(std::string(rest), decode_metadata_value(f.value));
    if (!inserted) it->second += "," + decode_metadata_value(f.value);
  }
  return meta;
}

// ---- heads, ranges, digests ----------------------------------------------------------------

object_head head_from_headers(const http::header_list& headers) {
  object_head h;
  if (const auto range = headers.get("Content-Range")) {
    // `bytes first-last/total`; `total` may be `*` when unknown.
    const auto slash = range->rfind('/');
    if (slash == std::string_view::npos) malformed("object head", "Content-Range has no '/'");
    const auto total = trim(range->substr(slash + 1));
    if (total != "*") h.size = header_number(total, "Content-Range total");
  } else if (const auto length = headers.get("Content-Length")) {
    h.size = header_number(*length, "Content-Length");
  }
  h.etag = strip_etag_quotes(headers.get("ETag").value_or(""));
  h.content_type = std::string(trim(headers.get("Content-Type").value_or("")));
  h.last_modified = std::string(trim(headers.get("Last-Modified").value_or("")));
  h.user_metadata = metadata_from_headers(headers);
  return h;
}

std::string range_header(const byte_range& range) {
  std::string out = "bytes=" + std::to_string(range.first) + "-";
  if (range.last) {
    if (*range.last < range.first) throw std::invalid_argument("byte range: last is before first");
    out += std::to_string(*range.last);
  }
  return out;
}

md5_digest md5_of(std::string_view data) {
  const auto raw = auth::md5(data);
  return {auth::hex_lower(raw), auth::base64(raw)};
}

md5_digest md5_of_file_range(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  auto os_error = [&](int err, const char* doing) {
    return boost::system::system_error(boost::system::error_code(err, boost::system::system_category()),
                                       std::string(doing) + " " + file.string());
  };
  if (fd < 0) throw os_error(errno, "open");
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_on_exit{fd};

  auth::digest md5(auth::digest::algorithm::md5);
  std::vector<char> buffer(static_cast<std::size_t>(std::min<std::uint64_t>(length, 1024 * 1024)));
  while (length > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(length, buffer.size()));
    const auto got = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw os_error(errno, "read");
    }
    if (got == 0) throw os_error(EIO, "read past the end of");
    const auto n = static_cast<std::size_t>(got);
    md5.update(std::string_view(buffer.data(), n));
    offset += n;
    length -= n;
  }
  const auto raw = md5.finish();
  return {auth::hex_lower(raw), auth::base64(raw)};
}

std::string upload_etag(const http::header_list& headers, std::string_view expected_md5_hex, std::string_view what) {
  auto etag = strip_etag_quotes(headers.get("ETag").value_or(""));
  if (expected_md5_hex.empty()) return etag;
  if (etag.empty()) malformed(what, "the answer has no ETag to check the upload against");
  for (const char* name : {"x-obs-server-side-encryption", "x-amz-server-side-encryption"}) {
    if (const auto sse = headers.get(name); sse && lower(trim(*sse)).find("kms") != std::string::npos) return etag;
  }
  const bool plain_md5 = etag.size() == 32 && std::all_of(etag.begin(), etag.end(), [](char c) {
                           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                         });
  if (plain_md5 && lower(etag) != lower(expected_md5_hex))
    throw boost::system::system_error(make_error_code(errc::checksum_mismatch),
                                      std::string(what) + ": the ETag " + etag + " is not the MD5 " +
                                          std::string(expected_md5_hex) + " of the data sent (the object may be corrupt)");
  return etag;
}

} // namespace modelarts::obs
