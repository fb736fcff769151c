// Wrapped data keys in the spool directory; see key_ring.h and FORMAT.md.
#include "daemon/spool/key_ring.h"

#include <cstdio>
#include <cstring>
#include <system_error>

#include "daemon/spool/files.h"

namespace weft::spool {

namespace {

// "WSK1", id (8), created_at ms (8), nonce (12), wrapped key (32), tag (16); AAD = first 20.
constexpr uint8_t kMagic[4] = {'W', 'S', 'K', '1'};
constexpr std::size_t kAadSize = 20;
constexpr std::size_t kFileSize = kAadSize + kNonceSize + kKeySize + kTagSize;

void put_be(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t get_be(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

bool parse_key_name(const std::string& name, uint64_t& id) {
  if (name.size() != 4 + 16 + 4 || name.rfind("key-", 0) != 0 || name.substr(20) != ".key")
    return false;
  char* end = nullptr;
  const std::string hex = name.substr(4, 16);
  id = std::strtoull(hex.c_str(), &end, 16);
  return end && *end == '\0';
}

}  // namespace

KeyRing::KeyRing(std::filesystem::path dir, const Key& master)
    : dir_(std::move(dir)), master_(master) {}

KeyRing::~KeyRing() {
  wipe(master_.data(), master_.size());
  for (auto& [id, k] : keys_) wipe(k.key.data(), k.key.size());
}

std::filesystem::path KeyRing::file_name(uint64_t id) {
  char name[32];
  std::snprintf(name, sizeof name, "key-%016llx.key", static_cast<unsigned long long>(id));
  return name;
}

Status KeyRing::load(std::size_t& unreadable) {
  unreadable = 0;
  std::size_t files = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    uint64_t id = 0;
    if (!parse_key_name(entry.path().filename().string(), id)) continue;
    ++files;
    auto bytes = read_file(entry.path());
    bool ok = bytes && bytes->size() == kFileSize && std::memcmp(bytes->data(), kMagic, 4) == 0 &&
              get_be(bytes->data() + 4) == id;
    std::vector<uint8_t> plain;
    if (ok) {
      Nonce nonce{};
      std::memcpy(nonce.data(), bytes->data() + kAadSize, kNonceSize);
      std::span<const uint8_t> all(*bytes);
      ok = open_sealed(master_, nonce, all.first(kAadSize), all.subspan(kAadSize + kNonceSize),
                       plain) &&
           plain.size() == kKeySize;
    }
    if (!ok) {
      ++unreadable;
      continue;
    }
    DataKey k;
    k.id = id;
    k.created_at_ms = static_cast<int64_t>(get_be(bytes->data() + 12));
    std::memcpy(k.key.data(), plain.data(), kKeySize);
    wipe(plain.data(), plain.size());
    if (newest_ == 0 || k.created_at_ms >= keys_[newest_].created_at_ms) newest_ = id;
    keys_[id] = k;
  }
  if (ec) return Status::error(Errc::io, "spool: cannot list the spool directory");
  if (files > 0 && keys_.empty())
    return Status::error(Errc::wrong_key, "spool: the master key opens none of the " +
                                              std::to_string(files) + " key files");
  return {};
}

const DataKey* KeyRing::find(uint64_t id) const {
  auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : &it->second;
}

const DataKey* KeyRing::current(int64_t now_ms, int64_t rotation_ms, Status& status) {
  if (newest_ != 0) {
    const DataKey& k = keys_.at(newest_);
    if (now_ms >= k.created_at_ms && now_ms - k.created_at_ms < rotation_ms) return &k;
  }
  DataKey k;
  k.created_at_ms = now_ms;
  uint8_t id_bytes[8];
  do {
    if (!random_bytes(id_bytes) || !random_bytes(k.key)) {
      status = Status::error(Errc::crypto, "spool: no randomness for a new data key");
      return nullptr;
    }
    k.id = get_be(id_bytes);
  } while (k.id == 0 || keys_.count(k.id) != 0);
  std::vector<uint8_t> file(kMagic, kMagic + 4);
  put_be(file, k.id);
  put_be(file, static_cast<uint64_t>(k.created_at_ms));
  Nonce nonce{};
  std::vector<uint8_t> sealed;
  if (!random_bytes(nonce) ||
      !seal(master_, nonce, std::span<const uint8_t>(file.data(), kAadSize), k.key, sealed)) {
    status = Status::error(Errc::crypto, "spool: cannot wrap a new data key");
    return nullptr;
  }
  file.insert(file.end(), nonce.begin(), nonce.end());
  file.insert(file.end(), sealed.begin(), sealed.end());
  if (!create_durable(dir_ / file_name(k.id), file)) {
    wipe(k.key.data(), k.key.size());
    status = Status::error(Errc::io, "spool: cannot write a new key file");
    return nullptr;
  }
  newest_ = k.id;
  return &(keys_[k.id] = k);
}

std::vector<uint64_t> KeyRing::destroy_expired(int64_t now_ms, int64_t rotation_ms,
                                               int64_t retention_ms) {
  std::vector<uint64_t> destroyed;
  for (auto it = keys_.begin(); it != keys_.end();) {
    if (now_ms - it->second.created_at_ms < rotation_ms + retention_ms) {
      ++it;
      continue;
    }
    shred_file(dir_ / file_name(it->first));
    wipe(it->second.key.data(), it->second.key.size());
    destroyed.push_back(it->first);
    if (newest_ == it->first) newest_ = 0;
    it = keys_.erase(it);
  }
  return destroyed;
}

}  // namespace weft::spool
