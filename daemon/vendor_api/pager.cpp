// The five pagination styles; see pager.h for where each one stops.
#include "daemon/vendor_api/pager.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "daemon/vendor_api/link_header.h"
#include "daemon/vendor_api/target.h"

namespace weft::vendor_api {

namespace {

// A dotted path ("paging.next"); empty: the value itself.
const json::Value* find_dotted(const json::Value& root, std::string_view path) {
  const json::Value* v = &root;
  while (!path.empty()) {
    auto dot = path.find('.');
    v = json::find(*v, path.substr(0, dot));
    if (!v) return nullptr;
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return v;
}

std::optional<bool> bool_at(const json::Value& root, std::string_view path) {
  if (path.empty()) return std::nullopt;
  const json::Value* v = find_dotted(root, path);
  if (!v || !v->IsBool()) return std::nullopt;
  return v->GetBool();
}

// null, false, "" (and absent, which callers check first): "no next page".
bool is_blank(const json::Value& v) {
  return v.IsNull() || (v.IsBool() && !v.GetBool()) || (v.IsString() && v.GetStringLength() == 0);
}

bool pages_into_body(const Fetch& fetch) {
  auto style = fetch.paging.style;
  return iequals(fetch.method, "POST") &&
         (style == PageStyle::offset || style == PageStyle::page_number ||
          style == PageStyle::cursor);
}

}  // namespace

Pager::Pager(const Fetch& fetch, std::string first_target, http::Url base, unsigned max_pages,
             unsigned max_json_depth)
    : fetch_(fetch),
      first_target_(std::move(first_target)),
      base_(std::move(base)),
      max_pages_(max_pages),
      max_json_depth_(max_json_depth),
      in_body_(pages_into_body(fetch)),
      page_number_(fetch.paging.first_page) {}

std::optional<PageRequest> Pager::first() {
  if (in_body_) {
    std::string_view body = fetch_.body.empty() ? std::string_view("{}") : fetch_.body;
    auto error = json::parse_object(body, post_body_, max_json_depth_, "POST body");
    if (!error.empty()) {
      error_ = "paged " + error;
      return std::nullopt;
    }
  }
  switch (fetch_.paging.style) {
    case PageStyle::offset:
      return build(Position{"0", true}, true);
    case PageStyle::page_number:
      return build(Position{std::to_string(page_number_), true}, true);
    case PageStyle::cursor:
      return build(std::nullopt, true);
    case PageStyle::link_header:
    case PageStyle::next_url:
      return build(std::nullopt, true);
    case PageStyle::none:
      break;
  }
  return build(std::nullopt, false);
}

PageRequest Pager::build(const std::optional<Position>& position, bool with_size) const {
  const Paging& paging = fetch_.paging;
  bool size = with_size && !paging.size_param.empty();
  if (!in_body_) {
    std::vector<std::pair<std::string, std::string>> params;
    if (position && !paging.param.empty()) params.emplace_back(paging.param, position->text);
    if (size) params.emplace_back(paging.size_param, std::to_string(paging.page_size));
    std::string target = params.empty() ? first_target_ : set_query_params(first_target_, params);
    return {std::move(target), fetch_.body};
  }
  json::Document body;
  body.CopyFrom(post_body_, body.GetAllocator());
  auto& a = body.GetAllocator();
  if (position && !paging.param.empty()) {
    json::Value value;
    if (position->number) {
      value.SetUint64(std::stoull(position->text));
    } else {
      value = json::string(position->text, a);
    }
    json::set(body, paging.param, std::move(value), a);
  }
  if (size) json::set(body, paging.size_param, json::Value(paging.page_size), a);
  return {first_target_, json::serialize(body)};
}

Pager::Step Pager::next_or_limit(PageRequest next) {
  if (pages_ >= max_pages_) {
    return {.error = "more than " + std::to_string(max_pages_) + " pages", .next = std::nullopt};
  }
  current_target_ = next.target;
  return {.error = {}, .next = std::move(next)};
}

std::optional<PageRequest> Pager::follow(std::string_view reference, std::string& error) const {
  auto target = resolve_reference(base_, current_target_.empty() ? first_target_ : current_target_,
                                  reference);
  if (!target) {
    error = "next page outside api.base_url";
    return std::nullopt;
  }
  return PageRequest{std::move(*target), fetch_.body};
}

Pager::Step Pager::add_page(std::string_view body, const Headers& headers) {
  ++pages_;
  const Paging& paging = fetch_.paging;
  if (paging.style == PageStyle::none) {
    raw_ = std::string(body);
    return {};
  }
  json::Document page;
  if (auto error = json::parse(body, page, max_json_depth_); !error.empty()) {
    return {.error = "page " + std::to_string(pages_) + ": " + error, .next = std::nullopt};
  }
  const json::Value* list = find_dotted(page, paging.items);
  std::size_t on_page = 0;
  if (list && list->IsArray()) {
    for (const auto& item : list->GetArray()) {
      if (count_ + on_page > 0) items_.push_back(',');
      items_ += json::serialize(item);
      ++on_page;
    }
  } else if (list && !list->IsNull()) {
    return {.error = "page " + std::to_string(pages_) + ": no list at the items path",
            .next = std::nullopt};
  }
  count_ += on_page;
  if (items_.size() > max_bytes_) {
    return {.error = "records of all pages exceed " + std::to_string(max_bytes_) + " bytes",
            .next = std::nullopt};
  }
  auto more = bool_at(page, paging.more);
  if (more == false) return {};
  const json::Value* next = paging.next.empty() ? nullptr : find_dotted(page, paging.next);

  switch (paging.style) {
    case PageStyle::offset: {
      if (on_page == 0) return {};
      if (!more && on_page < paging.page_size) return {};
      return next_or_limit(build(Position{std::to_string(count_), true}, true));
    }
    case PageStyle::page_number: {
      if (on_page == 0) return {};
      if (next && is_blank(*next)) return {};
      ++page_number_;
      return next_or_limit(build(Position{std::to_string(page_number_), true}, true));
    }
    case PageStyle::cursor: {
      if (!next || is_blank(*next)) return {};
      auto text = json::text(next);
      if (!text) {
        return {.error = "page " + std::to_string(pages_) + ": cursor is not a string or number",
                .next = std::nullopt};
      }
      return next_or_limit(build(Position{*text, next->IsUint64()}, true));
    }
    case PageStyle::link_header: {
      auto link = next_link(headers);
      if (!link) return {};
      std::string error;
      auto request = follow(*link, error);
      if (!request) return {.error = error, .next = std::nullopt};
      return next_or_limit(std::move(*request));
    }
    case PageStyle::next_url: {
      if (!next || is_blank(*next)) return {};
      if (!next->IsString()) {
        return {.error = "page " + std::to_string(pages_) + ": next URL is not a string",
                .next = std::nullopt};
      }
      std::string error;
      auto request = follow({next->GetString(), next->GetStringLength()}, error);
      if (!request) return {.error = error, .next = std::nullopt};
      return next_or_limit(std::move(*request));
    }
    case PageStyle::none:
      break;
  }
  return {};
}

std::string Pager::result() const {
  if (fetch_.paging.style == PageStyle::none) return raw_;
  return "[" + items_ + "]";
}

}  // namespace weft::vendor_api
