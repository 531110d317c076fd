// Our side: modelarts::inference::predictor::predict(json), many coroutines
// on one io_context thread sharing the client's connection pool.
#pragma once

#include "prediction_work.hpp"

#include <modelarts/inference/predictor.hpp>

#include <boost/asio/io_context.hpp>

namespace modelarts::bench {

/// Runs the warm-up, then the measured predictions, `shape.inflight`
/// coroutines at a time, on `io` (run on the calling thread). The client
/// behind `predictor` is expected to cap its pool at `shape.connections`.
run_result run_sdk_predictions(boost::asio::io_context& io, const inference::predictor& predictor,
                               const load_shape& shape);

} // namespace modelarts::bench
