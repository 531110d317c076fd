// A throw-away certificate authority and the server certificates it signs,
// made at start so that no key ever sits in the repository.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace modelarts::emulator {

struct issued_certificate {
  std::string certificate_pem; ///< signed by the CA
  std::string private_key_pem; ///< kept in memory only
};

/// EC P-256 keys. Certificates are valid from a day ago (so a client's clock
/// a little behind still accepts them) for 30 days. Methods throw
/// std::runtime_error when OpenSSL fails. Safe to use from several threads.
class certificate_authority {
public:
  certificate_authority();
  ~certificate_authority();
  certificate_authority(const certificate_authority&) = delete;
  certificate_authority& operator=(const certificate_authority&) = delete;

  /// What a client trusts (written to ca.pem).
  [[nodiscard]] const std::string& certificate_pem() const;
  /// A server certificate whose subjectAltName lists `names`, each as an IP
  /// address when it parses as one, else as a DNS name (wildcards such as
  /// `*.example.com` are written as given).
  [[nodiscard]] issued_certificate issue(const std::vector<std::string>& names) const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace modelarts::emulator
