#include <common/sealed_box.hpp>

#include <sodium.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace cordgate::common {
namespace {

void ensure_sodium() {
    // sodium_init() is idempotent and thread-safe; a negative result means no usable RNG.
    if (sodium_init() < 0) throw SealedBoxError("libsodium could not be initialised");
}

std::vector<std::uint8_t> from_base64(std::string_view text, const char* what) {
    std::vector<std::uint8_t> out(text.size());
    std::size_t len = 0;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), " \r\n", &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        throw SealedBoxError(std::string(what) + " is not valid base64");
    }
    out.resize(len);
    return out;
}

template <std::size_t N>
void decode_key(std::string_view b64, std::array<std::uint8_t, N>& out, const std::string& what) {
    auto bytes = from_base64(b64, what.c_str());
    if (bytes.size() != N) {
        sodium_memzero(bytes.data(), bytes.size());
        throw SealedBoxError(what + " has " + std::to_string(bytes.size()) + " bytes, expected " +
                             std::to_string(N));
    }
    std::memcpy(out.data(), bytes.data(), N);
    sodium_memzero(bytes.data(), bytes.size());
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw SealedBoxError("cannot read key file " + path.string() + ": " + std::strerror(errno));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Writes with O_EXCL and an explicit mode: the secret must never exist with wider permissions,
// not even for an instant between create and chmod.
void write_new_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        throw SealedBoxError("cannot create key file " + path.string() + ": " +
                             std::strerror(errno));
    }
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int err = errno;
            ::close(fd);
            throw SealedBoxError("cannot write key file " + path.string() + ": " +
                                 std::strerror(err));
        }
        done += static_cast<std::size_t>(n);
    }
    ::fchmod(fd, mode);  // the umask may have narrowed the mode given to open()
    ::close(fd);
}

std::string_view line_value(std::string_view text, std::string_view key) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (line.starts_with(key)) return line.substr(key.size());
        pos = end + 1;
    }
    return {};
}

}  // namespace

KeyPair::~KeyPair() {
    sodium_memzero(secret_key.data(), secret_key.size());
}

std::string to_base64(const std::uint8_t* data, std::size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

KeyPair create_key_pair(const std::filesystem::path& path) {
    ensure_sodium();
    KeyPair keys;
    crypto_box_keypair(keys.public_key.data(), keys.secret_key.data());
    std::string pub = to_base64(keys.public_key.data(), keys.public_key.size());
    std::string text = "public=" + pub +
                       "\nsecret=" + to_base64(keys.secret_key.data(), keys.secret_key.size()) +
                       "\n";
    write_new_file(path, text, 0600);
    wipe(text);
    std::filesystem::path pub_path = path;
    pub_path += ".pub";
    std::filesystem::remove(pub_path);
    write_new_file(pub_path, pub + "\n", 0644);
    return keys;
}

KeyPair load_or_create_key_pair(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) return create_key_pair(path);
    return load_key_pair(path);
}

KeyPair load_key_pair(const std::filesystem::path& path) {
    ensure_sodium();
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
        throw SealedBoxError("key file " + path.string() +
                             " is readable by group or others; chmod 600 it");
    }
    std::string text = read_file(path);
    KeyPair keys;
    try {
        decode_key(line_value(text, "public="), keys.public_key, "public key in " + path.string());
        decode_key(line_value(text, "secret="), keys.secret_key, "secret key in " + path.string());
    } catch (...) {
        wipe(text);
        throw;
    }
    wipe(text);
    return keys;
}

PublicKey load_public_key(const std::filesystem::path& path) {
    ensure_sodium();
    std::string text = read_file(path);
    std::string_view b64 = line_value(text, "public=");
    if (b64.empty()) {
        b64 = text;
        while (!b64.empty() && (b64.back() == '\n' || b64.back() == '\r')) b64.remove_suffix(1);
    }
    PublicKey key{};
    decode_key(b64, key, "public key in " + path.string());
    wipe(text);  // the file may be the key pair file, secret half included
    return key;
}

std::string seal(std::string_view clear, const PublicKey& recipient) {
    ensure_sodium();
    std::vector<std::uint8_t> sealed(clear.size() + crypto_box_SEALBYTES);
    if (crypto_box_seal(sealed.data(), reinterpret_cast<const unsigned char*>(clear.data()),
                        clear.size(), recipient.data()) != 0) {
        throw SealedBoxError("crypto_box_seal failed");
    }
    return to_base64(sealed.data(), sealed.size());
}

std::string open(std::string_view sealed_base64, const KeyPair& keys) {
    ensure_sodium();
    auto sealed = from_base64(sealed_base64, "sealed token");
    if (sealed.size() < crypto_box_SEALBYTES) throw SealedBoxError("sealed token is too short");
    std::string clear(sealed.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(clear.data()), sealed.data(),
                             sealed.size(), keys.public_key.data(), keys.secret_key.data()) != 0) {
        throw SealedBoxError(
            "sealed token does not open with this key pair (sealed to another "
            "key, or corrupted)");
    }
    return clear;
}

void wipe(std::string& secret) {
    if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
    secret.clear();
}

}  // namespace cordgate::common
