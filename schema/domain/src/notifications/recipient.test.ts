import { describe, expect, it } from 'vitest'
import { formatRecipient, recipientOf } from './recipient.ts'

describe('recipients', () => {
  it('carries party, desk, contact, name, preferred channel and e-mail address, never a URL', () => {
    const webhookFirst = recipientOf('vistula', 'p1-on-call', {
      slug: 'ola',
      name: 'Ola Nowak',
      roles: [],
      channels: [
        { kind: 'webhook', url: 'https://hooks.example/secret-path' },
        { kind: 'email', address: 'ola@vistula.example' },
      ],
    })
    expect(webhookFirst).toEqual({
      party: 'vistula',
      desk: 'p1-on-call',
      contact: 'ola',
      name: 'Ola Nowak',
      channel: 'webhook',
      address: 'ola@vistula.example',
    })
    expect(JSON.stringify(webhookFirst)).not.toContain('hooks.example')
  })

  it('keeps a name with angle brackets whole, and a contact without e-mail has no address', () => {
    const r = recipientOf('stratus', 'soc', {
      slug: 'night',
      name: 'Night desk <EU> lead',
      roles: [],
      channels: [{ kind: 'slack', url: 'https://hooks.slack.example/T1' }],
    })
    expect(r).toMatchObject({ name: 'Night desk <EU> lead', channel: 'slack', address: null })
    // The text is for people: the name alone, the brackets untouched.
    expect(formatRecipient(r)).toBe('Night desk <EU> lead')
    expect(formatRecipient({ name: 'Ops <EU>', address: 'ops@x.example' })).toBe(
      'Ops <EU> <ops@x.example>'
    )
  })

  it('formats a recipient with an address and no name as the address alone, in brackets', () => {
    const r = recipientOf('stratus', null, {
      slug: 'shared',
      name: '',
      roles: [],
      channels: [{ kind: 'email', address: 'shared@stratus.example' }],
    })
    expect(r).toMatchObject({ desk: null, channel: 'email', address: 'shared@stratus.example' })
    expect(formatRecipient(r)).toBe('<shared@stratus.example>')
  })
})
