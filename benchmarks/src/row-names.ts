// Row names shared by the cases and the targets, so a renamed row cannot silently drop a target.

/** Names of the fixed rows of the codec benchmark. */
export const rowNames = {
  jsonParseString: 'JSON.parse (string)',
  textDecoderJson: 'TextDecoder + JSON.parse (bytes)',
  decodeJson: 'decodeJson (bytes)',
  erlpack: 'erlpack.unpack (native)',
  decodeEtf: 'decodeEtf (ours)',
  zlibSyncString: 'raw zlib-sync (string)',
  zlibSyncBuffer: 'raw zlib-sync (Buffer)',
  nodeZlibSync: 'raw node:zlib, sync handle',
  nodeZlibAsync: 'node:zlib createInflate, async per message',
  nativeZstdSync: 'raw native zstd, sync handle',
  nativeZstdAsync: 'native zstd stream, async per message',
  fzstdRaw: 'raw fzstd Decompress',
  zlibSyncJson: 'raw zlib-sync (string) + JSON.parse',
  zlibSyncErlpack: 'raw zlib-sync (Buffer) + erlpack',
  nodeZlibJson: 'raw node:zlib sync + TextDecoder + JSON.parse',
  nativeZstdJson: 'raw native zstd sync + TextDecoder + JSON.parse',
} as const

/** The row of one of our decompressors. */
export const oursRow = (compression: 'zlib-stream' | 'zstd-stream', backend: string): string => `ours ${compression} [${backend}]`
