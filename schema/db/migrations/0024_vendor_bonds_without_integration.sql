-- Every vendor involved in an incident is bonded to it, also one without an integration (it works
-- in the console's vendor portal): a VENDOR token sees the incidents its party is bonded to, and
-- only parties with an integration were bonded before. This bonds such vendors to the incidents
-- they held or were offered a hand-off in; the next event of an open incident bonds the rest.
INSERT INTO bonds (incident_id, party_id)
SELECT i.id, p.id
FROM incidents i
JOIN parties p ON p.id = i.holder_party_id
WHERE p.kind <> 'RETAINED' AND p.integration IS NULL
UNION
SELECT h.incident_id, p.id
FROM handoffs h
JOIN parties p ON p.id IN (h.from_party_id, h.to_party_id)
WHERE p.kind <> 'RETAINED' AND p.integration IS NULL
ON CONFLICT DO NOTHING;
