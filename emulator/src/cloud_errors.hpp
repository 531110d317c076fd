// Answers in the formats the cloud's services use, so that a client's error
// parsing is exercised against the real shapes.
//
// Codes the emulator uses (its own choices where the cloud's are unknown):
//   APIG.0100       400  malformed HTTP request (emulator's choice)
//   APIG.0101       404  no route for the method and path
//   APIG.0201       403  X-Sdk-Date too far from the server's clock
//   APIG.0301       401  missing, unknown or wrong credentials or signature
//   APIG.0307       401  token expired or revoked (fetch a new one)
//   APIG.0308       429  default code of an injected 429
//   ModelArts.0001       default code of other injected errors, and of a
//                   500 when a handler throws
//   ModelArts.0104  404  project id in the path is not the emulator's project
//   IAM nested form      {"error":{"code":N,"message":...,"title":...}} under /v3/
#pragma once

#include "core/http_message.hpp"

#include <string>
#include <string_view>

namespace modelarts::emulator {

/// A JSON answer (Content-Type `application/json;charset=UTF-8`).
http::response json_response(unsigned status, std::string body);
/// APIG/ModelArts form: `{"error_code":"...","error_msg":"..."}`.
http::response apig_error(unsigned status, std::string_view error_code, std::string_view error_msg);
/// IAM form: `{"error":{"code":401,"message":"...","title":"Unauthorized"}}`.
http::response iam_error(unsigned status, std::string_view message);

struct fault;

/// The error answer of a fault with a status: IAM's form under /v3/, else
/// APIG's with the fault's error_code (default APIG.0308 for 429,
/// ModelArts.0001 otherwise), plus `Retry-After` when the fault sets it.
http::response injected_error(const fault& f, const http::request& req);

} // namespace modelarts::emulator
