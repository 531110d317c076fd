// Reading and writing the pieces jobs and algorithms share: run parameters,
// input and output channels, engines, environment maps. Readers accept the
// drift the service's examples show (numbers as strings and the reverse);
// writers put back what was read, unknown fields included.
#pragma once

#include "modelarts/training/job.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::training::json_parts {

/// Sets `key` when `value` is not empty.
void put_text(boost::json::object& o, std::string_view key, const std::string& value);
/// Copies `extra` over `o` (fields the SDK did not map, or could not, win).
void merge_extra(boost::json::object& o, const boost::json::object& extra);
/// An integer that may come as a number or a string ("30s" reads as 30); nullopt otherwise.
std::optional<long long> loose_integer(const boost::json::value* v);
/// The field's array, or null.
const boost::json::array* array_of(const boost::json::object& o, std::string_view key);
/// Keeps in `extra` a mapped field whose value the SDK could not read (null, another type).
void keep_unreadable(boost::json::object& extra, const boost::json::object& o, std::string_view key,
                     bool readable);

parameter parameter_from(const boost::json::object& o);
boost::json::object to_json(const parameter& p);
std::vector<parameter> parameters_from(const boost::json::object& o, std::string_view key);

data_input input_from(const boost::json::object& o);
boost::json::object to_json(const data_input& in);
data_output output_from(const boost::json::object& o);
boost::json::object to_json(const data_output& out);

engine_ref engine_from(const boost::json::object& o);
boost::json::object to_json(const engine_ref& e);

std::map<std::string, std::string> string_map_from(const boost::json::object& o, std::string_view key);
boost::json::object to_json(const std::map<std::string, std::string>& m);

template <class T, class Read>
std::vector<T> list_from(const boost::json::object& o, std::string_view key, Read read) {
  std::vector<T> out;
  if (const auto* a = array_of(o, key)) {
    for (const auto& item : *a) {
      if (item.is_object()) out.push_back(read(item.get_object()));
    }
  }
  return out;
}

template <class T>
boost::json::array array_to_json(const std::vector<T>& items) {
  boost::json::array a;
  for (const auto& item : items) a.push_back(to_json(item));
  return a;
}

template <class T, class Write>
boost::json::array array_to_json(const std::vector<T>& items, Write write) {
  boost::json::array a;
  for (const auto& item : items) a.push_back(write(item));
  return a;
}

} // namespace modelarts::training::json_parts
