import { describe, expect, it } from 'vitest'
import {
  packFileBase,
  packSummary,
  renderPackEmail,
  renderPackHtml,
} from './render-review-pack-message.ts'

const markdown = [
  '# Stratus Cloud: monthly service review, 2026-03',
  '',
  'Period **2026-03**, `UTC`.',
  '',
  '## Summary',
  '',
  '| figure | value |',
  '| --- | --- |',
  '| breaches attributed | 2 |',
  '| credits owed | USD 2,400.00 |',
  '',
  '<svg xmlns="http://www.w3.org/2000/svg"><title>trend</title></svg>',
].join('\n')

describe('review pack messages', () => {
  it('renders headings, tables and inline charts as HTML, escaping everything else', () => {
    const html = renderPackHtml(`${markdown}\n| <script>alert(1)</script> | x |`)
    expect(html).toContain('<h1>Stratus Cloud: monthly service review, 2026-03</h1>')
    expect(html).toContain('<p>Period <strong>2026-03</strong>, <code>UTC</code>.</p>')
    expect(html).toContain(
      '<thead><tr><th>figure</th><th>value</th></tr></thead><tbody><tr><td>breaches attributed</td><td>2</td></tr>'
    )
    expect(html).toContain(
      '<div><svg xmlns="http://www.w3.org/2000/svg"><title>trend</title></svg></div>'
    )
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>')
  })

  it('summarises the first table for chat channels and names the attachments after the pack key', () => {
    expect(packSummary(markdown)).toEqual([
      { label: 'breaches attributed', value: '2' },
      { label: 'credits owed', value: 'USD 2,400.00' },
    ])
    expect(packFileBase('weekly/*/week of 2026-03-02')).toBe('weekly-all-week-of-2026-03-02')
    const mail = renderPackEmail(
      {
        key: 'monthly/stratus/2026-03',
        kind: 'monthly',
        party: 'stratus',
        periodLabel: '2026-03',
        title: 'T',
        markdown,
        csv: 'a,b',
        charts: [{ name: 'trend', svg: '<svg/>' }],
      },
      'http://console:4000/'
    )
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['monthly-stratus-2026-03.csv', 'text/csv; charset=utf-8'],
      ['monthly-stratus-2026-03-trend.svg', 'image/svg+xml'],
    ])
    expect(mail.text).toContain(
      'Open in Baton: http://console:4000/graphql?reviewPack=monthly%2Fstratus%2F2026-03'
    )
  })
})
