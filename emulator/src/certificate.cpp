#include "certificate.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <memory>
#include <stdexcept>

namespace modelarts::emulator {

namespace {

struct openssl_free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, openssl_free>;
using cert_ptr = std::unique_ptr<X509, openssl_free>;

[[noreturn]] void fail(const char* what) {
  const unsigned long code = ERR_get_error();
  char detail[256] = "";
  if (code != 0) ERR_error_string_n(code, detail, sizeof detail);
  ERR_clear_error();
  throw std::runtime_error(std::string("certificate generation: ") + what + (code ? ": " : "") + detail);
}

void check(int ok, const char* what) {
  if (ok != 1) fail(what);
}

key_ptr make_p256_key() {
  // EVP_EC_gen spelled out: the macro hides a C-style cast.
  key_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) fail("EVP_PKEY_Q_keygen");
  return key;
}

bool is_ip_address(const std::string& name) {
  unsigned char buf[16];
  return inet_pton(AF_INET, name.c_str(), buf) == 1 || inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, openssl_free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext) fail("X509V3_EXT_conf_nid");
  check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

/// A certificate for `subject_key`, named `common_name`, not yet signed.
cert_ptr new_certificate(EVP_PKEY* subject_key, const char* common_name) {
  cert_ptr cert(X509_new());
  if (!cert) fail("X509_new");
  check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");
  // A random 127-bit serial: two runs never issue the same serial, which
  // clients that cache certificates by issuer and serial would trip on.
  std::unique_ptr<BIGNUM, openssl_free> serial(BN_new());
  if (!serial) fail("BN_new");
  check(BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY), "BN_rand");
  if (!BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) fail("BN_to_ASN1_INTEGER");
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 3600)) fail("notBefore");
  if (!X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600)) fail("notAfter");
  check(X509_set_pubkey(cert.get(), subject_key), "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("modelarts-emulator"), -1, -1, 0),
        "subject O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0),
        "subject CN");
  return cert;
}

std::string to_pem(X509* cert) {
  std::unique_ptr<BIO, openssl_free> bio(BIO_new(BIO_s_mem()));
  if (!bio) fail("BIO_new");
  check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string to_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, openssl_free> bio(BIO_new(BIO_s_mem()));
  if (!bio) fail("BIO_new");
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
        "PEM_write_bio_PrivateKey");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

} // namespace

struct certificate_authority::impl {
  key_ptr key;
  cert_ptr certificate;
  std::string certificate_pem;
};

certificate_authority::certificate_authority() : impl_(std::make_unique<impl>()) {
  impl_->key = make_p256_key();
  impl_->certificate = new_certificate(impl_->key.get(), "modelarts-emulator test CA");
  X509* ca = impl_->certificate.get();
  check(X509_set_issuer_name(ca, X509_get_subject_name(ca)), "CA issuer");
  add_extension(ca, ca, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca, ca, NID_subject_key_identifier, "hash");
  if (X509_sign(ca, impl_->key.get(), EVP_sha256()) <= 0) fail("X509_sign CA");
  impl_->certificate_pem = to_pem(ca);
}

certificate_authority::~certificate_authority() = default;

const std::string& certificate_authority::certificate_pem() const { return impl_->certificate_pem; }

issued_certificate certificate_authority::issue(const std::vector<std::string>& names) const {
  if (names.empty()) throw std::invalid_argument("certificate generation: no names given");
  X509* ca = impl_->certificate.get();
  const key_ptr server_key = make_p256_key();
  // A common name is at most 64 characters; clients check the SAN anyway.
  const std::string common_name = names.front().size() <= 64 ? names.front() : "modelarts-emulator";
  const cert_ptr server = new_certificate(server_key.get(), common_name.c_str());
  check(X509_set_issuer_name(server.get(), X509_get_subject_name(ca)), "server issuer");
  std::string alt_names;
  for (const auto& n : names) {
    // The SAN list is OpenSSL config syntax: a comma would start another entry.
    if (n.empty() || n.find_first_of(",\r\n") != std::string::npos)
      throw std::invalid_argument("certificate generation: a name is empty or has a comma");
    if (!alt_names.empty()) alt_names += ',';
    alt_names += (is_ip_address(n) ? "IP:" : "DNS:") + n;
  }
  add_extension(server.get(), ca, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(server.get(), ca, NID_key_usage, "critical,digitalSignature");
  add_extension(server.get(), ca, NID_ext_key_usage, "serverAuth");
  add_extension(server.get(), ca, NID_subject_alt_name, alt_names);
  add_extension(server.get(), ca, NID_subject_key_identifier, "hash");
  add_extension(server.get(), ca, NID_authority_key_identifier, "keyid:always");
  // EVP_PKEY signing with a shared key is safe across threads in OpenSSL 3.
  if (X509_sign(server.get(), impl_->key.get(), EVP_sha256()) <= 0) fail("X509_sign server");
  return {to_pem(server.get()), to_pem(server_key.get())};
}

} // namespace modelarts::emulator
