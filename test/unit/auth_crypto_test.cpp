// Hashes, MACs and encodings against published vectors.
#include "auth/crypto.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

namespace auth = modelarts::auth;

namespace {
std::string hex(const std::string& raw) { return auth::hex_lower(raw); }
} // namespace

BOOST_AUTO_TEST_CASE(sha256_of_known_inputs) {
  BOOST_TEST(auth::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(auth::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(auth::sha256("abc").size() == 32u);
}

BOOST_AUTO_TEST_CASE(md5_of_known_inputs) {
  BOOST_TEST(hex(auth::md5("abc")) == "900150983cd24fb0d6963f7d28e17f72");
  BOOST_TEST(hex(auth::md5("")) == "d41d8cd98f00b204e9800998ecf8427e");
  // Content-MD5 as OBS wants it.
  BOOST_TEST(auth::base64(auth::md5("abc")) == "kAFQmDzST7DWlj99KOF/cg==");
}

BOOST_AUTO_TEST_CASE(hmac_sha256_rfc4231) {
  const std::string key_1(20, '\x0b');
  BOOST_TEST(hex(auth::hmac_sha256(key_1, "Hi There")) ==
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  BOOST_TEST(hex(auth::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Case 6: a key longer than the block size is hashed first.
  const std::string key_6(131, '\xaa');
  BOOST_TEST(hex(auth::hmac_sha256(key_6, "Test Using Larger Than Block-Size Key - Hash Key First")) ==
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

BOOST_AUTO_TEST_CASE(hmac_sha1_rfc2202) {
  const std::string key_1(20, '\x0b');
  BOOST_TEST(hex(auth::hmac_sha1(key_1, "Hi There")) == "b617318655057264e28bc0b6fb378c8ef146be00");
  BOOST_TEST(hex(auth::hmac_sha1("Jefe", "what do ya want for nothing?")) ==
             "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

BOOST_AUTO_TEST_CASE(hmac_with_an_empty_key) {
  BOOST_TEST(hex(auth::hmac_sha256("", "")) ==
             "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  BOOST_TEST(hex(auth::hmac_sha1("", "")) == "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
}

BOOST_AUTO_TEST_CASE(incremental_digest_matches_one_shot) {
  const std::string data = "The quick brown fox jumps over the lazy dog";
  auth::digest s(auth::digest::algorithm::sha256);
  auth::digest m(auth::digest::algorithm::md5);
  for (std::size_t i = 0; i < data.size(); i += 7) {
    s.update(std::string_view(data).substr(i, 7));
    m.update(std::string_view(data).substr(i, 7));
  }
  BOOST_TEST(s.finish() == auth::sha256(data));
  BOOST_TEST(hex(m.finish()) == "9e107d9d372bb6826bd81d3542a419d6");
}

BOOST_AUTO_TEST_CASE(digest_of_nothing_and_after_move) {
  auth::digest d(auth::digest::algorithm::sha256);
  auth::digest moved(std::move(d));
  BOOST_TEST(hex(moved.finish()) == auth::sha256_hex(""));
}

BOOST_AUTO_TEST_CASE(digest_cannot_be_used_after_finish) {
  auth::digest d(auth::digest::algorithm::md5);
  d.update("abc");
  (void)d.finish();
  BOOST_CHECK_THROW(d.update("x"), std::logic_error);
  BOOST_CHECK_THROW((void)d.finish(), std::logic_error);
}

BOOST_AUTO_TEST_CASE(hex_lower_of_every_nibble) {
  BOOST_TEST(auth::hex_lower(std::string("\x01\x23\x45\x67\x89\xab\xcd\xef", 8)) == "0123456789abcdef");
  BOOST_TEST(auth::hex_lower("").empty());
}

BOOST_AUTO_TEST_CASE(base64_rfc4648_vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},          {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    BOOST_TEST(auth::base64(plain) == encoded);
    BOOST_TEST(auth::base64_decode(encoded) == plain);
  }
}

BOOST_AUTO_TEST_CASE(base64_round_trips_every_byte_and_length) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 1 + n / 16) {
    const auto sample = all.substr(all.size() - n);
    BOOST_TEST(auth::base64_decode(auth::base64(sample)) == sample);
  }
  BOOST_TEST(auth::base64(std::string(3, '\xff')) == "////");
  BOOST_TEST(auth::base64(std::string("\xfb\xef", 2)) == "++8=");
}

BOOST_AUTO_TEST_CASE(base64_decode_rejects_malformed_input) {
  const char* bad[] = {"Zg=", "Z", "Zg==Zg==", "Z===", "====", "Zh==", "Zm9=", "@@@@", "Zm9v\n",
                       "Zm 9", "Zm9v-_==", "Zg=a"};
  for (const char* text : bad) BOOST_CHECK_THROW(auth::base64_decode(text), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(random_bytes_fill_the_buffer_differently_each_time) {
  unsigned char a[32] = {};
  unsigned char b[32] = {};
  auth::random_bytes(a, sizeof a);
  auth::random_bytes(b, sizeof b);
  BOOST_TEST(std::string(reinterpret_cast<char*>(a), 32) != std::string(reinterpret_cast<char*>(b), 32));
  auth::random_bytes(nullptr, 0); // nothing to fill is fine
}

BOOST_AUTO_TEST_CASE(a_precomputed_hmac_key_gives_the_same_mac_as_the_one_shot_hmac) {
  using modelarts::auth::hmac_sha256;
  using modelarts::auth::hmac_sha256_key;
  const std::string long_key(131, '\xaa'); // longer than a block: hashed first (RFC 4231 case 6)
  for (const std::string& key : {std::string("key"), std::string(), std::string(64, 'k'), long_key}) {
    const hmac_sha256_key precomputed(key);
    for (const std::string& message : {std::string(), std::string("The quick brown fox"), std::string(1000, 'm')}) {
      BOOST_TEST(precomputed.sign(message) == hmac_sha256(key, message));
    }
  }
  BOOST_TEST(modelarts::auth::hex_lower(hmac_sha256_key(long_key).sign(
                 "Test Using Larger Than Block-Size Key - Hash Key First")) ==
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}
