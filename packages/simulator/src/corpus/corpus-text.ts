import type { Random } from './random.js'

// Chat is mostly ASCII; some messages carry emoji (astral: surrogate pairs) or other scripts.
// Those make V8 build two-byte strings and catch codecs that mishandle UTF-8 or surrogates.
const words = [
  'the', 'a', 'to', 'and', 'is', 'it', 'you', 'that', 'i', 'in', 'of', 'for', 'on', 'this', 'with', 'lol',
  'what', 'just', 'not', 'be', 'have', 'are', 'was', 'so', 'but', 'do', 'can', 'if', 'we', 'they', 'my',
  'yeah', 'no', 'get', 'like', 'one', 'me', 'at', 'all', 'about', 'know', 'how', 'time', 'now', 'think',
  'server', 'bot', 'game', 'play', 'anyone', 'tonight', 'update', 'patch', 'raid', 'build', 'channel',
  'voice', 'stream', 'music', 'queue', 'role', 'mod', 'ping', 'link', 'video', 'meme', 'guild', 'event',
  'thanks', 'nice', 'gg', 'wp', 'bruh', 'wait', 'really', 'maybe', 'later', 'tomorrow', 'weekend', 'again',
  'working', 'broken', 'fixed', 'deploy', 'error', 'crash', 'lag', 'ranked', 'match', 'team', 'win', 'lost',
] as const
const foreignWords = ['café', 'naïve', 'über', 'señor', 'straße', 'déjà', 'não', 'привет', 'спасибо', 'こんにちは', 'ありがとう', '你好', '谢谢'] as const
const emoji = ['😂', '🔥', '👍', '❤️', '🎉', '😭', '💀', '🙏', '✨', '👀'] as const

const sentenceEnds = ['', '', '', '.', '!', '?', '...', ' :)', ' 😅'] as const

const nameParts = [
  'shadow', 'pixel', 'nova', 'lunar', 'frost', 'ember', 'echo', 'byte', 'storm', 'raven', 'sky', 'zen',
  'cosmic', 'neon', 'void', 'blaze', 'kiwi', 'mango', 'panda', 'tiger', 'wolf', 'fox', 'owl', 'cat',
  'dev', 'gamer', 'king', 'queen', 'ninja', 'wizard', 'ghost', 'knight', 'rogue', 'sage', 'hex', 'glitch',
] as const

const displayNames = [
  'Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Riley', 'Casey', 'Jamie', 'Avery', 'Quinn', 'Max', 'Charlie',
  'Léa', 'Zoë', 'José', 'Björn', 'Алина', 'Дмитрий', 'さくら', '小明', 'Mia ✨', 'Kai 🌊', 'Noor', 'Mateo',
] as const

/** A username in the post-migration style: lowercase, digits, dots and underscores. */
export function randomUsername(random: Random): string {
  const base = random.pick(nameParts) + (random.chance(0.5) ? random.pick(['', '_', '.']) + random.pick(nameParts) : '')
  return random.chance(0.6) ? `${base}${random.int(1, 9999)}` : base
}

/** A display name (`global_name` or a nickname): often absent, sometimes non-ASCII. */
export function randomDisplayName(random: Random): string | null {
  if (random.chance(0.3)) return null
  return random.chance(0.7) ? random.pick(displayNames) : `${random.pick(displayNames)} | ${random.pick(nameParts)}`
}

/** A lowercase channel or role style name such as `general-chat`. */
export function randomSlug(random: Random): string {
  return random.chance(0.5) ? random.pick(nameParts) : `${random.pick(nameParts)}-${random.pick(words.slice(45, 70))}`
}

/**
 * `count` words joined by spaces, ASCII unless asked otherwise.
 * @param foreign - share of words from other scripts or with accents
 * @param emojiShare - share of emoji among the words
 */
export function randomWords(random: Random, count: number, foreign = 0, emojiShare = 0): string {
  let out = ''
  for (let i = 0; i < count; i++) {
    const roll = random.next()
    const word = roll < emojiShare ? random.pick(emoji) : roll < emojiShare + foreign ? random.pick(foreignWords) : random.pick(words)
    out += (i === 0 ? '' : ' ') + word
  }
  return out
}

/** A sentence: a handful of words and an ending. */
export function randomSentence(random: Random): string {
  return randomWords(random, random.int(3, 14)) + random.pick(sentenceEnds)
}

/**
 * Message text whose length follows chat: mostly a few words, sometimes a paragraph, rarely a
 * wall of text near the 2000-character limit. About 70% are pure ASCII, 20% carry emoji and
 * 10% are in other scripts. Custom emoji and links appear at times.
 */
export function randomContent(random: Random, emojiIds: readonly string[]): string {
  const roll = random.next()
  const count = roll < 0.45 ? random.int(1, 8) : roll < 0.87 ? random.int(9, 50) : random.int(51, 360)
  const flavour = random.next()
  let text = flavour < 0.7 ? randomWords(random, count) : flavour < 0.9 ? randomWords(random, count, 0, 0.1) : randomWords(random, count, 0.5, 0.05)
  if (random.chance(0.06)) text += ` <:${random.pick(nameParts)}:${random.pick(emojiIds)}>`
  if (random.chance(0.05)) text += ` https://example.com/${random.pick(nameParts)}/${random.int(1000, 999999)}`
  // Cut at a space so the limit never splits a surrogate pair.
  return text.length > 2000 ? text.slice(0, text.lastIndexOf(' ', 2000)) : text
}
