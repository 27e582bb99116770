/** What {@link peekDispatch} reads of a dispatch without decoding it. */
export interface DispatchHead {
  /** The dispatch's event name. */
  readonly t: string
  /** The dispatch's sequence number. */
  readonly s: number
}

const quote = 0x22
const colon = 0x3a
const comma = 0x2c
const openBrace = 0x7b
const closeBrace = 0x7d

// Event names are upper-case ASCII; anything else (an escape, a space) sends the text to the decoder.
function isNameChar(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

interface Found {
  t?: string
  s?: number
  op?: number
}

function note(found: Found, key: string, value: string | number | null): boolean {
  if (key === 't' && typeof value === 'string') found.t = value
  else if (key === 's' && typeof value === 'number') found.s = value
  else if (key === 'op' && typeof value === 'number') found.op = value
  else return false
  return true
}

// Reads `"key":` at `at`; returns the key and the index after the colon, or null.
function keyAt(text: string, at: number): { key: string; next: number } | null {
  if (text.charCodeAt(at) !== quote) return null
  const end = text.indexOf('"', at + 1)
  if (end === -1 || end - at > 3 || text.charCodeAt(end + 1) !== colon) return null
  return { key: text.slice(at + 1, end), next: end + 2 }
}

// Forwards from the opening brace over the members Discord sends first (`{"t":…,"s":…,"op":0,"d":…}`).
function scanFront(text: string, found: Found): void {
  let at = 1
  for (;;) {
    const key = keyAt(text, at)
    if (key === null || key.key === 'd') return
    let end = key.next
    let value: string | number | null
    if (text.charCodeAt(end) === quote) {
      end++
      while (isNameChar(text.charCodeAt(end))) end++
      if (text.charCodeAt(end) !== quote) return
      value = text.slice(key.next + 1, end)
      end++
    } else {
      while (isDigit(text.charCodeAt(end))) end++
      if (end === key.next) return
      value = Number(text.slice(key.next, end))
    }
    if (!note(found, key.key, value) || text.charCodeAt(end) !== comma) return
    at = end + 1
  }
}

// Backwards from the closing brace over scalar members sent after `d` (`{"op":0,"d":…,"s":…,"t":…}`).
// Each structural character checked is never a backslash, so an escaped quote inside `d` stops the scan.
function scanBack(text: string, found: Found): void {
  let end = text.length - 1
  for (;;) {
    let start = end
    let value: string | number | null
    if (text.charCodeAt(end - 1) === quote) {
      start = end - 2
      while (isNameChar(text.charCodeAt(start))) start--
      if (text.charCodeAt(start) !== quote) return
      value = text.slice(start + 1, end - 1)
    } else {
      while (isDigit(text.charCodeAt(start - 1))) start--
      if (start === end) return
      value = Number(text.slice(start, end))
    }
    // `"key":` before the value, then `,` or the opening brace.
    if (text.charCodeAt(start - 1) !== colon || text.charCodeAt(start - 2) !== quote) return
    const keyStart = text.lastIndexOf('"', start - 3)
    if (keyStart === -1 || start - 2 - keyStart > 3) return
    const before = text.charCodeAt(keyStart - 1)
    if ((before !== comma && before !== openBrace) || !note(found, text.slice(keyStart + 1, start - 2), value)) return
    if (before === openBrace) return
    end = keyStart - 1
  }
}

/**
 * The name and sequence of a JSON dispatch, read from its text without decoding it, so that a
 * dispatch nobody needs is never parsed. It reads the top-level scalar members before `d` and
 * after it, and gives up (null) on anything unusual: another opcode, whitespace, escapes. A
 * null means "decode it", never a wrong answer.
 */
export function peekDispatch(text: string): DispatchHead | null {
  if (text.charCodeAt(0) !== openBrace || text.charCodeAt(text.length - 1) !== closeBrace) return null
  const found: Found = {}
  scanFront(text, found)
  if (found.t === undefined || found.s === undefined || found.op === undefined) scanBack(text, found)
  if (found.op !== 0 || found.t === undefined || found.s === undefined) return null
  return { t: found.t, s: found.s }
}
