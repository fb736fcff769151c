// The spool's data keys. Each key is random, used for appends during one rotation period,
// and stored in the spool directory only wrapped under the caller's master key, one file
// per key (`key-<16 hex id>.key`, layout in FORMAT.md). A key is destroyed (file overwritten
// and deleted, memory wiped) once created_at + rotation + retention has passed, so every
// record sealed under it becomes unreadable (crypto-shredding).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <vector>

#include "daemon/spool/crypto.h"
#include "daemon/spool/status.h"

namespace weft::spool {

struct DataKey {
  uint64_t id = 0;
  int64_t created_at_ms = 0;
  Key key{};
};

class KeyRing {
 public:
  KeyRing(std::filesystem::path dir, const Key& master);
  ~KeyRing();
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  // Reads every key file. Fails with wrong_key if there are key files and none opens under
  // the master key; a single file that does not open is counted in `unreadable` and left.
  Status load(std::size_t& unreadable);

  const DataKey* find(uint64_t id) const;
  // The key for appends at `now`: the newest one if it is younger than `rotation_ms`,
  // otherwise a new key, written durably before it is returned.
  const DataKey* current(int64_t now_ms, int64_t rotation_ms, Status& status);
  // Destroys every key whose window (created + rotation + retention) has closed at `now`.
  std::vector<uint64_t> destroy_expired(int64_t now_ms, int64_t rotation_ms, int64_t retention_ms);
  std::size_t size() const { return keys_.size(); }

  static std::filesystem::path file_name(uint64_t id);

 private:
  std::filesystem::path dir_;
  Key master_;
  std::map<uint64_t, DataKey> keys_;
  uint64_t newest_ = 0;  // id of the most recently created key, 0 if none
};

}  // namespace weft::spool
