// Everything a user of the SDK needs, in one include.
#pragma once

#include <modelarts/authorization.hpp>
#include <modelarts/client.hpp>
#include <modelarts/config.hpp>
#include <modelarts/credentials.hpp>
#include <modelarts/error.hpp>
#include <modelarts/inference/predictor.hpp>
#include <modelarts/models/model.hpp>
#include <modelarts/models/model_client.hpp>
#include <modelarts/models/model_package.hpp>
#include <modelarts/models/model_rules.hpp>
#include <modelarts/obs/obs_client.hpp>
#include <modelarts/obs/obs_types.hpp>
#include <modelarts/obs/transfer.hpp>
#include <modelarts/services/service.hpp>
#include <modelarts/services/service_client.hpp>
#include <modelarts/training/algorithm.hpp>
#include <modelarts/training/estimator.hpp>
#include <modelarts/training/flavors.hpp>
#include <modelarts/training/job.hpp>
#include <modelarts/training/logs.hpp>
#include <modelarts/training/training_client.hpp>
#include <modelarts/training/v1/job_status.hpp>
#include <modelarts/training/v1/training_client.hpp>
#include <modelarts/training/v1/types.hpp>
#include <modelarts/wait_policy.hpp>
