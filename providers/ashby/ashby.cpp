// Scaffolding: replaced by the real adapter.
#include "providers/ashby/ashby.h"

#include "providers/core/signature.h"

namespace weft {
namespace {
Verification verify(const VendorRequest&, const ConnectionInfo&) { return Verification::fail("not implemented"); }
Normalized normalize(const VendorRequest&, const NormalizeContext&) { return Normalized::rejected("not implemented"); }
}  // namespace
const Provider ashby_provider{"ashby", nullptr, verify, normalize, 200};
}  // namespace weft
