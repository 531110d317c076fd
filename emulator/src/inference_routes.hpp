// A toy inference endpoint for running real-time services, at their access
// address `/v1/infers/{service_id}[/any/path]` (POST, ModelArts
// authentication). Its answers are deterministic functions of the input, so
// tests can check them:
//   application/json {"inputs": …}  -> {"service_id", "path", "sum": sum of
//        every number in "inputs" (nested arrays included), "count": how many}
//   multipart/form-data             -> {"service_id", "path", "files": [{"field",
//        "filename", "content_type", "size", "md5" (hex)}], "fields": {name: value}}
// 404 ModelArts.3502 for an unknown (or batch) service, 503 ModelArts.3505
// when it is not running (deploying, stopped, failed…), 400 ModelArts.3501
// for a body it cannot read.
#pragma once

#include "emulator_state.hpp"
#include "router.hpp"

#include <memory>

namespace modelarts::emulator {

void add_inference_routes(router& routes, emulator_state& state, std::shared_ptr<service_store> services);

} // namespace modelarts::emulator
