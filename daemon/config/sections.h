// The readers of the file's top-level sections; load() puts them together.
#pragma once

#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/yaml_value.h"

namespace weft::config {

Server read_server(const Value& value);
std::vector<Connection> read_connections(const Value& value);
// A connection's `api:` block.
Api read_api(const Value& value);
// Checks each subscriber's connection references against `connections`.
std::vector<Subscriber> read_subscribers(const Value& value,
                                         const std::vector<Connection>& connections);

}  // namespace weft::config
