#include "curl_predict_run.hpp"

#include <curl/curl.h>

#include <boost/json/serialize.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>

namespace modelarts::bench {
namespace {

using steady = std::chrono::steady_clock;

struct multi_deleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct easy_deleter {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct slist_deleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::size_t keep_body(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

template <class Option, class Value>
void set(CURL* easy, Option option, Value value) {
  if (const auto rc = curl_easy_setopt(easy, option, value); rc != CURLE_OK)
    throw std::runtime_error(std::string("curl_easy_setopt: ") + curl_easy_strerror(rc));
}

/// One easy handle, reused from request to request so that curl keeps its
/// connection cache and TLS session warm, as a real client would.
struct transfer {
  std::unique_ptr<CURL, easy_deleter> easy{curl_easy_init()};
  std::string request_body;
  std::string answer;
  std::size_t index = 0;
  steady::time_point started;
};

class driver {
public:
  driver(const curl_target& target, const load_shape& shape) : target_(target) {
    multi_.reset(curl_multi_init());
    if (!multi_) throw std::runtime_error("curl_multi_init failed");
    const auto max = static_cast<long>(shape.connections);
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, max);
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, max);
    // The connection cache otherwise shrinks to 4 × the handles still added,
    // closing connections as a batch's last transfers are removed.
    curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, max);

    // The same header fields for every request: the token, the body's type,
    // no `Expect: 100-continue` (the bodies are small; curl would only add
    // it past 1 KiB) and none of curl's default `Accept: */*`.
    curl_slist* list = nullptr;
    const std::string token_line = "X-Auth-Token: " + target_.token;
    for (const char* line : {token_line.c_str(), "Content-Type: application/json", "Expect:", "Accept:"}) {
      curl_slist* appended = curl_slist_append(list, line);
      if (appended == nullptr) {
        curl_slist_free_all(list);
        throw std::runtime_error("curl_slist_append failed");
      }
      list = appended;
    }
    headers_.reset(list);

    transfers_.resize(shape.inflight);
    for (auto& t : transfers_) {
      if (!t.easy) throw std::runtime_error("curl_easy_init failed");
      CURL* e = t.easy.get();
      set(e, CURLOPT_URL, target_.url.c_str());
      set(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
      set(e, CURLOPT_CAINFO, target_.ca_file.c_str());
      set(e, CURLOPT_SSL_VERIFYPEER, 1L);
      set(e, CURLOPT_SSL_VERIFYHOST, 2L);
      set(e, CURLOPT_NOSIGNAL, 1L);
      set(e, CURLOPT_TCP_NODELAY, 1L);
      set(e, CURLOPT_POST, 1L);
      set(e, CURLOPT_HTTPHEADER, headers_.get());
      set(e, CURLOPT_WRITEFUNCTION, &keep_body);
      set(e, CURLOPT_WRITEDATA, &t.answer);
      set(e, CURLOPT_PRIVATE, &t);
    }
  }

  /// Sends `requests` predictions, `inflight` at a time; latencies go to
  /// `latencies` (slot per prediction number) unless null. Returns the wall time.
  double run(std::size_t requests, run_result& out, std::vector<double>* latencies) {
    next_ = 0;
    total_ = requests;
    const auto started = steady::now();
    std::size_t active = 0;
    for (auto& t : transfers_) {
      if (!launch(t)) break;
      ++active;
    }
    while (active > 0) {
      int running = 0;
      if (const auto rc = curl_multi_perform(multi_.get(), &running); rc != CURLM_OK)
        throw std::runtime_error(std::string("curl_multi_perform: ") + curl_multi_strerror(rc));
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        finish(*t, msg->data.result, out, latencies);
        curl_multi_remove_handle(multi_.get(), msg->easy_handle);
        if (!launch(*t)) --active;
      }
      // curl shortens the wait to its own timers; the cap only bounds a stall
      // should curl ever miss one.
      if (active > 0) curl_multi_poll(multi_.get(), nullptr, 0, 100, nullptr);
    }
    return std::chrono::duration<double>(steady::now() - started).count();
  }

private:
  bool launch(transfer& t) {
    if (next_ >= total_) return false;
    t.index = next_++;
    t.started = steady::now();
    t.request_body = boost::json::serialize(prediction_input(t.index));
    t.answer.clear();
    set(t.easy.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(t.request_body.size()));
    set(t.easy.get(), CURLOPT_POSTFIELDS, t.request_body.c_str());
    if (const auto rc = curl_multi_add_handle(multi_.get(), t.easy.get()); rc != CURLM_OK)
      throw std::runtime_error(std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc));
    return true;
  }

  static void finish(transfer& t, CURLcode rc, run_result& out, std::vector<double>* latencies) {
    std::string failure;
    if (rc != CURLE_OK) {
      failure = curl_easy_strerror(rc);
    } else {
      long status = 0;
      curl_easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &status);
      if (status != 200) failure = "HTTP status " + std::to_string(status);
      else failure = check_answer_text(t.answer, t.index);
    }
    if (!failure.empty()) out.fail(std::move(failure));
    if (latencies != nullptr)
      (*latencies)[t.index] = std::chrono::duration<double, std::milli>(steady::now() - t.started).count();
  }

  const curl_target& target_;
  std::unique_ptr<CURLM, multi_deleter> multi_;
  std::unique_ptr<curl_slist, slist_deleter> headers_;
  std::vector<transfer> transfers_; // never resized after construction: CURLOPT_PRIVATE points here
  std::size_t next_ = 0;
  std::size_t total_ = 0;
};

} // namespace

run_result run_curl_predictions(const curl_target& target, const load_shape& shape) {
  run_result result;
  result.side = "libcurl multi";
  result.configuration = std::to_string(shape.inflight) + " easy handles, 1 thread, max " +
                         std::to_string(shape.connections) + " connections, " +
                         curl_version_info(CURLVERSION_NOW)->version;
  driver d(target, shape);
  d.run(shape.warmup_requests, result, nullptr);
  std::vector<double> latencies(shape.requests);
  result.seconds = d.run(shape.requests, result, &latencies);
  result.latencies_ms = std::move(latencies);
  return result;
}

} // namespace modelarts::bench
