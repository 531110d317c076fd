// Everything a user of the SDK needs, in one include.
#pragma once

#include <modelarts/client.hpp>
#include <modelarts/config.hpp>
#include <modelarts/credentials.hpp>
#include <modelarts/error.hpp>
#include <modelarts/models/model_client.hpp>
#include <modelarts/services/service_client.hpp>
#include <modelarts/training/v1/training_client.hpp>
#include <modelarts/wait_policy.hpp>
#include <modelarts/training/flavors.hpp>
#include <modelarts/training/training_client.hpp>
#include <modelarts/obs/obs_client.hpp>
#include <modelarts/obs/obs_types.hpp>
#include <modelarts/obs/transfer.hpp>
