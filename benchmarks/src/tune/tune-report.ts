import type { Recommendation, TuneRow } from './recommend.js'

type Measured = TuneRow & { readonly usPerEvent: number; readonly bytesPerEvent: number }

const isMeasured = (row: TuneRow): row is Measured => row.usPerEvent !== null && row.bytesPerEvent !== null

/** Measured rows by CPU per event, cheapest first, then the rows that could not run. */
export function rankRows(rows: readonly TuneRow[]): TuneRow[] {
  const measured = rows.filter(isMeasured).sort((a, b) => a.usPerEvent - b.usPerEvent)
  return [...measured, ...rows.filter((row) => !isMeasured(row))]
}

function formatRate(eventsPerSecond: number): string {
  if (eventsPerSecond >= 1e6) return `${(eventsPerSecond / 1e6).toFixed(2)}M`
  if (eventsPerSecond >= 1e3) return `${(eventsPerSecond / 1e3).toFixed(1)}k`
  return eventsPerSecond.toFixed(0)
}

/**
 * The ranked table: CPU per event, events per second per core (1e6 / µs), bytes per event on
 * the wire, each against the best row; the recommended row marked.
 */
export function formatTuneTable(rows: readonly TuneRow[], recommended: TuneRow | null): string {
  const ranked = rankRows(rows)
  const measured = ranked.filter(isMeasured)
  const leastCpu = Math.min(...measured.map((r) => r.usPerEvent))
  const leastBytes = Math.min(...measured.map((r) => r.bytesPerEvent))
  const header = ['#', 'pair', 'backend', 'µs/event', 'events/s/core', 'CPU vs best', 'B/event', 'bytes vs least', '']
  const table = ranked.map((row, i): string[] => {
    if (!isMeasured(row)) return ['-', row.label, row.backend ?? '-', '-', '-', '-', '-', '-', row.unavailable ?? '']
    const note = row === recommended ? '<- recommended' : row.selectable ? '' : '(not what this runtime picks)'
    return [
      String(i + 1), row.label, row.backend ?? '-', row.usPerEvent.toFixed(2), formatRate(1e6 / row.usPerEvent), `${(row.usPerEvent / leastCpu).toFixed(2)}x`,
      row.bytesPerEvent.toFixed(0), `${(row.bytesPerEvent / leastBytes).toFixed(2)}x`, note,
    ]
  })
  const right = new Set([0, 3, 4, 5, 6, 7])
  const last = header.length - 1
  const widths = header.map((h, i) => (i === last ? 0 : Math.max(h.length, ...table.map((cells) => (cells[i] as string).length))))
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (right.has(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join('  ').trimEnd()
  return [line(header), ...table.map(line)].join('\n')
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * A bar chart of the ranked rows as a standalone SVG: CPU per event (left) and bytes per event
 * (right), the recommended pair highlighted. Hand-written, so no browser or library is needed.
 */
export function renderTuneSvg(rows: readonly TuneRow[], recommendation: Recommendation | null, title: string): string {
  const ranked = rankRows(rows)
  const measured = ranked.filter(isMeasured)
  const maxCpu = Math.max(...measured.map((r) => r.usPerEvent), 1e-9)
  const maxBytes = Math.max(...measured.map((r) => r.bytesPerEvent), 1e-9)
  const rowHeight = 26
  const top = 64
  const labelWidth = 230
  const barWidth = 300
  const gap = 110
  const width = labelWidth + 2 * barWidth + gap + 40
  const height = top + ranked.length * rowHeight + 50
  const cpuX = labelWidth
  const bytesX = labelWidth + barWidth + gap
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${cpuX}" y="${top - 12}" font-weight="bold">CPU per event (µs, lower is better)</text>`,
    `<text x="${bytesX}" y="${top - 12}" font-weight="bold">bytes per event on the wire (lower is better)</text>`,
  ]
  ranked.forEach((row, i) => {
    const y = top + i * rowHeight
    const chosen = recommendation !== null && row === recommendation.row
    parts.push(`<text x="10" y="${y + 16}"${chosen ? ' font-weight="bold"' : ''}>${escapeXml(`${chosen ? '» ' : ''}${row.label}`)}</text>`)
    if (!isMeasured(row)) {
      parts.push(`<text x="${cpuX}" y="${y + 16}" fill="#888888">${escapeXml(row.unavailable ?? 'not measured')}</text>`)
      return
    }
    const cpu = Math.max(1, (row.usPerEvent / maxCpu) * barWidth)
    const bytes = Math.max(1, (row.bytesPerEvent / maxBytes) * barWidth)
    parts.push(
      `<rect x="${cpuX}" y="${y + 4}" width="${cpu.toFixed(1)}" height="16" fill="${chosen ? '#1f5fbf' : '#7aa6e0'}"/>`,
      `<text x="${(cpuX + cpu + 4).toFixed(1)}" y="${y + 16}">${row.usPerEvent.toFixed(2)}</text>`,
      `<rect x="${bytesX}" y="${y + 4}" width="${bytes.toFixed(1)}" height="16" fill="${chosen ? '#c0631a' : '#f0b27a'}"/>`,
      `<text x="${(bytesX + bytes + 4).toFixed(1)}" y="${y + 16}">${row.bytesPerEvent.toFixed(0)}</text>`,
    )
  })
  const footer = recommendation === null ? 'no recommendation: nothing could be measured' : `recommended: ${recommendation.row.label}`
  parts.push(`<text x="10" y="${height - 18}">${escapeXml(footer)}</text>`, '</svg>')
  return `${parts.join('\n')}\n`
}
