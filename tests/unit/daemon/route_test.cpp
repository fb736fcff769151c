#include <doctest/doctest.h>

#include "daemon/route/route.h"

using namespace weft;

namespace {
config::Subscriber subscriber(std::string id, std::vector<std::string> connections,
                              std::vector<std::string> events) {
  config::Subscriber s;
  s.id = std::move(id);
  s.connections = std::move(connections);
  s.events = std::move(events);
  return s;
}

std::vector<std::string> ids(const std::vector<const config::Subscriber*>& subs) {
  std::vector<std::string> out;
  for (auto* s : subs) out.push_back(s->id);
  return out;
}
}  // namespace

TEST_CASE("route picks subscribers by connection and event type pattern") {
  config::Config c;
  c.subscribers.push_back(subscriber("all", {}, {"*"}));
  c.subscribers.push_back(subscriber("apps", {}, {"ats.application.*"}));
  c.subscribers.push_back(subscriber("gh-hired", {"gh"}, {"ats.application.hired"}));
  c.subscribers.push_back(subscriber("jobs-ashby", {"ashby"}, {"ats.job.*", "ats.offer.*"}));

  CHECK(ids(route::match(c, "gh", "ats.application.hired")) ==
        std::vector<std::string>{"all", "apps", "gh-hired"});
  CHECK(ids(route::match(c, "ashby", "ats.application.hired")) ==
        std::vector<std::string>{"all", "apps"});
  CHECK(ids(route::match(c, "ashby", "ats.offer.created")) ==
        std::vector<std::string>{"all", "jobs-ashby"});
  CHECK(ids(route::match(c, "gh", "ats.job.created")) == std::vector<std::string>{"all"});
  // A prefix pattern stops at the dot: "ats.application.*" does not take ats.applications.x.
  CHECK(ids(route::match(c, "gh", "ats.applications.created")) == std::vector<std::string>{"all"});
}
