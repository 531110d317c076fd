// bench/md5: Content-MD5 of many in-memory parts at once.
//
// The same messages are hashed, in one run, by
//   openssl  auth::md5 (OpenSSL's EVP MD5) one message after another: the
//            baseline, what hashing each part on its own costs
//   md5_many auth::md5_many with each MD5 engine this CPU has (the best one
//            is the one the SDK uses)
// for three workloads: 8 x 8 MiB (the upload's parts in flight), 16 x 8 MiB
// and 2,000 x 64 KiB (a folder of small files). Each side's best of --rounds
// is kept (the machine is shared); every digest is checked against the
// baseline's. Ends with one `BENCH md5 …` line.
#include "auth/crypto.hpp"
#include "auth/md5_many.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace auth = modelarts::auth;
using clock_type = std::chrono::steady_clock;

struct workload {
  const char* label;
  const char* key; // in the BENCH line
  std::size_t count;
  std::size_t size;
};

constexpr workload workloads[] = {
    {"8 x 8 MiB", "8x8m", 8, 8u << 20},
    {"16 x 8 MiB", "16x8m", 16, 8u << 20},
    {"2000 x 64 KiB", "2000x64k", 2000, 64u << 10},
};

constexpr auth::md5_engine engines[] = {auth::md5_engine::avx512, auth::md5_engine::avx2,
                                        auth::md5_engine::scalar};

struct figures {
  double openssl_gbps = 0;
  double engine_gbps[std::size(engines)] = {};
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "md5: %s\nusage: md5 [--rounds N]\n", why);
  std::exit(2);
}

double gbps(std::size_t bytes, clock_type::duration took) {
  return static_cast<double>(bytes) / 1e9 / std::chrono::duration<double>(took).count();
}

template <class F> clock_type::duration timed(F&& f) {
  const auto start = clock_type::now();
  f();
  return clock_type::now() - start;
}

} // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
      rounds = std::atoi(argv[++i]);
      if (rounds < 1) usage("--rounds wants a positive number");
    } else {
      usage("unknown option");
    }
  }

  // One buffer of random bytes; each workload's messages are slices of it.
  std::size_t buffer_size = 0;
  for (const workload& w : workloads) buffer_size = std::max(buffer_size, w.count * w.size);
  std::string buffer(buffer_size, '\0');
  std::mt19937_64 rng(20261123);
  for (std::size_t i = 0; i + 8 <= buffer.size(); i += 8) {
    const std::uint64_t r = rng();
    std::memcpy(buffer.data() + i, &r, 8);
  }

  const auth::md5_engine best = auth::best_md5_engine();
  std::printf("MD5 of many messages in memory; best of %d rounds; GB/s = 10^9 bytes/s of one thread\n", rounds);
  std::printf("baseline: openssl = auth::md5 (%s, EVP MD5), one message after another\n",
              OpenSSL_version(OPENSSL_VERSION));
  std::printf("best engine on this CPU: %s\n\n", std::string(auth::name(best)).c_str());
  std::printf("%-15s %-18s %8s %12s\n", "workload", "row", "GB/s", "vs openssl");

  bool all_correct = true;
  figures results[std::size(workloads)];
  for (std::size_t wi = 0; wi < std::size(workloads); ++wi) {
    const workload& w = workloads[wi];
    std::vector<std::string_view> messages;
    for (std::size_t i = 0; i < w.count; ++i) messages.emplace_back(buffer.data() + i * w.size, w.size);
    const std::size_t bytes = w.count * w.size;

    std::vector<auth::md5_bytes> expected(w.count);
    std::vector<auth::md5_bytes> got(w.count);
    figures& f = results[wi];
    // The sides take turns within each round, so load changes spread over all.
    for (int round = 0; round < rounds; ++round) {
      const auto took = timed([&] {
        for (std::size_t i = 0; i < w.count; ++i) {
          const std::string d = auth::md5(messages[i]);
          std::memcpy(expected[i].data(), d.data(), 16);
        }
      });
      f.openssl_gbps = std::max(f.openssl_gbps, gbps(bytes, took));
      for (std::size_t e = 0; e < std::size(engines); ++e) {
        if (!auth::md5_engine_available(engines[e])) continue;
        std::fill(got.begin(), got.end(), auth::md5_bytes{});
        const auto took_many = timed([&] { auth::md5_many(messages, got, engines[e]); });
        if (got != expected) {
          std::fprintf(stderr, "md5: engine %s gave a wrong digest on %s\n",
                       std::string(auth::name(engines[e])).c_str(), w.label);
          all_correct = false;
          continue;
        }
        f.engine_gbps[e] = std::max(f.engine_gbps[e], gbps(bytes, took_many));
      }
    }
    std::printf("%-15s %-18s %8.2f %12s\n", w.label, "openssl", f.openssl_gbps, "1.00x");
    for (std::size_t e = 0; e < std::size(engines); ++e) {
      if (!auth::md5_engine_available(engines[e])) {
        std::printf("%-15s md5_many %-9s %8s %12s\n", w.label, std::string(auth::name(engines[e])).c_str(), "-",
                    "unavailable");
        continue;
      }
      std::printf("%-15s md5_many %-9s %8.2f %11.2fx%s\n", w.label, std::string(auth::name(engines[e])).c_str(),
                  f.engine_gbps[e], f.engine_gbps[e] / f.openssl_gbps, engines[e] == best ? "  (best)" : "");
    }
  }

  const auto engine_index = [](auth::md5_engine e) {
    return static_cast<std::size_t>(std::find(std::begin(engines), std::end(engines), e) - std::begin(engines));
  };
  const std::size_t b = engine_index(best);
  const std::size_t avx2 = engine_index(auth::md5_engine::avx2);
  std::printf("\nBENCH md5 engine=%s", std::string(auth::name(best)).c_str());
  for (std::size_t wi = 0; wi < std::size(workloads); ++wi) {
    const figures& f = results[wi];
    const std::string suffix = wi == 0 ? "" : std::string("_") + workloads[wi].key;
    std::printf(" ours%s_gbps=%.2f openssl%s_gbps=%.2f vs_openssl%s=%.2f", suffix.c_str(), f.engine_gbps[b],
                suffix.c_str(), f.openssl_gbps, suffix.c_str(), f.engine_gbps[b] / f.openssl_gbps);
  }
  std::printf(" avx2_vs_openssl=%.2f correct=%d\n", results[0].engine_gbps[avx2] / results[0].openssl_gbps,
              all_correct ? 1 : 0);
  return all_correct ? 0 : 1;
}
