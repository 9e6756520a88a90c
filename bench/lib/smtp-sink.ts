// A counting SMTP sink in its own process (bench:notifications), so the receiving side does not share the sender's event loop.
// Prints its port on stdout; answers IPC 'count' with the number of messages received.
import { SMTPServer } from 'smtp-server';

let n = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      n += 1;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as { port: number }).port });
});
process.on('message', (m) => {
  if (m === 'count') process.send?.({ count: n });
  if (m === 'exit') server.close(() => process.exit(0));
});
