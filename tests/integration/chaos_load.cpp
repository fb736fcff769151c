// The chaos test's load: restartable weftd, vendor threads, flapping sink (chaos_load.h).
#include "integration/chaos_load.h"

#include <signal.h>

#include <algorithm>
#include <random>

#include "integration/bodies.h"
#include "integration/common.h"

namespace weft::it {

RestartingWeftd::RestartingWeftd(std::string config_path) : config_path_(std::move(config_path)) {
  auto first = std::make_unique<Weftd>(config_path_);
  current_ = {first->port(), 1};
  runs_.push_back(std::move(first));
}

RestartingWeftd::~RestartingWeftd() = default;

RestartingWeftd::Endpoint RestartingWeftd::endpoint() const {
  std::lock_guard lock(mutex_);
  return current_;
}

RestartingWeftd::Endpoint RestartingWeftd::wait_for_next(int run, Millis timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return current_.run > run && current_.port != 0; });
  return current_;
}

std::string RestartingWeftd::kill_and_restart() {
  Weftd* running;
  int run;
  {
    std::lock_guard lock(mutex_);
    running = runs_.back().get();
    run = current_.run;
    current_.port = 0;
  }
  running->send_signal(SIGKILL);
  auto code = running->wait_exit(kWait);
  if (!code) return "weftd did not exit after SIGKILL";
  if (*code != 128 + SIGKILL) return "weftd exited " + std::to_string(*code) + " before SIGKILL";
  auto next = std::make_unique<Weftd>(config_path_);
  const uint16_t port = next->port();
  {
    std::lock_guard lock(mutex_);
    runs_.push_back(std::move(next));
    current_ = {port, run + 1};
  }
  changed_.notify_all();
  return port == 0 ? "weftd did not start again" : "";
}

int RestartingWeftd::restarts() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(runs_.size()) - 1;
}

std::vector<std::string> RestartingWeftd::log_lines(const std::string& msg) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> found;
  for (const auto& run : runs_) {
    for (const auto& line : run->process().lines(Process::Stream::err)) {
      if (log_fields(line)["msg"] == msg) found.push_back(line);
    }
  }
  return found;
}

std::string RestartingWeftd::last_log() const {
  std::lock_guard lock(mutex_);
  return runs_.back()->log_text();
}

std::vector<Webhook> chaos_webhooks(long first_subject, int subjects, int per_subject) {
  std::vector<Webhook> all;
  for (int s = 0; s < subjects; ++s) {
    const long subject = first_subject + s;
    for (int seq = 0; seq < per_subject; ++seq) {
      Webhook w;
      w.subject = subject;
      w.seq = seq;
      w.delivery_id = "chaos-" + std::to_string(subject) + "-" + std::to_string(seq);
      // The stage name differs per webhook, so the events' content does too.
      w.body = greenhouse_stage_change(subject, "Round " + std::to_string(seq));
      all.push_back(std::move(w));
    }
  }
  return all;
}

VendorLoad::VendorLoad(RestartingWeftd& weftd, std::vector<Webhook> webhooks, int vendors,
                       Millis pace, std::chrono::steady_clock::time_point deadline)
    : weftd_(weftd), webhooks_(std::move(webhooks)), pace_(pace), deadline_(deadline) {
  result_.webhooks = webhooks_.size();
  // Subjects are dealt to vendors; each vendor goes through its subjects round-robin
  // (all first webhooks, then all second ones, ...), so one subject's webhooks are sent
  // one after the other but interleaved with other subjects'.
  std::map<long, int> owner;
  std::vector<std::vector<const Webhook*>> mine(vendors);
  for (const auto& w : webhooks_) {
    auto [it, added] = owner.emplace(w.subject, static_cast<int>(owner.size()) % vendors);
    mine[it->second].push_back(&w);
  }
  for (auto& list : mine) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Webhook* a, const Webhook* b) { return a->seq < b->seq; });
  }
  running_ = vendors;
  for (auto& list : mine) threads_.emplace_back([this, list] { run(list); });
}

VendorLoad::~VendorLoad() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

std::size_t VendorLoad::accepted() {
  std::lock_guard lock(mutex_);
  return result_.accepted_count;
}

void VendorLoad::wait_accepted(std::size_t n, Millis timeout) {
  std::unique_lock lock(mutex_);
  progress_.wait_for(lock, timeout, [&] { return result_.accepted_count >= n || running_ == 0; });
}

LoadResult VendorLoad::join() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  std::lock_guard lock(mutex_);
  return result_;
}

