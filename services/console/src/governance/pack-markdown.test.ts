import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chartName, packBlocks, svgLabel } from './pack-markdown.ts'

const example = readFileSync(
  join(import.meta.dirname, '../../../../docs/examples/stratus-monthly-2026-03.md'),
  'utf8'
)

describe('review pack Markdown', () => {
  it('reads the monthly example pack into headings, tables and its charts', () => {
    const blocks = packBlocks(example)
    expect(blocks[0]).toEqual({
      kind: 'heading',
      level: 1,
      text: 'Stratus Cloud: monthly service review, 2026-03',
    })
    const summary = blocks.find((b) => b.kind === 'table')
    expect(summary).toMatchObject({ header: ['figure', 'value'] })
    expect(summary!.kind === 'table' && summary!.rows).toContainEqual([
      'credits owed',
      'USD 2,400.00',
    ])
    const charts = blocks.filter((b) => b.kind === 'chart')
    expect(charts.map((c) => c.kind === 'chart' && c.label)).toEqual([
      'Stratus Cloud: attainment by month',
      'Time held per party, incidents Stratus Cloud touched (2026-03)',
    ])
    expect(charts[0]!.kind === 'chart' && charts[0]!.src).toMatch(
      /^data:image\/svg\+xml;charset=utf-8,%3Csvg/
    )
    // Nothing of a chart leaks into the text blocks.
    expect(JSON.stringify(blocks.filter((b) => b.kind !== 'chart'))).not.toContain('<svg')
  })

  it('keeps paragraphs and lists, drops inline markup, and unescapes pipes in cells', () => {
    expect(
      packBlocks(
        'Intro **bold** and `code`\nwraps here.\n\n- one\n- [two](x)\n\n| a | b |\n| --- | --- |\n| x \\| y | 2 |'
      )
    ).toEqual([
      { kind: 'paragraph', text: 'Intro bold and code wraps here.' },
      { kind: 'list', items: ['one', 'two'] },
      { kind: 'table', header: ['a', 'b'], rows: [['x | y', '2']] },
    ])
  })

  it('names a chart by its aria-label, else its title', () => {
    expect(svgLabel('<svg><title>A &amp; B</title></svg>')).toBe('A & B')
    expect(svgLabel('<svg></svg>')).toBe('chart')
  })

  it('names a chart file by its own part', () => {
    expect(chartName('stratus-2026-03-attainment.svg')).toBe('attainment')
    expect(chartName('quarterly-2026-Q1-uc-attainment.svg')).toBe('uc-attainment')
    expect(chartName('weekly-2026-W10-breaches.svg')).toBe('breaches')
    expect(chartName('other.svg')).toBe('other')
  })
})
