// Follows one Fetch through its pages, for the five styles of Paging (providers/core/
// provider.h): it says which request comes next and gathers every page's records into one
// JSON array. Pure: the ApiClient does the requests.
//
// Where each style stops:
//  - offset:      <param> = records so far, <size_param> = page_size. Ends on an empty page;
//                 when `more` is given and is a boolean in the page, on more == false; else on
//                 a page shorter than page_size.
//  - page_number: <param> = first_page, first_page + 1, ... Ends on an empty page, on
//                 more == false, or when `next` is given and the page has it null, false or "".
//  - cursor:      <param> = the value at `next` in the last page (absent on the first
//                 request). Ends when that is absent, null or "", or on more == false.
//  - link_header: the Link header's rel="next" URL. Ends when there is none or more == false.
//  - next_url:    the URL at `next` in the page. Ends when absent, null or "", or more == false.
// Links and next URLs may be absolute (same origin as api.base_url only) or relative to the
// page they came from. <size_param> is sent on every offset, page_number and cursor request,
// and on the first link_header / next_url request (the vendor's links carry it on).
// For a POST fetch (RPC-style APIs such as Ashby) the offset, page and cursor parameters and
// the size go into the JSON body object instead of the query.
// A fetch with style none is one request and its result is the response body as it is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/http/url.h"
#include "providers/core/headers.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::vendor_api {

struct PageRequest {
  std::string target;  // origin-form
  std::string body;    // for POST
};

class Pager {
 public:
  // first_target: the fetch's target already resolved to origin-form (resolve_fetch_target).
  Pager(const Fetch& fetch, std::string first_target, http::Url base, unsigned max_pages,
        unsigned max_json_depth = 64);

  // Bounds the records gathered over all pages (api.max_response): past it, add_page fails.
  void limit_records(std::size_t max_bytes) { max_bytes_ = max_bytes; }

  // The first request, or nullopt with error() set (a POST body that is not a JSON object).
  std::optional<PageRequest> first();

  struct Step {
    std::string error;                // one line, no payload content
    std::optional<PageRequest> next;  // empty with no error: the fetch is complete
  };
  // Takes the successful answer to the last request.
  Step add_page(std::string_view body, const Headers& headers);

  // The gathered JSON array (or the body itself for style none).
  std::string result() const;
  unsigned pages() const { return pages_; }
  const std::string& error() const { return error_; }

 private:
  struct Position {
    std::string text;     // as sent in a query
    bool number = false;  // in a JSON body: a number rather than a string
  };
  PageRequest build(const std::optional<Position>& position, bool with_size) const;
  Step next_or_limit(PageRequest next);
  std::optional<PageRequest> follow(std::string_view reference, std::string& error) const;

  Fetch fetch_;
  std::string first_target_;
  http::Url base_;
  unsigned max_pages_;
  unsigned max_json_depth_;
  json::Document post_body_;  // the fetch's POST body, parsed once when paging goes into it
  bool in_body_ = false;
  std::string error_;
  std::string current_target_;
  std::string items_;  // serialized records joined by ','
  std::size_t max_bytes_ = SIZE_MAX;
  std::size_t count_ = 0;
  unsigned pages_ = 0;
  unsigned page_number_ = 0;
  std::string raw_;  // style none
};

}  // namespace weft::vendor_api
