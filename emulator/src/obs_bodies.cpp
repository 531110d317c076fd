// The consumers of OBS request bodies, and the helpers the operations share.
#include "obs_service.hpp"

#include "xml_document.hpp"

#include "auth/crypto.hpp"
#include "core/uri_encoding.hpp"

#include <charconv>
#include <optional>

namespace modelarts::emulator {

namespace {

/// Digests of a body, checked against what the request declared.
class body_digests {
public:
  explicit body_digests(const obs_request& r)
      : expected_md5_(declared_md5(r)), expected_sha256_(r.payload_sha256) {
    if (!expected_sha256_.empty()) sha256_.emplace(auth::digest::algorithm::sha256);
  }
  void update(std::string_view chunk) {
    md5_.update(chunk);
    if (sha256_) sha256_->update(chunk);
  }
  /// Throws BadDigest / XAmzContentSHA256Mismatch; returns the hex MD5.
  std::string check() {
    const auto md5 = md5_.finish();
    if (!expected_md5_.empty() && md5 != expected_md5_)
      throw obs_failure("BadDigest", "The Content-MD5 you specified did not match what we received.",
                        {{"ExpectedDigest", auth::base64(expected_md5_)}, {"CalculatedDigest", auth::base64(md5)}});
    if (sha256_ && auth::hex_lower(sha256_->finish()) != expected_sha256_)
      throw obs_failure("XAmzContentSHA256Mismatch",
                        "The provided 'x-amz-content-sha256' header does not match what was computed.");
    return auth::hex_lower(md5);
  }

private:
  std::string expected_md5_;
  std::string expected_sha256_;
  auth::digest md5_{auth::digest::algorithm::md5};
  std::optional<auth::digest> sha256_;
};

reply internal_error(const obs_request& r) {
  return obs_error_answer(r.in.request_id,
                          obs_failure("InternalError", "We encountered an internal error. Please try again."));
}

/// The common shape: digest and keep each piece; on completion check and
/// hand over, answering failures in XML. A failed write() is remembered and
/// answered at the end, so the connection stays in step with the client.
template <class Sink, class Done>
class checked_body final : public body_consumer {
public:
  checked_body(const obs_request& r, Sink sink, Done done)
      : request_(r), digests_(r), sink_(std::move(sink)), done_(std::move(done)) {}

  void write(std::string_view chunk) override {
    if (failure_) return;
    try {
      digests_.update(chunk);
      sink_.write(chunk);
    } catch (const obs_failure& f) {
      failure_ = f;
    } catch (const std::exception&) {
      failure_ = obs_failure("InternalError", "We encountered an internal error. Please try again.");
    }
  }

  reply finish() override {
    try {
      if (failure_) throw *failure_;
      const auto md5_hex = digests_.check();
      return sink_.complete(done_, request_, md5_hex);
    } catch (const obs_failure& f) {
      return obs_error_answer(request_.in.request_id, f);
    } catch (const std::exception&) {
      return internal_error(request_);
    }
  }

private:
  obs_request request_;
  body_digests digests_;
  Sink sink_;
  Done done_;
  std::optional<obs_failure> failure_;
};

struct file_sink {
  staged_file file;
  void write(std::string_view chunk) { file.write(chunk); }
  reply complete(const stored_body_handler& done, const obs_request& r, const std::string& md5_hex) {
    return done(r, std::move(file), md5_hex);
  }
};

struct memory_sink {
  std::size_t limit;
  std::string body{};
  void write(std::string_view chunk) {
    if (body.size() + chunk.size() > limit)
      throw obs_failure("MalformedXML", "The XML you provided was larger than the emulator accepts.");
    body.append(chunk);
  }
  reply complete(const small_body_handler& done, const obs_request& r, const std::string&) {
    return done(r, std::move(body));
  }
};

} // namespace

obs_service::obs_service(emulator_state& s)
    : state(s), store(s.settings().data_dir / "obs"), base_hosts(obs_base_hosts(s.settings())) {
  owner_name = s.settings().users.empty() ? "emulator-domain" : s.settings().users.front().domain_name;
  // The id IAM's tokens give the same domain (iam_routes.cpp).
  owner_id = auth::sha256_hex("domain:" + owner_name).substr(0, 32);
}

std::unique_ptr<body_consumer> stream_to_file(obs_service& s, const obs_request& r, stored_body_handler done) {
  return std::make_unique<checked_body<file_sink, stored_body_handler>>(r, file_sink{s.store.stage()},
                                                                        std::move(done));
}

std::unique_ptr<body_consumer> gather_small_body(const obs_request& r, std::size_t limit, small_body_handler done) {
  return std::make_unique<checked_body<memory_sink, small_body_handler>>(r, memory_sink{limit}, std::move(done));
}

std::string declared_md5(const obs_request& r) {
  const auto header = r.head().headers.get("Content-MD5");
  if (!header) return {};
  std::string raw;
  try {
    raw = auth::base64_decode(*header);
  } catch (const std::exception&) {
    throw obs_failure("InvalidDigest", "The Content-MD5 you specified is not valid.");
  }
  if (raw.size() != 16) throw obs_failure("InvalidDigest", "The Content-MD5 you specified is not valid.");
  return raw;
}

object_attributes attributes_from_headers(const obs_request& r) {
  static constexpr std::string_view content_headers[] = {"Cache-Control", "Content-Disposition",
                                                         "Content-Encoding", "Content-Language", "Expires"};
  object_attributes a;
  a.content_type = std::string(r.head().headers.get("Content-Type").value_or("application/octet-stream"));
  for (const auto& f : r.head().headers) {
    std::string name = f.name;
    for (auto& c : name) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (!name.starts_with("x-obs-meta-") && !name.starts_with("x-amz-meta-")) continue;
    name.erase(0, 11);
    const auto same = std::find_if(a.metadata.begin(), a.metadata.end(), [&](const auto& m) { return m.first == name; });
    if (same != a.metadata.end()) {
      same->second += "," + f.value; // repeated headers merge, as HTTP says
    } else {
      a.metadata.emplace_back(std::move(name), f.value);
    }
  }
  for (const auto name : content_headers) {
    if (const auto v = r.head().headers.get(name)) a.content_headers.emplace_back(std::string(name), std::string(*v));
  }
  return a;
}

std::string quoted_etag(std::string_view etag) { return "\"" + std::string(etag) + "\""; }

unsigned query_number(const obs_request& r, std::string_view name, unsigned fallback, unsigned clamp_to) {
  if (!r.has_query(name)) return fallback;
  const auto text = r.query(name);
  unsigned long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
    throw obs_failure("InvalidArgument", "Provided " + std::string(name) + " not an integer or within integer range",
                      {{"ArgumentName", std::string(name)}, {"ArgumentValue", std::string(text)}});
  return static_cast<unsigned>(std::min<unsigned long long>(value, clamp_to));
}

bool url_encoding_requested(const obs_request& r) {
  if (!r.has_query("encoding-type")) return false;
  if (r.query("encoding-type") != "url")
    throw obs_failure("InvalidArgument", "Invalid Encoding Method specified in Request",
                      {{"ArgumentName", "encoding-type"}});
  return true;
}

std::string listed(std::string_view text, bool url_encoded) {
  return url_encoded ? http::uri_encode(text, /*keep_slash=*/true) : std::string(text);
}

void write_owner(xml_writer& w, const obs_service& s, std::string_view element) {
  w.open(element);
  w.element("ID", s.owner_id);
  w.element("DisplayName", s.owner_name);
  w.close(element);
}

} // namespace modelarts::emulator
