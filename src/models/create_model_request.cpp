#include "modelarts/models/model.hpp"

namespace modelarts::models {

create_model_request create_model_request::from_obs(std::string name, std::string version, std::string obs_folder,
                                                    std::string model_type) {
  create_model_request r;
  r.model_name = std::move(name);
  r.model_version = std::move(version);
  r.source_location = std::move(obs_folder);
  r.model_type = std::move(model_type);
  return r;
}

create_model_request create_model_request::from_training_job(std::string name, std::string version,
                                                             std::string job_output, std::string model_type,
                                                             std::string job_id, std::string job_version) {
  auto r = from_obs(std::move(name), std::move(version), std::move(job_output), std::move(model_type));
  r.source_job_id = std::move(job_id);
  r.source_job_version = std::move(job_version);
  return r;
}

create_model_request create_model_request::from_image(std::string name, std::string version,
                                                      std::string image_path) {
  return from_obs(std::move(name), std::move(version), std::move(image_path), "Image");
}

create_model_request create_model_request::from_local_folder(std::string name, std::string version,
                                                             std::string local_folder, std::string model_type) {
  auto r = from_obs(std::move(name), std::move(version), std::move(local_folder), std::move(model_type));
  r.location_type = source_location_type::local_source;
  return r;
}

} // namespace modelarts::models
