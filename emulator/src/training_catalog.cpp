// Data taken from the ModelArts REST examples (flavors and engines responses);
// the GPU and Ascend flavors are added in the same shape so that filtering by
// flavor_type has something to tell apart.
#include "training_catalog.hpp"

namespace modelarts::emulator {

std::string_view training_flavors_json() {
  return R"json({
  "total_count": 4,
  "flavors": [
    {
      "flavor_id": "modelarts.vm.cpu.2u",
      "flavor_name": "Computing CPU(2U) instance",
      "flavor_type": "CPU",
      "billing": { "code": "modelarts.vm.cpu.2u", "unit_num": 1 },
      "flavor_info": {
        "max_num": 1,
        "cpu": { "arch": "x86", "core_num": 2 },
        "memory": { "size": 8, "unit": "GB" },
        "disk": { "size": 50, "unit": "GB" }
      }
    },
    {
      "flavor_id": "modelarts.vm.cpu.8u",
      "flavor_name": "Computing CPU(8U) instance",
      "flavor_type": "CPU",
      "billing": { "code": "modelarts.vm.cpu.8u", "unit_num": 1 },
      "flavor_info": {
        "max_num": 16,
        "cpu": { "arch": "x86", "core_num": 8 },
        "memory": { "size": 32, "unit": "GB" },
        "disk": { "size": 50, "unit": "GB" }
      }
    },
    {
      "flavor_id": "modelarts.p3.large.public",
      "flavor_name": "GPU: 1*NVIDIA-V100(32GB) | CPU: 8 vCPUs 64GB",
      "flavor_type": "GPU",
      "billing": { "code": "modelarts.vm.gpu.v100", "unit_num": 1 },
      "flavor_info": {
        "max_num": 8,
        "cpu": { "arch": "x86", "core_num": 8 },
        "gpu": { "unit_num": 1, "product_name": "NVIDIA-V100", "memory": "32GB" },
        "memory": { "size": 64, "unit": "GB" },
        "disk": { "size": 800, "unit": "GB" }
      }
    },
    {
      "flavor_id": "modelarts.kat1.xlarge",
      "flavor_name": "Ascend: 1*Ascend-910(32GB) | ARM: 24 vCPUs 96GB",
      "flavor_type": "Ascend",
      "billing": { "code": "modelarts.vm.ascend.a910", "unit_num": 1 },
      "flavor_info": {
        "max_num": 8,
        "cpu": { "arch": "aarch64", "core_num": 24 },
        "npu": { "unit_num": "1", "product_name": "Ascend-910", "memory": "32GB" },
        "memory": { "size": 96, "unit": "GB" },
        "disk": { "size": 750, "unit": "GB" }
      }
    }
  ]
})json";
}

std::string_view training_engines_json() {
  return R"json({
  "total": 3,
  "items": [
    {
      "engine_id": "mindspore_1.6.0-cann_5.0.3.6-py_3.7-euler_2.8.3-aarch64",
      "engine_name": "Ascend-Powered-Engine",
      "engine_version": "mindspore_1.6.0-cann_5.0.3.6-py_3.7-euler_2.8.3-aarch64",
      "v1_compatible": false,
      "run_user": "1000",
      "image_info": {
        "cpu_image_url": "",
        "gpu_image_url": "atelier/mindspore_1_6_0:train",
        "image_version": "mindspore_1.6.0-cann_5.0.3.6-py_3.7-euler_2.8.3-aarch64-snt9-roma-20211231193205-33131ee"
      }
    },
    {
      "engine_id": "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64",
      "engine_name": "PyTorch",
      "engine_version": "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64",
      "tags": [ { "key": "auto_search", "value": "True" } ],
      "v1_compatible": false,
      "run_user": "1102",
      "image_info": {
        "cpu_image_url": "aip/pytorch_1_8:train",
        "gpu_image_url": "aip/pytorch_1_8:train",
        "image_version": "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20210912152543-1e0838d"
      }
    },
    {
      "engine_id": "tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64",
      "engine_name": "TensorFlow",
      "engine_version": "tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64",
      "tags": [ { "key": "auto_search", "value": "True" } ],
      "v1_compatible": false,
      "run_user": "1102",
      "image_info": {
        "cpu_image_url": "aip/tensorflow_2_1:train",
        "gpu_image_url": "aip/tensorflow_2_1:train",
        "image_version": "tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64-20210912152543-1e0838d"
      }
    }
  ]
})json";
}

} // namespace modelarts::emulator
