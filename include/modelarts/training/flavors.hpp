// Training resource flavors and engines (`/v2/{project_id}/training-job-flavors`,
// `/v2/{project_id}/training-job-engines`).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace modelarts::training {

struct quantity {
  double size = 0;
  std::string unit; ///< "GB"
};

struct flavor_info {
  int max_num = 0;        ///< most nodes a job may use with this flavor
  std::string cpu_arch;   ///< "x86", "arm"
  int cpu_core_num = 0;
  std::string gpu_type;   ///< empty without GPU
  int gpu_unit_num = 0;
  std::string npu_type;   ///< empty without NPU
  int npu_unit_num = 0;
  std::optional<quantity> memory;
  std::optional<quantity> disk;
};

struct flavor {
  std::string flavor_id;   ///< what a training job's `flavor_id` takes: `modelarts.vm.cpu.8u`
  std::string flavor_name;
  std::string flavor_type; ///< CPU, GPU, Ascend
  std::string billing_code;
  int billing_unit_num = 0;
  flavor_info info;
  boost::json::object extra; ///< fields this SDK does not know yet
};

struct engine_tag {
  std::string key;
  std::string value;
};

struct engine {
  std::string engine_id;
  std::string engine_name;    ///< "PyTorch", "TensorFlow", "Ascend-Powered-Engine"
  std::string engine_version;
  bool v1_compatible = false;
  std::string run_user;
  std::vector<engine_tag> tags;
  std::string cpu_image_url;
  std::string gpu_image_url;
  std::string image_version;
  boost::json::object extra;
};

} // namespace modelarts::training
