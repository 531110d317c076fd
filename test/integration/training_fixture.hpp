// An emulator with quick training-job phases, and requests the training tests share.
#pragma once

#include "emulator_fixture.hpp"

#include <modelarts/training/estimator.hpp>
#include <modelarts/training/training_client.hpp>

#include <chrono>
#include <string>

namespace test_support {

inline modelarts::emulator::options quick_training_options() {
  modelarts::emulator::options o;
  o.phase_duration = std::chrono::milliseconds(30);
  return o;
}

struct training_fixture : emulator_fixture {
  training_fixture() : emulator_fixture(quick_training_options()) {}

  modelarts::client client = make_client();
  modelarts::training_client training = client.training();

  /// A job from code with the walkthrough's PyTorch engine, on the 8-CPU flavor.
  static modelarts::training::job_request code_job(std::string name = "test-pytorch-cpu01") {
    modelarts::training::job_request r;
    r.name = std::move(name);
    r.description = "test pytorch work cpu in mode gloo";
    r.code_dir = "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/";
    r.boot_file = "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/test-pytorch.py";
    r.engine.engine_name = "PyTorch";
    r.engine.engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
    modelarts::training::data_input in;
    in.name = "data_url";
    in.obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/data/";
    r.inputs.push_back(in);
    modelarts::training::data_output out;
    out.name = "train_url";
    out.obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/outputs/";
    r.outputs.push_back(out);
    r.flavor_id = "modelarts.vm.cpu.8u";
    r.log_export_obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/log/";
    return r;
  }

  /// A code job whose simulation ends in `outcome` (see emulator/README.md).
  static modelarts::training::job_request scripted_job(const std::string& outcome, int phase_ms = 30) {
    auto r = code_job("scripted-" + outcome);
    r.environments["EMULATOR_OUTCOME"] = outcome;
    r.environments["EMULATOR_PHASE_MS"] = std::to_string(phase_ms);
    return r;
  }

  /// Polls quickly; the deadline is generous for a loaded machine.
  static modelarts::wait_policy quick_policy(std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
    modelarts::wait_policy p(deadline);
    p.initial_interval = std::chrono::milliseconds(5);
    p.max_interval = std::chrono::milliseconds(20);
    p.backoff = 1.5;
    p.jitter = 0.1;
    return p;
  }
};

} // namespace test_support
