#include "daemon/sandbox/driver.h"

#include "daemon/log/log.h"
#include "daemon/runtime/clock.h"
#include "providers/sandbox/generator.h"

namespace weft::sandbox {

struct Driver::Ticker {
  Ticker(boost::asio::io_context& ioc, const config::Connection& c, uint64_t seed,
         std::shared_ptr<std::atomic<uint64_t>> seq)
      : timer(ioc),
        connection_id(c.info.id),
        secret(c.info.secrets.front()),
        interval(c.sandbox.interval),
        seed(seed),
        generator(seed, c.sandbox.interval),
        sequence(std::move(seq)) {}
  boost::asio::steady_timer timer;
  std::string connection_id;
  std::string secret;
  config::Duration interval;
  uint64_t seed;
  Generator generator;
  std::shared_ptr<std::atomic<uint64_t>> sequence;
  std::atomic<bool> stopped{false};

  bool same_settings(const config::Connection& c) const {
    return c.info.secrets.front() == secret && c.sandbox.interval == interval &&
           (c.sandbox.seed == 0 || c.sandbox.seed == seed);
  }
};

namespace {
Headers to_headers(const std::vector<Header>& list) {
  Headers headers;
  for (const auto& h : list) headers.add(h.name, h.value);
  return headers;
}
}  // namespace

Driver::Driver(boost::asio::io_context& ioc, ingest::Ingest& ingest)
    : ioc_(ioc),
      ingest_(ingest),
      start_seed_(
          static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count())) {}

uint64_t Driver::seed_for(const config::Connection& c) const {
  return c.sandbox.seed != 0 ? c.sandbox.seed : start_seed_;
}

std::shared_ptr<std::atomic<uint64_t>> Driver::sequence_for(std::string_view connection_id) {
  auto it = sequences_.find(connection_id);
  if (it != sequences_.end()) return it->second;
  auto seq = std::make_shared<std::atomic<uint64_t>>(0);
  sequences_.emplace(std::string(connection_id), seq);
  return seq;
}

void Driver::apply(const config::Config& config) {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::shared_ptr<Ticker>, std::less<>> next;
  for (const auto& c : config.connections) {
    if (c.info.provider != "sandbox" || c.sandbox.interval.count() <= 0) continue;
    auto it = tickers_.find(c.info.id);
    if (it != tickers_.end() && it->second->same_settings(c)) {
      next.emplace(c.info.id, it->second);
      tickers_.erase(it);
      continue;
    }
    auto ticker = std::make_shared<Ticker>(ioc_, c, seed_for(c), sequence_for(c.info.id));
    log::info("sandbox", "generating",
              {{"connection", c.info.id},
               {"seed", std::to_string(ticker->seed)},
               {"interval_ms", std::to_string(c.sandbox.interval.count())}});
    next.emplace(c.info.id, ticker);
    schedule(ticker);
  }
  for (auto& [id, old] : tickers_) {
    old->stopped = true;
    boost::asio::post(old->timer.get_executor(), [old = old] { old->timer.cancel(); });
  }
  tickers_ = std::move(next);
}

void Driver::schedule(const std::shared_ptr<Ticker>& ticker) {
  ticker->timer.expires_after(ticker->interval);
  ticker->timer.async_wait([this, ticker](boost::system::error_code ec) {
    if (ec || ticker->stopped) return;
    emit(ticker);
    schedule(ticker);
  });
}

void Driver::emit(const std::shared_ptr<Ticker>& ticker) {
  uint64_t seq = ticker->sequence->fetch_add(1);
  SandboxWebhook hook = ticker->generator.next(seq, now_rfc3339(), ticker->secret);
  Headers headers = to_headers(hook.headers);
  std::string kind = hook.kind;
  ingest_.receive(
      ticker->connection_id, headers, hook.body, {},
      [kind](Reply reply) {
        if (reply.status >= 300) {
          log::info("sandbox", "webhook not accepted",
                    {{"kind", kind}, {"status", std::to_string(reply.status)}});
        }
      },
      "sandbox");
}

void Driver::trigger(const config::Config& config, std::string_view connection_id,
                     std::string_view scenario, ingest::Answer answer) {
  const config::Connection* c = config.find_connection(connection_id);
  if (!c || c->info.provider != "sandbox") {
    return answer(ingest::error_reply(404, "unknown sandbox connection"));
  }
  std::shared_ptr<std::atomic<uint64_t>> sequence;
  {
    std::lock_guard lock(mutex_);
    sequence = sequence_for(connection_id);
  }
  auto tick = c->sandbox.interval.count() > 0 ? c->sandbox.interval : config::Duration(2000);
  Generator generator(seed_for(*c), tick);
  auto hook =
      generator.scenario(scenario, sequence->fetch_add(1), now_rfc3339(), c->info.secrets.front());
  if (!hook) {
    std::string names;
    for (auto n : scenario_names()) names.append(names.empty() ? "" : ", ").append(n);
    return answer(ingest::error_reply(400, "unknown scenario; known: " + names));
  }
  Headers headers = to_headers(hook->headers);
  ingest_.receive(connection_id, headers, hook->body, {}, std::move(answer), "sandbox");
}

void Driver::stop() {
  std::lock_guard lock(mutex_);
  for (auto& [id, ticker] : tickers_) {
    ticker->stopped = true;
    boost::asio::post(ticker->timer.get_executor(), [t = ticker] { t->timer.cancel(); });
  }
  tickers_.clear();
}

}  // namespace weft::sandbox
