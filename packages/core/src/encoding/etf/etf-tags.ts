/**
 * The tags of the Erlang External Term Format that shardwire reads or writes, by their names
 * in the Erlang documentation ("External Term Format", erts). Every term starts with one of
 * these bytes; a whole message starts with {@link etfTags.VERSION}.
 */
export const etfTags = {
  /** First byte of every message: format version 131. */
  VERSION: 131,
  /** IEEE 754 double, 8 bytes big-endian. */
  NEW_FLOAT: 70,
  /** 4-byte uncompressed size, then a zlib stream holding one term (without a version byte). */
  COMPRESSED: 80,
  /** Unsigned 8-bit integer. */
  SMALL_INTEGER: 97,
  /** Signed 32-bit integer, big-endian. */
  INTEGER: 98,
  /** Old float: 31 bytes of text as printed by `%.20e`, NUL-padded. */
  FLOAT: 99,
  /** Atom, 2-byte length, Latin-1 (deprecated by Erlang, still decodable). */
  ATOM: 100,
  /** Tuple of up to 255 elements. */
  SMALL_TUPLE: 104,
  /** Tuple with a 4-byte arity. */
  LARGE_TUPLE: 105,
  /** The empty list `[]`: also the tail of every proper list. */
  NIL: 106,
  /** A list of bytes (integers 0..255), 2-byte length: Erlang's compact form for such lists. */
  STRING: 107,
  /** List: 4-byte length, the elements, then the tail (NIL for a proper list). */
  LIST: 108,
  /** Byte string, 4-byte length: the gateway's strings, UTF-8. */
  BINARY: 109,
  /** Integer of up to 255 bytes: 1-byte length, sign byte, little-endian magnitude. */
  SMALL_BIG: 110,
  /** Integer with a 4-byte length, sign byte, little-endian magnitude. */
  LARGE_BIG: 111,
  /** Atom, 1-byte length, Latin-1 (deprecated by Erlang, still decodable). */
  SMALL_ATOM: 115,
  /** Map: 4-byte pair count, then key, value, key, value... */
  MAP: 116,
  /** Atom, 2-byte length, UTF-8 (what Erlang/OTP 26+ emits). */
  ATOM_UTF8: 118,
  /** Atom, 1-byte length, UTF-8 (what Erlang/OTP 26+ emits). */
  SMALL_ATOM_UTF8: 119,
} as const satisfies Record<string, number>
