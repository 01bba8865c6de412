// Runs `temporal server start-dev` on behalf of a launcher (npm start, the test run, a bench) and
// takes it down when the launcher goes away, however it goes: the launcher holds the write end of
// this process's stdin, so a SIGKILLed launcher ends stdin and the server is stopped (SIGTERM,
// then SIGKILL after 5 s) instead of living on with its ports and its SQLite file. The binary and
// its arguments come as JSON in BATON_DEV_SERVER_ARGV, so they appear on the server's command
// line only. SIGTERM and SIGINT are passed on; this process exits with the server's status.
import { spawn } from 'node:child_process'

const [binary, ...args] = JSON.parse(process.env.BATON_DEV_SERVER_ARGV ?? '[]')
if (!binary) {
  console.error('dev-server-keeper: BATON_DEV_SERVER_ARGV names no binary')
  process.exit(2)
}
const env = { ...process.env }
delete env.BATON_DEV_SERVER_ARGV
const server = spawn(binary, args, { stdio: ['ignore', 'ignore', 'inherit'], env })
let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  server.kill('SIGTERM')
  setTimeout(() => server.kill('SIGKILL'), 5_000).unref()
}
process.stdin.once('end', stop)
process.stdin.once('error', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
server.once('error', (error) => {
  console.error(`dev-server-keeper: ${error.message}`)
  process.exit(127)
})
server.once('exit', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' ? 0 : 1)))