void VendorLoad::run(std::vector<const Webhook*> mine) {
  LoadResult local;
  Connection connection;
  std::size_t next = 0;
  auto start_at = std::chrono::steady_clock::now();
  for (; next < mine.size(); ++next) {
    // The vendor's sending rate: load pacing, not synchronization.
    std::this_thread::sleep_until(std::min(start_at, deadline_));
    start_at = std::max(start_at + pace_, std::chrono::steady_clock::now());
    const Webhook& w = *mine[next];
    if (!send_until_accepted(w, local, connection)) {
      if (std::chrono::steady_clock::now() >= deadline_) break;
      continue;  // an unexpected status: counted, not accepted; the vendor moves on
    }
    std::lock_guard lock(mutex_);
    result_.accepted[w.subject].push_back(w.delivery_id);
    ++result_.accepted_count;
    progress_.notify_all();
  }
  std::lock_guard lock(mutex_);
  result_.given_up += mine.size() - next;
  result_.requests += local.requests;
  result_.answered_503 += local.answered_503;
  result_.transport_errors += local.transport_errors;
  result_.unexpected += local.unexpected;
  if (result_.unexpected_sample.empty()) result_.unexpected_sample = local.unexpected_sample;
  --running_;
  progress_.notify_all();
}

// Re-sends the same webhook until weftd answers 2xx. Between tries it waits a short, growing,
// bounded time, or less when a new weftd comes up: this wait is the vendor's pacing (what a
// real vendor's retry delay is), not a synchronization.
bool VendorLoad::send_until_accepted(const Webhook& w, LoadResult& local, Connection& connection) {
  auto& client = connection.client;
  int& client_run = connection.run;
  for (int attempt = 0; std::chrono::steady_clock::now() < deadline_; ++attempt) {
    auto at = weftd_.endpoint();
    if (at.port == 0) {
      at = weftd_.wait_for_next(at.run, kWait);
      if (at.port == 0) continue;
    }
    if (!client || client_run != at.run) {
      client = std::make_unique<HttpClient>(at.port, 10s);
      client_run = at.run;
    }
    Response res = post_greenhouse(*client, w.body, w.delivery_id);
    ++local.requests;
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status == 0) {
      ++local.transport_errors;
      client.reset();
    } else if (res.status == 503) {
      ++local.answered_503;
    } else {
      ++local.unexpected;
      if (local.unexpected_sample.empty()) {
        local.unexpected_sample =
            std::to_string(res.status) + " " + error_reason(res.body).value_or("");
      }
      return false;
    }
    const Millis pause{std::min(20 << std::min(attempt, 4), 250)};
    weftd_.wait_for_next(at.run, pause);
  }
  return false;
}

Flapper::Flapper(Sink& sink, unsigned seed) : sink_(sink) {
  thread_ = std::thread([this, seed] { run(seed); });
}

Flapper::~Flapper() {
  stop();
}

std::size_t Flapper::phases() const {
  std::lock_guard lock(mutex_);
  return phases_;
}

bool Flapper::wait_for_phase(Phase phase, Millis timeout) {
  std::unique_lock lock(mutex_);
  const std::size_t now = phases_;
  return wake_.wait_for(lock, timeout, [&] {
    return stopping_ || (phases_ > now && phase_ == phase);
  }) && !stopping_;
}

void Flapper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

// Phase lengths are the load's pacing (how fast the subscriber flaps), not synchronization;
// the wait ends early when the test stops the flapping.
void Flapper::run(unsigned seed) {
  using enum Phase;
  const Phase cycle[] = {accept, refuse, accept, timeout, accept, disappear};
  std::mt19937 rng(seed);
  bool closed = false;
  for (std::size_t i = 0;; ++i) {
    const Phase phase = cycle[i % std::size(cycle)];
    switch (phase) {
      case accept:
        sink_.set_status(200);
        if (closed) sink_.open();
        closed = false;
        sink_.release();
        break;
      case refuse:
        sink_.set_status(500);
        break;
      case timeout:
        sink_.hold();
        break;
      case disappear:
        sink_.close();
        closed = true;
        break;
    }
    const int ms = phase == accept ? std::uniform_int_distribution(250, 600)(rng)
                                   : std::uniform_int_distribution(100, 300)(rng);
    std::unique_lock lock(mutex_);
    ++phases_;
    phase_ = phase;
    wake_.notify_all();
    if (wake_.wait_for(lock, Millis(ms), [&] { return stopping_; })) break;
  }
  sink_.set_status(200);
  if (closed) sink_.open();
  sink_.release();
}

}  // namespace weft::it
