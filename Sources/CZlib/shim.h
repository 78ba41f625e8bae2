// zlib for the console's recordings (compressed, independently decodable chunks).
// A system module over Debian's zlib1g-dev rather than a package: Foundation on Linux already
// links libz into every Swift binary, so this adds no runtime dependency. Only the one-shot
// `compress2`, `uncompress`, `compressBound` and `crc32` are used; they are plain functions.
#include <zlib.h>
