#ifndef CPREFETCH_H
#define CPREFETCH_H

/* A hint that `p` will be written soon: the pin table's decoder asks for a hash slot's cache
   line as soon as it has read a CID or name, and uses it after the rest of the line (~1 KB)
   is parsed, so the cache miss overlaps the parsing. Swift has no prefetch of its own. */
static inline void cp_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
