// Authentication of OBS requests by one of options.keys:
//   Authorization: OBS ak:sig      OBS V2 (x-obs- headers)
//   Authorization: AWS ak:sig      AWS V2 (x-amz- headers)
//   Authorization: AWS4-HMAC-SHA256 Credential=...   SigV4, service s3, the
//                                  emulator's region
//   ?AccessKeyId|AWSAccessKeyId=&Expires=&Signature=   presigned V2
//   ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=...  presigned V4
// The signatures are computed with the SDK's own pieces (auth/signer.hpp).
// SigV4's x-amz-content-sha256, when a hash, is checked against the body as
// it streams in (obs_request::payload_sha256); UNSIGNED-PAYLOAD, no header
// (curl 7.88 signs the empty body's hash without sending it) and the empty
// body's hash on a body (OBS's Python SDK sends it for every request; OBS
// accepts it) are not checked; aws-chunked (STREAMING-*) is 501.
// V2 signatures cover the path as it was on the wire (and, failing that,
// its canonical re-encoding). Refusals are 403 SignatureDoesNotMatch,
// InvalidAccessKeyId, RequestTimeTooSkewed (the emulator's clock),
// AccessDenied (no credentials, expired URL), 400 AuthorizationHeaderMalformed
// or InvalidArgument; each counts in stats::auth_failures.
#pragma once

#include "emulator_state.hpp"
#include "obs_answer.hpp"

namespace modelarts::emulator {

/// Sets request.dialect (and request.payload_sha256 for SigV4 with a
/// declared hash) when the request is authentic; throws obs_failure when not.
void authenticate_obs(emulator_state& state, obs_request& request);

} // namespace modelarts::emulator
