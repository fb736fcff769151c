#include "daemon/deliver/dispatcher.h"

#include <rapidjson/document.h>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <atomic>

#include "daemon/deliver/outbox_detail.h"
#include "daemon/deliver/redact.h"
#include "daemon/log/log.h"
#include "daemon/route/route.h"

namespace weft::deliver {

namespace asio = boost::asio;
using std::chrono::steady_clock;

namespace {

constexpr auto kHousekeepingEvery = std::chrono::seconds(1);
constexpr unsigned kSweepEveryTicks = 10;

// The envelope's "type", for logs of a recovered pair; "-" when unreadable.
std::string envelope_type(const std::string& payload) {
  rapidjson::Document doc;
  doc.Parse(payload.data(), payload.size());
  if (doc.HasParseError() || !doc.IsObject()) return "-";
  auto it = doc.FindMember("type");
  if (it == doc.MemberEnd() || !it->value.IsString()) return "-";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

// One vendor request's events: waits for every pair to settle, or for its deadline.
class Dispatcher::Batch : public Waiter, public std::enable_shared_from_this<Batch> {
 public:
  Batch(asio::io_context& ioc, BatchDone done)
      : strand_(asio::make_strand(ioc)), timer_(strand_), done_(std::move(done)) {}

  void settle(Settled how, std::string_view reason) override {
    switch (how) {
      case Settled::accepted:
        accepted_.fetch_add(1);
        break;
      case Settled::duplicate:
        duplicates_.fetch_add(1);
        break;
      case Settled::spooled:
        spooled_.fetch_add(1);
        break;
      case Settled::dead:
        dead_.fetch_add(1);
        break;
      case Settled::refused: {
        failed_.fetch_add(1);
        spool_refused_.store(true);
        std::lock_guard lock(mutex_);
        reason_ = std::string(reason);  // the spool's reason names what the vendor waits for
        break;
      }
      case Settled::deferred: {
        failed_.fetch_add(1);
        std::lock_guard lock(mutex_);
        if (reason_.empty()) reason_ = std::string(reason);
        break;
      }
    }
    finish_one();
  }

  void add_duplicate() { duplicates_.fetch_add(1); }

  // Called once all pairs were handed to their outboxes (`pairs` of them).
  void start(std::vector<std::pair<std::shared_ptr<Outbox>, std::string>> pairs,
             steady_clock::time_point deadline) {
    pairs_ = std::move(pairs);
    auto self = shared_from_this();
    asio::post(strand_, [self, deadline] {
      if (self->finished_) return;
      self->timer_.expires_at(deadline);
      self->timer_.async_wait([self](boost::system::error_code ec) {
        if (ec || self->finished_) return;
        for (const auto& [outbox, event_id] : self->pairs_) outbox->deadline(event_id, self);
      });
    });
    finish_one();
  }

  void expect(std::size_t n) { pending_.fetch_add(n); }

 private:
  void finish_one() {
    if (pending_.fetch_sub(1) != 1) return;
    auto self = shared_from_this();
    asio::post(strand_, [self] {
      self->finished_ = true;
      self->timer_.cancel();
      BatchOutcome outcome;
      outcome.accepted = self->accepted_.load();
      outcome.duplicates = self->duplicates_.load();
      outcome.spooled = self->spooled_.load();
      outcome.dead = self->dead_.load();
      outcome.failed = self->failed_.load();
      {
        std::lock_guard lock(self->mutex_);
        outcome.reason = self->reason_;
      }
      outcome.spool_refused = self->spool_refused_.load();
      auto done = std::move(self->done_);
      self->pairs_.clear();
      done(std::move(outcome));
    });
  }

  asio::strand<asio::io_context::executor_type> strand_;
  asio::steady_timer timer_;  // on strand_
  BatchDone done_;
  bool finished_ = false;  // on strand_
  std::vector<std::pair<std::shared_ptr<Outbox>, std::string>> pairs_;
  std::atomic<std::size_t> pending_{1};  // one hold until start()
  std::atomic<std::size_t> accepted_{0}, duplicates_{0}, spooled_{0}, dead_{0}, failed_{0};
  std::atomic<bool> spool_refused_{false};
  std::mutex mutex_;
  std::string reason_;
};

Dispatcher::Dispatcher(asio::io_context& ioc, std::size_t dedup_capacity)
    : ioc_(ioc),
      tls_(http::make_client_tls_context()),
      delivered_(dedup_capacity),
      housekeeping_strand_(asio::make_strand(ioc)),
      housekeeping_timer_(housekeeping_strand_) {}

Dispatcher::~Dispatcher() {
  close();
}

std::string Dispatcher::open_spool(const config::Snapshot& config) {
  const config::Spool& settings = config->spool;
  spool::Options options;
  options.rotation = settings.rotation;
  options.retention = settings.retention;
  options.max_size = settings.max_size;
  spool::Key key;
  std::copy(settings.key.begin(), settings.key.end(), key.begin());
  auto opened = spool::Spool::open(settings.path, key, options);
  spool::wipe(key.data(), key.size());
  if (!opened.status.ok()) return opened.status.reason;
  spool_ = std::move(opened.spool);
  if (auto error = delivered_.persist_to(std::filesystem::path(settings.path) / "delivered.log",
                                         settings.key);
      !error.empty()) {
    spool_->close();
    spool_.reset();
    return error;
  }
  std::size_t replayed = 0;
  for (uint64_t seq : spool_->pending_seqs()) {
    auto record = spool_->read(seq);
    if (!record) continue;
    auto outbox = outbox_for(config, record->subscriber_id);
    outbox->recover(*record, envelope_type(record->payload));
    spool::wipe(record->payload.data(), record->payload.size());
    ++replayed;
  }
  spool::Stats stats = spool_->stats();
  log::info("spool", "opened",
            {{"records", std::to_string(replayed)},
             {"segments", std::to_string(stats.segments)},
             {"keys", std::to_string(stats.keys)},
             {"torn", std::to_string(stats.torn)},
             {"corrupt", std::to_string(stats.corrupt)},
             {"expired", std::to_string(stats.expired)},
             {"delivered_set", std::to_string(delivered_.loaded())}});
  asio::post(housekeeping_strand_, [this] { housekeeping(); });
  return {};
}

std::shared_ptr<Outbox> Dispatcher::outbox_for(const config::Snapshot& config,
                                               std::string_view id) {
  std::lock_guard lock(mutex_);
  auto it = outboxes_.find(id);
  if (it != outboxes_.end()) return it->second;
  OutboxContext context{ioc_, *tls_, spool_.get(), delivered_, &history_};
  auto outbox =
      std::make_shared<Outbox>(context, std::string(id), config, config->find_subscriber(id));
  outboxes_.emplace(std::string(id), outbox);
  return outbox;
}

void Dispatcher::deliver(const config::Snapshot& config, std::vector<UnifiedEvent> events,
                         steady_clock::time_point deadline, BatchDone done) {
  auto batch = std::make_shared<Batch>(ioc_, std::move(done));
  std::vector<std::pair<std::shared_ptr<Outbox>, std::shared_ptr<const UnifiedEvent>>> pairs;
  if (!events.empty()) {
    std::lock_guard lock(counts_mutex_);
    const int64_t now_ms = detail::unix_ms_now();
    for (const auto& ev : events) {
      auto& counts = connection_counts_[ev.connection_id];
      counts.events += 1;
      counts.last_event_ms = now_ms;
    }
  }
  for (auto& ev : events) {
    auto event = std::make_shared<const UnifiedEvent>(std::move(ev));
    // Each scope's copy of the event, made once per event: subscribers with equal scopes
    // share it; a scope that withholds nothing shares `event` itself.
    std::vector<std::pair<const config::Scope*, std::shared_ptr<const UnifiedEvent>>> scoped;
    for (const config::Subscriber* sub : route::match(*config, event->connection_id, event->type)) {
      if (delivered_.contains(event->id, sub->id)) {
        batch->add_duplicate();
        continue;
      }
      auto same = std::find_if(scoped.begin(), scoped.end(), [&](const auto& s) {
        return s.first->sensitive == sub->scope.sensitive && s.first->deny == sub->scope.deny;
      });
      std::shared_ptr<const UnifiedEvent> copy;
      if (same != scoped.end()) {
        copy = same->second;
      } else {
        Redaction redaction = redact(event->type, event->body, sub->scope);
        if (redaction.outcome == Redaction::Outcome::redacted) {
          auto redacted = std::make_shared<UnifiedEvent>(*event);
          redacted->body = std::move(redaction.body);
          copy = std::move(redacted);
        } else if (redaction.outcome == Redaction::Outcome::unchanged) {
          copy = event;
        }
        scoped.emplace_back(&sub->scope, copy);
      }
      if (!copy) {
        // Fail closed: a body that cannot be redacted is not sent to a scoped subscriber.
        log::error("deliver", "event not delivered: its body could not be redacted",
                   {{"event", event->id}, {"subscriber", sub->id}});
        continue;
      }
      pairs.emplace_back(outbox_for(config, sub->id), std::move(copy));
    }
  }
  batch->expect(pairs.size());
  std::vector<std::pair<std::shared_ptr<Outbox>, std::string>> waiting;
  waiting.reserve(pairs.size());
  // In the provider's order, so each subject's events queue in the order they happened.
  for (auto& [outbox, event] : pairs) {
    waiting.emplace_back(outbox, event->id);
    outbox->add(std::move(event), batch);
  }
  batch->start(std::move(waiting), deadline);
}

void Dispatcher::send_to(const config::Snapshot& config, std::string_view subscriber,
                         UnifiedEvent event, steady_clock::time_point deadline, BatchDone done) {
  auto batch = std::make_shared<Batch>(ioc_, std::move(done));
  auto outbox = outbox_for(config, subscriber);
  auto shared = std::make_shared<const UnifiedEvent>(std::move(event));
  batch->expect(1);
  std::vector<std::pair<std::shared_ptr<Outbox>, std::string>> waiting{{outbox, shared->id}};
  outbox->add(std::move(shared), batch);
  batch->start(std::move(waiting), deadline);
}

std::vector<std::shared_ptr<Outbox>> Dispatcher::outboxes() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Outbox>> out;
  for (const auto& [id, outbox] : outboxes_) out.push_back(outbox);
  return out;
}

std::map<std::string, Dispatcher::ConnectionCounts, std::less<>> Dispatcher::connection_counts()
    const {
  std::lock_guard lock(counts_mutex_);
  return connection_counts_;
}

void Dispatcher::reconfigure(const config::Snapshot& config) {
  std::lock_guard lock(mutex_);
  for (auto& [id, outbox] : outboxes_) outbox->reconfigure(config, config->find_subscriber(id));
}

void Dispatcher::housekeeping() {
  if (closed_ || !spool_) return;
  const std::size_t expired = spool_->expire(detail::unix_ms_now());
  if (expired > 0) {
    log::warn("spool", "records expired: their data key was destroyed",
              {{"records", std::to_string(expired)}});
  }
  delivered_.flush();
  if (++housekeeping_ticks_ % kSweepEveryTicks == 0) {
    std::vector<std::shared_ptr<Outbox>> outboxes;
    {
      std::lock_guard lock(mutex_);
      for (auto& [id, outbox] : outboxes_) outboxes.push_back(outbox);
    }
    for (auto& outbox : outboxes) outbox->sweep();
  }
  housekeeping_timer_.expires_after(kHousekeepingEvery);
  housekeeping_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) housekeeping();
  });
}

spool::Stats Dispatcher::spool_stats() const {
  return spool_ ? spool_->stats() : spool::Stats{};
}

std::vector<std::pair<std::string, OutboxStats>> Dispatcher::outbox_stats() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, OutboxStats>> out;
  for (const auto& [id, outbox] : outboxes_) out.emplace_back(id, outbox->stats());
  return out;
}

void Dispatcher::close() {
  std::map<std::string, std::shared_ptr<Outbox>, std::less<>> outboxes;
  {
    std::lock_guard lock(mutex_);
    if (closed_.exchange(true)) return;
    outboxes.swap(outboxes_);
  }
  asio::post(housekeeping_strand_, [this] { housekeeping_timer_.cancel(); });
  for (auto& [id, outbox] : outboxes) outbox->close();
  if (spool_) {
    spool_->close();
    spool::Stats stats = spool_->stats();
    log::info("spool", "closed",
              {{"records", std::to_string(stats.records)},
               {"segments", std::to_string(stats.segments)},
               {"batches", std::to_string(stats.batches)},
               {"fsyncs", std::to_string(stats.fsyncs)}});
  }
  delivered_.close();
}

}  // namespace weft::deliver
