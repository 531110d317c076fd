// The v2 JobResponse tree and job requests in JSON.
#pragma once

#include "modelarts/training/job.hpp"

#include <boost/json/object.hpp>

namespace modelarts::training {

/// JobResponse → job. Tolerant: absent fields stay default, unknown ones go to `extra`.
job job_from_json(const boost::json::object& o);
/// job → JobResponse; job_from_json(job_to_json(j)) == j, and a body read
/// then written again compares equal to the original.
boost::json::object job_to_json(const job& j);

/// `{total, count, limit, offset, ..., items:[JobResponse]}`.
job_list job_list_from_json(const boost::json::object& o);

/// The body of `POST /v2/{project_id}/training-jobs`.
boost::json::object job_request_to_json(const job_request& r);
/// The body of `POST /v2/{project_id}/training-job-searches`.
boost::json::object job_query_to_json(const job_query& q);

} // namespace modelarts::training
