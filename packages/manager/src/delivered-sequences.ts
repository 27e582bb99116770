import type { SessionInfo, ShardDispatch } from '@shardwire/core'
import type { HandledSequences } from '@shardwire/worker'

interface Delivered {
  sessionId: string
  sequence: number
  /** READYs seen for the shard so far: matches the workers' count in `HandledSequences`. */
  generation: number
}

/**
 * The last sequence delivered from each shard, per session: to the main thread (seen here), or
 * to the handlers in the workers (read from `HandledSequences`). A worker saves its sessions on
 * a timer, so after a crash the saved sequence can lag what was already delivered: resuming from
 * it would replay (deliver twice) the events in between. Resuming from the latest of them keeps
 * delivery exactly once. READY always crosses to the main thread, so sessions are known here.
 */
export class DeliveredSequences {
  readonly #last = new Map<number, Delivered>()
  readonly #handled: HandledSequences | null

  constructor(handled: HandledSequences | null = null) {
    this.#handled = handled
  }

  /** Notes a dispatch delivered to the main thread. */
  note(shardId: number, payload: ShardDispatch): void {
    const last = this.#last.get(shardId)
    if (payload.t === 'READY') {
      this.#last.set(shardId, { sessionId: payload.d.session_id, sequence: payload.s, generation: (last?.generation ?? 0) + 1 })
    } else if (last !== undefined && payload.s > last.sequence) {
      last.sequence = payload.s
    }
  }

  /** `saved`, moved forward to the last sequence delivered on the same session. */
  resumePoint(shardId: number, saved: SessionInfo | null): SessionInfo | null {
    const last = this.#last.get(shardId)
    if (saved === null || last === undefined || last.sessionId !== saved.sessionId) return saved
    let sequence = Math.max(saved.sequence, last.sequence)
    const handled = this.#handled?.read(shardId)
    // Only when the workers counted as many READYs as seen here is their sequence this session's.
    if (handled !== undefined && handled.generation === last.generation) sequence = Math.max(sequence, handled.sequence)
    return sequence === saved.sequence ? saved : { ...saved, sequence }
  }
}
