/** A table's header: one row with a column header for each of `columns`, in order. */
export function TableHead({ columns }: { columns: ReadonlyArray<string> }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope='col'>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  )
}
