// The readers of the file's top-level sections; load() puts them together.
#pragma once

#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/yaml_value.h"

namespace weft::config {

Server read_server(const Value& value);
// The admin listener: `admin: {listen: host:port}`.
Admin read_admin(const Value& value);
std::vector<Connection> read_connections(const Value& value);
// A connection's `api:` block.
Api read_api(const Value& value);
// `network:`: the SSRF guard's allowed CIDR ranges (canonical spelling) and allow_plain_http.
Network read_network(const Value& value);
// `spool:`: none, or the encrypted spool's settings. Touches no file but the key's.
Spool read_spool(const Value& value);
// Checks each subscriber's connection references against `connections`, and, when the spool
// is enabled, that its retry.max_age fits in the spool's retention.
std::vector<Subscriber> read_subscribers(const Value& value,
                                         const std::vector<Connection>& connections,
                                         const Spool& spool);

}  // namespace weft::config
