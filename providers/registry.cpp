// The provider registry: one line per vendor. Adding a vendor: its folder, and a line here.
#include "providers/ashby/ashby.h"
#include "providers/breezy/breezy.h"
#include "providers/core/provider.h"
#include "providers/greenhouse/greenhouse.h"
#include "providers/jazzhr/jazzhr.h"
#include "providers/lever/lever.h"
#include "providers/pinpoint/pinpoint.h"
#include "providers/recruitee/recruitee.h"
#include "providers/sandbox/sandbox.h"
#include "providers/smartrecruiters/smartrecruiters.h"
#include "providers/teamtailor/teamtailor.h"
#include "providers/workable/workable.h"

namespace weft {

namespace {
// One line per vendor, so that adding one is a one-line change.
// clang-format off
const Provider* const kProviders[] = {
    &greenhouse_provider,
    &ashby_provider,
    &sandbox_provider,
    &lever_provider,
    &smartrecruiters_provider,
    &pinpoint_provider,
    &workable_provider,
    &teamtailor_provider,
    &recruitee_provider,
    &jazzhr_provider,
    &breezy_provider,
    // (new vendors: one line each, above this comment)
};
// clang-format on
}  // namespace

const Provider* find_provider(std::string_view name) {
  for (const Provider* p : kProviders) {
    if (p->name == name) return p;
  }
  return nullptr;
}

std::vector<std::string_view> provider_names() {
  std::vector<std::string_view> names;
  for (const Provider* p : kProviders) names.push_back(p->name);
  return names;
}

}  // namespace weft
