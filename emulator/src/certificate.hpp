// A throw-away certificate authority and server certificate, made at start so
// that no key ever sits in the repository.
#pragma once

#include <string>
#include <vector>

namespace modelarts::emulator {

struct generated_certificates {
  std::string ca_certificate_pem;     ///< what a client trusts (written to ca.pem)
  std::string server_certificate_pem; ///< signed by the CA
  std::string server_key_pem;         ///< kept in memory only
};

/// EC P-256 keys; the server certificate's subjectAltName lists `names`, each
/// as an IP address when it parses as one, else as a DNS name. Valid from a
/// day ago (so a client's clock a little behind still accepts it) for 30 days.
/// Throws std::runtime_error when OpenSSL fails.
generated_certificates generate_certificates(const std::vector<std::string>& names);

} // namespace modelarts::emulator
