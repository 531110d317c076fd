// md5_many against OpenSSL's MD5, for every engine this CPU has.
#include "auth/crypto.hpp"
#include "auth/md5_many.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace auth = modelarts::auth;

namespace {

constexpr auth::md5_engine all_engines[] = {auth::md5_engine::scalar, auth::md5_engine::avx2,
                                            auth::md5_engine::avx512};

std::string hex(const auth::md5_bytes& d) {
  return auth::hex_lower(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

std::string random_text(std::mt19937_64& rng, std::size_t size) {
  std::string s(size, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

/// Hashes `texts` with `engine` and checks every digest against auth::md5.
/// Each message is copied into a buffer of exactly its size, so that a read
/// past a message's end is an out-of-bounds read for the sanitizers.
void check_engine(auth::md5_engine engine, const std::vector<std::string>& texts) {
  std::vector<std::unique_ptr<char[]>> exact;
  std::vector<std::string_view> messages;
  for (const std::string& t : texts) {
    exact.push_back(std::make_unique<char[]>(t.size()));
    std::copy(t.begin(), t.end(), exact.back().get());
    messages.emplace_back(exact.back().get(), t.size());
  }
  std::vector<auth::md5_bytes> out(messages.size());
  auth::md5_many(messages, out, engine);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    BOOST_TEST_CONTEXT("engine " << auth::name(engine) << ", message " << i << " of " << texts.size() << ", "
                                 << texts[i].size() << " bytes") {
      BOOST_TEST(hex(out[i]) == auth::hex_lower(auth::md5(texts[i])));
    }
  }
}

/// Runs check_engine for every engine; an engine this CPU lacks is skipped
/// with a message.
void check_all_engines(const std::vector<std::string>& texts) {
  for (const auth::md5_engine engine : all_engines) {
    if (!auth::md5_engine_available(engine)) {
      BOOST_TEST_MESSAGE("engine " << auth::name(engine) << " not available on this CPU: skipped");
      continue;
    }
    check_engine(engine, texts);
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(rfc1321_vectors_in_one_call) {
  const std::vector<std::string> texts = {
      "", "a", "abc", "message digest", "abcdefghijklmnopqrstuvwxyz",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890"};
  const std::vector<std::string> expected = {
      "d41d8cd98f00b204e9800998ecf8427e", "0cc175b9c0f1b6a831c399e269772661", "900150983cd24fb0d6963f7d28e17f72",
      "f96b697d7cb7938d525a2f31aaf161d0", "c3fcd3d76192e4007dfb496cca67e13b", "d174ab98d277d9f5a5611c2c9f419d9f",
      "57edf4a22be3c955ac49da2e2107b67a"};
  for (const auth::md5_engine engine : all_engines) {
    if (!auth::md5_engine_available(engine)) {
      BOOST_TEST_MESSAGE("engine " << auth::name(engine) << " not available on this CPU: skipped");
      continue;
    }
    std::vector<std::string_view> messages(texts.begin(), texts.end());
    std::vector<auth::md5_bytes> out(messages.size());
    auth::md5_many(messages, out, engine);
    for (std::size_t i = 0; i < texts.size(); ++i) BOOST_TEST(hex(out[i]) == expected[i]);
  }
}

BOOST_AUTO_TEST_CASE(every_length_from_0_to_300) {
  std::mt19937_64 rng(1);
  std::vector<std::string> texts;
  for (std::size_t n = 0; n <= 300; ++n) texts.push_back(random_text(rng, n));
  check_all_engines(texts);
}

BOOST_AUTO_TEST_CASE(lengths_around_block_and_padding_boundaries_in_many_counts) {
  const std::size_t boundaries[] = {0,   1,   55,  56,  57,  63,  64,  65,  119, 120, 121, 127, 128,
                                    129, 183, 184, 191, 192, 255, 256, 1023, 1024, 1025, 4095, 4096};
  std::mt19937_64 rng(2);
  for (const std::size_t count : {1u, 3u, 8u, 16u, 17u, 40u}) {
    BOOST_TEST_CONTEXT("count " << count) {
      std::vector<std::string> texts;
      for (std::size_t i = 0; i < count; ++i)
        texts.push_back(random_text(rng, boundaries[rng() % std::size(boundaries)]));
      check_all_engines(texts);
    }
  }
}

BOOST_AUTO_TEST_CASE(mixed_random_lengths_in_many_counts) {
  std::mt19937_64 rng(3);
  for (const std::size_t count : {1u, 3u, 8u, 16u, 17u, 40u}) {
    BOOST_TEST_CONTEXT("count " << count) {
      std::vector<std::string> texts;
      for (std::size_t i = 0; i < count; ++i) texts.push_back(random_text(rng, rng() % 5000));
      check_all_engines(texts);
    }
  }
}

BOOST_AUTO_TEST_CASE(messages_of_several_mib_with_short_ones_between) {
  std::mt19937_64 rng(4);
  const std::vector<std::string> texts = {random_text(rng, 3 * 1024 * 1024 + 17), random_text(rng, 10),
                                          random_text(rng, 2 * 1024 * 1024), random_text(rng, 5 * 1024 * 1024 - 1),
                                          random_text(rng, 64), random_text(rng, 1024 * 1024 + 56)};
  check_all_engines(texts);
}

BOOST_AUTO_TEST_CASE(equal_lengths_as_in_an_upload) {
  // The multipart upload's case: parts of one size, then a shorter last part.
  std::mt19937_64 rng(5);
  for (const std::size_t count : {2u, 8u, 16u, 17u}) {
    BOOST_TEST_CONTEXT("count " << count) {
      std::vector<std::string> texts;
      for (std::size_t i = 0; i < count; ++i) texts.push_back(random_text(rng, 1024 * 1024));
      check_all_engines(texts);
      texts.back().resize(300 * 1024 + 7);
      check_all_engines(texts);
    }
  }
}

BOOST_AUTO_TEST_CASE(no_messages_is_nothing_to_do) {
  for (const auth::md5_engine engine : all_engines) {
    if (!auth::md5_engine_available(engine)) continue;
    std::vector<auth::md5_bytes> out;
    BOOST_CHECK_NO_THROW(auth::md5_many({}, out, engine));
  }
}

BOOST_AUTO_TEST_CASE(output_count_must_match_message_count) {
  const std::string_view messages[] = {"a", "b"};
  std::vector<auth::md5_bytes> out(1);
  BOOST_CHECK_THROW(auth::md5_many(messages, out), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(best_engine_is_available_and_named) {
  BOOST_TEST(auth::md5_engine_available(auth::best_md5_engine()));
  BOOST_TEST(auth::md5_engine_available(auth::md5_engine::scalar));
  BOOST_TEST(auth::name(auth::md5_engine::scalar) == "scalar");
  BOOST_TEST(auth::name(auth::md5_engine::avx2) == "avx2");
  BOOST_TEST(auth::name(auth::md5_engine::avx512) == "avx512");
  BOOST_TEST_MESSAGE("best MD5 engine here: " << auth::name(auth::best_md5_engine()));
}
