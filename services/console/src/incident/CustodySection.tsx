import { useMemo } from 'react'
import type { LaneParty } from './swimlane-layout.ts'
import {
  axisEnd,
  axisStart,
  breachInputs,
  custodyInputs,
  handoffInputs,
  type SwimlaneSource,
} from './swimlane-inputs.ts'
import { SectionCard } from './SectionCard.tsx'
import { Swimlanes } from './Swimlanes.tsx'

/**
 * The custody card of the incident page and the what-if answer: the source's custody, hand-offs
 * and breaches as swimlanes on `lanes`, from the opening to the close, else to `now`.
 */
export function CustodySection({
  source,
  lanes,
  now,
}: {
  source: SwimlaneSource
  lanes: ReadonlyMap<string, LaneParty>
  now: number
}) {
  const custody = useMemo(() => custodyInputs(source), [source])
  const handoffs = useMemo(() => handoffInputs(source), [source])
  const breaches = useMemo(() => breachInputs(source), [source])
  const end = useMemo(() => axisEnd(source, now), [source, now])
  return (
    <SectionCard id='custody' title='Custody'>
      <Swimlanes
        custody={custody}
        handoffs={handoffs}
        breaches={breaches}
        parties={lanes}
        start={axisStart(source)}
        end={end}
      />
    </SectionCard>
  )
}
